"""Errors the worker sorts items by."""


class ItemError(Exception):
    """This item cannot succeed (bad or missing file): fail it with this message, do not retry."""


class TransientError(Exception):
    """Worth another try later (a busy database, a flaky disk): retry with back-off."""
