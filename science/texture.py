"""Texture: grey-level co-occurrence matrix (GLCM) features of Haralick et al.

Fixed recipe (values at other settings are not comparable; contrast scales with levels²):

- grey (BT.601) quantised to ``levels = 32`` by ``q = grey * 32 // 256``;
- offsets at distance d and angles 0°, 45°, 90°, 135° (angle 0 is the right neighbour,
  90° the pixel above), symmetric, normalised (scikit-image ``graycomatrix``);
- each feature is averaged over the four angles;
- ``texture.micro.*`` at d = 1 px and ``texture.macro.*`` at d = 8 px of the 1024-px image.

Features with P the normalised GLCM: contrast Σ P (i-j)²; homogeneity Σ P / (1 + (i-j)²);
energy sqrt(Σ P²); correlation Σ P (i-μ)(j-μ) / σ² (1 when σ = 0, as in scikit-image);
entropy -Σ P log2 P in **bits** (scikit-image reports nats).

References
----------
Haralick, R. M., Shanmugam, K. & Dinstein, I. (1973). Textural features for image
classification. IEEE Trans. SMC 3(6), 610-621. doi:10.1109/TSMC.1973.4309314
"""

from __future__ import annotations

import numpy as np
from skimage.feature import graycomatrix

from science.arrays import as_gray

LEVELS = 32
ANGLES = (0.0, np.pi / 4, np.pi / 2, 3 * np.pi / 4)
SCALES = {"micro": 1, "macro": 8}
FEATURES = ("contrast", "homogeneity", "energy", "correlation", "entropy")


def glcm(image, *, levels: int = LEVELS, distances=(1,), angles=ANGLES) -> np.ndarray:
    """Normalised symmetric GLCM, shape (levels, levels, len(distances), len(angles))."""
    if not 2 <= int(levels) <= 256:
        raise ValueError(f"levels must be in 2..256, got {levels}")
    distances = [int(d) for d in distances]
    if not distances or min(distances) < 1:
        raise ValueError(f"distances must be positive integers, got {distances}")
    gray = as_gray(image)
    if max(distances) >= max(gray.shape):
        raise ValueError(f"distance {max(distances)} is not smaller than the image size {gray.shape}")
    quantised = (gray.astype(np.uint16) * levels // 256).astype(np.uint8)
    return graycomatrix(quantised, distances, list(angles), levels=levels, symmetric=True, normed=True)


def glcm_features(matrix: np.ndarray) -> dict[str, np.ndarray]:
    """Haralick features of each (distance, angle) slice; each value has shape (n_dist, n_angle)."""
    p = np.asarray(matrix, dtype=np.float64)
    p = p / np.maximum(p.sum(axis=(0, 1), keepdims=True), 1e-300)
    levels = p.shape[0]
    i = np.arange(levels, dtype=np.float64)[:, None, None, None]
    j = np.arange(levels, dtype=np.float64)[None, :, None, None]
    diff2 = (i - j) ** 2
    mu_i = (i * p).sum(axis=(0, 1))
    mu_j = (j * p).sum(axis=(0, 1))
    var_i = (((i - mu_i) ** 2) * p).sum(axis=(0, 1))
    var_j = (((j - mu_j) ** 2) * p).sum(axis=(0, 1))
    cov = ((i - mu_i) * (j - mu_j) * p).sum(axis=(0, 1))
    denom = np.sqrt(var_i * var_j)
    flat = denom < 1e-15
    correlation = np.where(flat, 1.0, cov / np.where(flat, 1.0, denom))
    logp = np.log2(p, out=np.zeros_like(p), where=p > 0)
    return {
        "contrast": (p * diff2).sum(axis=(0, 1)),
        "homogeneity": (p / (1.0 + diff2)).sum(axis=(0, 1)),
        "energy": np.sqrt((p * p).sum(axis=(0, 1))),
        "correlation": correlation,
        "entropy": np.maximum(0.0, -(p * logp).sum(axis=(0, 1))),
    }


def texture_features(image, *, levels: int = LEVELS, scales: dict[str, int] | None = None) -> dict[str, float]:
    """``{"micro.contrast": ..., "macro.entropy": ...}``: angle-averaged features per scale."""
    scales = SCALES if scales is None else scales
    names = list(scales)
    matrix = glcm(image, levels=levels, distances=[scales[n] for n in names])
    feats = glcm_features(matrix)
    return {f"{name}.{feat}": float(vals[k].mean()) for feat, vals in feats.items() for k, name in enumerate(names)}
