"""Box-counting (Minkowski-Bouligand) dimension of a binary pattern.

Convention (one of three in use; see docs/metrics.md): *occupied boxes*. The pattern is
zero-padded to an n × n square, n the next power of two (padding adds no boxes); N(s) counts
the s × s boxes of an aligned grid holding at least one foreground pixel, for s = 1, 2, 4, …, n
(a 2 × 2 OR-pyramid). D is minus the least-squares slope of log N(s) against log s over
s in [s_min, s_max], by default [2, n/8]: the pixel scale and the top scales are excluded
because both bias D.

In the pipeline the pattern is the Canny edge map (:mod:`science.edges`), so ``fractal.D`` is
the dimension *of that edge map*; published values measured on silhouettes or thresholded
images are not directly comparable.

References
----------
Mandelbrot, B. B. (1983). The Fractal Geometry of Nature. W. H. Freeman. No DOI (book).
Spehar, B., Clifford, C. W. G., Newell, B. R. & Taylor, R. P. (2003). Universal aesthetic of
fractals. Computers & Graphics 27, 813-820. doi:10.1016/S0097-8493(03)00154-7
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from science.arrays import as_mask

S_MIN = 2


@dataclass(frozen=True)
class BoxCount:
    """Box sizes, counts and the fit over the chosen range (the metric lab plots these)."""

    sizes: np.ndarray  # s = 1, 2, 4, ..., n
    counts: np.ndarray  # N(s)
    s_min: int
    s_max: int
    dimension: float
    intercept: float
    r2: float
    local_slopes: np.ndarray  # -Δlog N / Δlog s between consecutive sizes

    @property
    def fitted(self) -> np.ndarray:
        """Boolean mask of the sizes used in the fit."""
        return (self.sizes >= self.s_min) & (self.sizes <= self.s_max)


def box_counts(mask) -> tuple[np.ndarray, np.ndarray]:
    """Occupied-box counts N(s) for s = 1, 2, 4, ..., n (n = next power of two ≥ the long side)."""
    z = as_mask(mask)
    n = 1 << int(np.ceil(np.log2(max(z.shape))))
    level = np.zeros((n, n), dtype=bool)
    level[: z.shape[0], : z.shape[1]] = z
    sizes, counts = [], []
    s = 1
    while True:
        sizes.append(s)
        counts.append(int(np.count_nonzero(level)))
        if level.shape[0] == 1:
            break
        level = level[0::2, 0::2] | level[1::2, 0::2] | level[0::2, 1::2] | level[1::2, 1::2]
        s *= 2
    return np.array(sizes, dtype=np.int64), np.array(counts, dtype=np.int64)


def box_counting(mask, *, s_min: int = S_MIN, s_max: int | None = None) -> BoxCount:
    """Box counts and the fitted dimension. See :func:`box_counting_dimension`."""
    sizes, counts = box_counts(mask)
    if counts[0] == 0:
        raise ValueError("mask has no foreground pixels: the box-counting dimension is undefined")
    n = int(sizes[-1])
    s_max = max(n // 8, 1) if s_max is None else int(s_max)
    if s_min < 1 or s_max < s_min:
        raise ValueError(f"box range must satisfy 1 <= s_min <= s_max, got [{s_min}, {s_max}]")
    fit = (sizes >= s_min) & (sizes <= s_max)
    if fit.sum() < 2:
        raise ValueError(
            f"box range [{s_min}, {s_max}] holds fewer than two box sizes for a {n}-px pattern; "
            "use a larger image or a wider range"
        )
    x = np.log(sizes[fit].astype(np.float64))
    y = np.log(counts[fit].astype(np.float64))
    slope, intercept = np.polyfit(x, y, 1)
    resid = y - (slope * x + intercept)
    ss_tot = float(((y - y.mean()) ** 2).sum())
    r2 = 1.0 - float((resid**2).sum()) / ss_tot if ss_tot > 0 else 1.0
    logs, logc = np.log(sizes.astype(np.float64)), np.log(counts.astype(np.float64))
    local = -np.diff(logc) / np.diff(logs)
    return BoxCount(sizes, counts, int(s_min), int(s_max), float(-slope), float(intercept), r2, local)


def box_counting_dimension(mask, *, s_min: int = S_MIN, s_max: int | None = None) -> float:
    """Box-counting dimension of a 2-D binary pattern (non-zero is foreground), in [0, 2].

    A line scores 1, a filled square 2, the Sierpinski triangle log 3 / log 2 ≈ 1.585.
    Photo edge maps usually read 1.1-1.8.

    Parameters
    ----------
    mask : array (H, W)
        Binary pattern; any non-zero value is foreground. Edge maps must be one pixel thin.
    s_min, s_max : int
        Box sizes (pixels) used in the fit; default [2, n/8], n the padded side.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Empty pattern (dimension undefined), or fewer than two box sizes in the range.
    """
    return box_counting(mask, s_min=s_min, s_max=s_max).dimension
