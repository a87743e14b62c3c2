"""Shares of pixels in "natural" colour bands: foliage green, sky/water blue, earth tones.

HSV bands (hue in degrees, S and V in [0, 1]) as in the original system, with one fix: earth
tones also need S >= 0.05, because the hue of a near-grey pixel is noise.

- green: 70 <= H <= 170, S >= 0.15, V >= 0.15
- blue: 190 <= H <= 260, S >= 0.12, V >= 0.12
- earth: 15 <= H <= 60, 0.05 <= S <= 0.35, V >= 0.20

Colour alone is a weak cue to naturalness (a green sofa counts as green); Berman et al. found
edge density, straight-line density and saturation statistics matter as much.

References
----------
Berman, M. G. et al. (2014). The perception of naturalness correlates with low-level visual
features of environmental scenes. PLoS ONE 9(12), e114572. doi:10.1371/journal.pone.0114572
"""

from __future__ import annotations

import cv2
import numpy as np

from science.arrays import as_rgb, rgb_to_hsv

BANDS = {
    "green": ((70.0, 170.0), (0.15, 1.0), 0.15),
    "blue": ((190.0, 260.0), (0.12, 1.0), 0.12),
    "earth": ((15.0, 60.0), (0.05, 0.35), 0.20),
}


def band_masks_hsv(hsv: np.ndarray) -> dict[str, np.ndarray]:
    """Mask (uint8, 255 inside) of each band (see module notes) from float HSV."""
    return {
        name: cv2.inRange(hsv, (h_lo, s_lo, v_min), (h_hi, s_hi, 1.0))
        for name, ((h_lo, h_hi), (s_lo, s_hi), v_min) in BANDS.items()
    }


def band_ratios_hsv(hsv: np.ndarray) -> dict[str, float]:
    """``{"green_ratio", "blue_ratio", "earth_ratio"}`` from float HSV."""
    size = hsv.shape[0] * hsv.shape[1]
    return {f"{name}_ratio": cv2.countNonZero(mask) / size for name, mask in band_masks_hsv(hsv).items()}


def colour_band_ratios(rgb) -> dict[str, float]:
    """``{"green_ratio", "blue_ratio", "earth_ratio"}``: fraction of pixels in each band, [0, 1]."""
    return band_ratios_hsv(rgb_to_hsv(as_rgb(rgb)))
