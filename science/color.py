"""Colour metrics: lightness, contrast, colourfulness, hue entropy, saturation, warmth, gamut.

All take 8-bit sRGB (see :mod:`science.arrays` for the fixed conversions). The ``*_lab`` and
``*_hsv`` helpers take a precomputed conversion so the pipeline converts once.
"""

from __future__ import annotations

import cv2
import numpy as np

from science.arrays import as_rgb, rgb_to_hsv, rgb_to_lab, shannon_bits

HUE_BINS = 36
HUE_S_MIN = 0.1
HUE_V_MIN = 0.1
LAB_CELL = 10.0
LAB_MIN_SHARE = 1e-4
_OPPONENT = np.float32([[1.0, -1.0, 0.0], [0.5, 0.5, -1.0]])  # rg = R - G, yb = (R + G)/2 - B
_WARM_AXIS = np.float32([[0.0, 0.02 * np.cos(np.deg2rad(50.0)), 0.02 * np.sin(np.deg2rad(50.0))]])


def colorfulness(rgb) -> float:
    """Hasler & Süsstrunk colourfulness M3 of an sRGB image, >= 0 (unitless).

    ``rg = R - G``, ``yb = (R + G) / 2 - B`` on encoded values in 0-255;
    ``M = sqrt(sd_rg² + sd_yb²) + 0.3 sqrt(mean_rg² + mean_yb²)`` with population standard
    deviations. Any grey image scores 0.

    Parameters
    ----------
    rgb : array (H, W, 3)
        uint8, or float in [0, 255].

    Returns
    -------
    float
        0 for grey; the paper's anchors: slightly 15, moderately 33, averagely 45, quite 59,
        highly 82, extremely colourful 109.

    Notes
    -----
    Differs from the widely copied variant that takes absolute values of rg and yb.

    References
    ----------
    Hasler, D. & Süsstrunk, S. (2003). Measuring colourfulness in natural images. Proc. SPIE
    5007, 87-95. doi:10.1117/12.477378
    """
    # float32 holds 0-255 integers and their halves exactly, so a grey image gives exactly 0
    opponent = cv2.transform(as_rgb(rgb).astype(np.float32), _OPPONENT)  # (rg, yb) per pixel
    mean, std = cv2.meanStdDev(opponent)  # population statistics
    sd = float(np.hypot(*std.ravel()))
    mu = float(np.hypot(*mean.ravel()))
    return float(sd + 0.3 * mu)


def lightness_stats_lab(lab: np.ndarray) -> tuple[float, float]:
    """Mean and population standard deviation of L* (0-100)."""
    mean, std = cv2.meanStdDev(lab)
    return float(mean[0, 0]), float(std[0, 0])


def perceptual_lightness(rgb) -> float:
    """Mean CIELAB L* (D65) of the image, in [0, 100].

    References
    ----------
    CIE 15:2004 Colorimetry, 3rd ed. (CIELAB). No DOI (standard).
    """
    return lightness_stats_lab(rgb_to_lab(as_rgb(rgb)))[0]


def lightness_contrast(rgb) -> float:
    """RMS contrast: population standard deviation of L*, in [0, 50].

    References
    ----------
    Peli, E. (1990). Contrast in complex images. JOSA A 7(10), 2032-2040.
    doi:10.1364/JOSAA.7.002032
    """
    return lightness_stats_lab(rgb_to_lab(as_rgb(rgb)))[1]


def hue_histogram_hsv(hsv: np.ndarray, *, bins: int = HUE_BINS, s_min: float = HUE_S_MIN,
                      v_min: float = HUE_V_MIN) -> np.ndarray:
    """Counts of chromatic pixels (S >= s_min and V >= v_min) in ``bins`` equal hue bins."""
    if bins < 1:
        raise ValueError(f"bins must be >= 1, got {bins}")
    if not (0 <= s_min <= 1 and 0 <= v_min <= 1):
        raise ValueError(f"s_min and v_min must lie in [0, 1], got {s_min}, {v_min}")
    mask = cv2.inRange(hsv, (0.0, float(s_min), float(v_min)), (360.0, 1.0, 1.0))
    hist = cv2.calcHist([hsv], [0], mask, [bins], [0.0, 360.0])
    return hist.ravel().astype(np.int64)


def hue_entropy(rgb, *, bins: int = HUE_BINS, s_min: float = HUE_S_MIN, v_min: float = HUE_V_MIN) -> float:
    """Shannon entropy of the hue histogram of chromatic pixels, in bits, [0, log2(bins)].

    Pixels with saturation below ``s_min`` or value below ``v_min`` have no meaningful hue and
    are left out; an image with none left scores 0. Default 36 bins of 10 degrees (max 5.17 bits).

    References
    ----------
    Shannon, C. E. (1948). A mathematical theory of communication. Bell Syst. Tech. J. 27,
    379-423. doi:10.1002/j.1538-7305.1948.tb01338.x
    """
    return shannon_bits(hue_histogram_hsv(rgb_to_hsv(as_rgb(rgb)), bins=bins, s_min=s_min, v_min=v_min))


def saturation_mean(rgb) -> float:
    """Mean HSV saturation ``(max - min) / max`` of all pixels, in [0, 1]."""
    return float(cv2.mean(rgb_to_hsv(as_rgb(rgb)))[1])


def warmth_map_lab(lab: np.ndarray) -> np.ndarray:
    """Per-pixel Ou et al. warm-cool index ``-0.5 + 0.02 C*^1.07 cos(h - 50°)`` (float32).

    Written as ``0.02 C*^0.07 (a* cos 50° + b* sin 50°)`` to avoid computing the hue angle.
    Pure blue -1.393, red 2.351, green -0.267, any grey -0.5.
    """
    _, a, b = cv2.split(lab)
    # numpy, not cv2.pow / cv2.magnitude: those round differently depending on buffer alignment
    chroma_pow = np.power(np.sqrt(a * a + b * b), np.float32(0.07))
    projection = cv2.transform(lab, _WARM_AXIS)  # 0.02 (a* cos 50° + b* sin 50°)
    return cv2.multiply(chroma_pow, projection.reshape(chroma_pow.shape)) - np.float32(0.5)


def warmth(rgb) -> float:
    """Mean Ou et al. warm-cool index of the pixels; about -2 (cool) to 3 (warm), grey -0.5.

    References
    ----------
    Ou, L.-C., Luo, M. R., Woodcock, A. & Wright, A. (2004). A study of colour emotion and
    colour preference. Part I. Color Res. Appl. 29(3), 232-240. doi:10.1002/col.20010
    """
    return float(warmth_map_lab(rgb_to_lab(as_rgb(rgb))).mean(dtype=np.float64))


def warmth_ratio(rgb) -> float:
    """Fraction of pixels whose Ou warm-cool index is above 0 (perceived warm), in [0, 1]."""
    return float((warmth_map_lab(rgb_to_lab(as_rgb(rgb))) > 0).mean())


def lab_volume_lab(lab: np.ndarray, *, cell: float = LAB_CELL, min_share: float = LAB_MIN_SHARE) -> int:
    """Number of occupied ``cell``-sized CIELAB cubes (each holding >= ``min_share`` of pixels)."""
    if cell <= 0:
        raise ValueError(f"cell must be > 0, got {cell}")
    lo_l, lo_ab = 0.0, -130.0
    bins_l, bins_ab = int(np.ceil(110.0 / cell)), int(np.ceil(270.0 / cell))
    counts = cv2.calcHist([lab], [0, 1, 2], None, [bins_l, bins_ab, bins_ab],
                          [lo_l, lo_l + bins_l * cell, lo_ab, lo_ab + bins_ab * cell, lo_ab, lo_ab + bins_ab * cell])
    threshold = max(1.0, min_share * lab.shape[0] * lab.shape[1])
    return int((counts >= threshold).sum())


def lab_volume(rgb, *, cell: float = LAB_CELL, min_share: float = LAB_MIN_SHARE) -> int:
    """Colour gamut size: occupied 10×10×10 CIELAB cells holding >= 0.01 % of pixels each.

    Deterministic (the original system sampled 1,000 random pixels). A flat colour occupies 1
    cell; a varied photo tens to hundreds. The share threshold ignores isolated noise pixels.
    """
    return lab_volume_lab(rgb_to_lab(as_rgb(rgb)), cell=cell, min_share=min_share)
