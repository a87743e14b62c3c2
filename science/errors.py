"""Errors raised by the science package.

Every message is written for a teaching assistant, not a programmer: it says what is wrong with
the file and, where there is one, what to do about it.
"""


class ImageLoadError(ValueError):
    """A file could not be turned into an analysis image.

    ``reason`` is a short machine-readable code (``not_an_image``, ``truncated``, ``too_large``,
    ``unsupported_format``, ``empty``) so callers can group rejections; ``str(err)`` is the
    human-readable message.
    """

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
