"""Mirror symmetry: Pearson correlation between the grey image and its mirror image.

``symmetry.vertical_score`` mirrors about the vertical axis (left-right flip),
``symmetry.horizontal_score`` about the horizontal axis (top-bottom flip), and
``symmetry.mean_score`` is their mean. Each lies in [-1, 1]: 1 for a mirror-symmetric image,
-1 for an antisymmetric one, about 0 for noise. A constant image equals its mirror and scores 1.

Notes
-----
Pixel correlation; it does not find symmetry about an off-centre axis. The original system's
scores mapped a cosine correlation to (c + 1) / 2 and never ran.

References
----------
Wagemans, J. (1995). Detection of visual symmetries. Spatial Vision 9(1), 9-32.
doi:10.1163/156856895X00098
"""

from __future__ import annotations

import numpy as np

from science.arrays import as_gray


def _centered(image) -> np.ndarray:
    gray = as_gray(image).astype(np.float32)
    return gray - np.float32(gray.mean(dtype=np.float64))


def _corr_with_flip(d: np.ndarray, axis: int) -> float:
    denom = float(np.vdot(d, d))
    if denom <= 0:
        return 1.0
    flipped = np.flip(d, axis=axis)
    return float(np.clip(np.vdot(d, np.ascontiguousarray(flipped)) / denom, -1.0, 1.0))


def mirror_correlation(image, *, axis: str = "vertical") -> float:
    """Pearson correlation of the grey image with its mirror about ``axis`` ("vertical" or "horizontal")."""
    if axis not in ("vertical", "horizontal"):
        raise ValueError(f"axis must be 'vertical' or 'horizontal', got {axis!r}")
    return _corr_with_flip(_centered(image), 1 if axis == "vertical" else 0)


def symmetry_scores(image) -> dict[str, float]:
    """``{"vertical_score", "horizontal_score", "mean_score"}`` of a grey or RGB image."""
    d = _centered(image)
    v = _corr_with_flip(d, 1)
    h = _corr_with_flip(d, 0)
    return {"vertical_score": v, "horizontal_score": h, "mean_score": (v + h) / 2}


def mirror_difference(image, *, axis: str = "vertical") -> np.ndarray:
    """|grey − mirrored grey| as uint8 (for plotting where the image breaks symmetry)."""
    if axis not in ("vertical", "horizontal"):
        raise ValueError(f"axis must be 'vertical' or 'horizontal', got {axis!r}")
    gray = as_gray(image).astype(np.int16)
    return np.abs(gray - np.flip(gray, axis=1 if axis == "vertical" else 0)).astype(np.uint8)
