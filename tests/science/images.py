"""Encoders for test files: each returns the bytes of a file in a given format and mode."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image


def encode(arr_or_img, fmt: str, **params) -> bytes:
    img = arr_or_img if isinstance(arr_or_img, Image.Image) else Image.fromarray(arr_or_img)
    buf = io.BytesIO()
    img.save(buf, fmt, **params)
    return buf.getvalue()


def gradient_rgb(w: int = 64, h: int = 48) -> np.ndarray:
    y, x = np.mgrid[0:h, 0:w]
    return np.stack([x * 255 // max(w - 1, 1), y * 255 // max(h - 1, 1), np.full_like(x, 90)], -1).astype(np.uint8)


def with_orientation(arr: np.ndarray, orientation: int) -> bytes:
    img = Image.fromarray(arr)
    exif = Image.Exif()
    exif[0x0112] = orientation
    return encode(img, "JPEG", quality=95, exif=exif)
