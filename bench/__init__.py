"""Benchmarks (`make bench`): ratios measured in one process, not timed tests."""
