"""One analysis image with its shared conversions, each computed once on first use."""

from __future__ import annotations

from functools import cached_property

import numpy as np

from science.arrays import as_rgb, rgb_to_gray, rgb_to_hsv, rgb_to_lab, unit_float
from science.edges import canny_edges


class Frame:
    """The RGB analysis image and lazily computed grey, CIELAB, HSV and edge map."""

    def __init__(self, rgb: np.ndarray):
        self.rgb = as_rgb(rgb)

    @cached_property
    def gray(self) -> np.ndarray:
        return rgb_to_gray(self.rgb)

    @cached_property
    def rgb01(self) -> np.ndarray:
        return unit_float(self.rgb)

    @cached_property
    def lab(self) -> np.ndarray:
        return rgb_to_lab(self.rgb, rgb01=self.rgb01)

    @cached_property
    def hsv(self) -> np.ndarray:
        return rgb_to_hsv(self.rgb, rgb01=self.rgb01)

    @cached_property
    def edges(self) -> np.ndarray:
        return canny_edges(self.gray)
