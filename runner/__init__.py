"""The runner: persistent worker processes that claim queued items and run the pipeline."""
