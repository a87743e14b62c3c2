"""Input validation and the colour conversions every family shares.

Public metric functions call these first, so every metric rejects bad input the same way:
a ``ValueError`` that names the parameter and says what was expected.

Conventions fixed here (part of every metric's definition):

- RGB input is 8-bit sRGB as encoded (gamma-encoded, 0-255); floats in [0, 255] are rounded.
- Grey is ITU-R BT.601 luma of the encoded values (OpenCV ``COLOR_RGB2GRAY``:
  0.299 R + 0.587 G + 0.114 B). For R = G = B it equals the channel exactly.
- CIELAB is D65, from OpenCV on float32 RGB in [0, 1]: L* in 0-100, a*, b* roughly -128..127.
- HSV is from OpenCV on float32 RGB in [0, 1]: hue in degrees [0, 360), S and V in [0, 1].
"""

from __future__ import annotations

import cv2
import numpy as np


def _finite_in_range(arr: np.ndarray, name: str, lo: float, hi: float) -> None:
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    if arr.dtype.kind == "f":
        if not np.isfinite(arr).all():
            raise ValueError(f"{name} contains NaN or infinite values")
        if arr.min() < lo or arr.max() > hi:
            raise ValueError(f"{name} values must lie in [{lo:g}, {hi:g}]")


def _to_uint8(arr: np.ndarray, name: str) -> np.ndarray:
    if arr.dtype == np.uint8:
        return arr
    if arr.dtype.kind not in "uif":
        raise ValueError(f"{name} must be a numeric array, got dtype {arr.dtype}")
    _finite_in_range(arr, name, 0, 255)
    if arr.dtype.kind in "ui" and (arr.min() < 0 or arr.max() > 255):
        raise ValueError(f"{name} values must lie in [0, 255]")
    return np.rint(arr).astype(np.uint8)


def _at_least_2x2(arr: np.ndarray, name: str) -> np.ndarray:
    if arr.shape[0] < 2 or arr.shape[1] < 2:
        raise ValueError(f"{name} must be at least 2×2 pixels, got {arr.shape[1]}×{arr.shape[0]}")
    return np.ascontiguousarray(_to_uint8(arr, name))


def as_rgb(image, name: str = "rgb") -> np.ndarray:
    """Return ``image`` as a C-contiguous (H, W, 3) uint8 array, or raise ValueError."""
    arr = np.asarray(image)
    if arr.ndim != 3 or arr.shape[2] != 3:
        raise ValueError(f"{name} must have shape (height, width, 3), got {arr.shape}")
    return _at_least_2x2(arr, name)


def as_gray(image, name: str = "image") -> np.ndarray:
    """Return a (H, W) uint8 grey image from grey or RGB input, or raise ValueError."""
    arr = np.asarray(image)
    if arr.ndim == 3:
        return rgb_to_gray(as_rgb(arr, name))
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D grey or (H, W, 3) RGB array, got shape {arr.shape}")
    return _at_least_2x2(arr, name)


def as_mask(mask, name: str = "mask") -> np.ndarray:
    """Return a 2-D bool array (non-zero is foreground), or raise ValueError."""
    arr = np.asarray(mask)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr != 0


def rgb_to_gray(rgb: np.ndarray) -> np.ndarray:
    """BT.601 luma of uint8 RGB (see module notes)."""
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)


def unit_float(rgb: np.ndarray) -> np.ndarray:
    """uint8 RGB as float32 in [0, 1] (the input of the colour conversions below)."""
    return rgb.astype(np.float32) * np.float32(1 / 255)


def rgb_to_lab(rgb: np.ndarray, *, rgb01: np.ndarray | None = None) -> np.ndarray:
    """CIELAB (D65) as float32: L* 0-100, a*, b*. Pass ``rgb01`` if already computed."""
    return cv2.cvtColor(unit_float(rgb) if rgb01 is None else rgb01, cv2.COLOR_RGB2Lab)


def rgb_to_hsv(rgb: np.ndarray, *, rgb01: np.ndarray | None = None) -> np.ndarray:
    """HSV as float32: hue in degrees [0, 360), S and V in [0, 1]. Pass ``rgb01`` if already computed."""
    return cv2.cvtColor(unit_float(rgb) if rgb01 is None else rgb01, cv2.COLOR_RGB2HSV)


def shannon_bits(counts: np.ndarray) -> float:
    """Shannon entropy in bits of a histogram of counts (0 for an empty histogram)."""
    counts = np.asarray(counts, dtype=np.float64).ravel()  # any shape of histogram
    total = counts.sum()
    if total <= 0:
        return 0.0
    p = counts[counts > 0] / total
    return float(max(0.0, -(p * np.log2(p)).sum()))
