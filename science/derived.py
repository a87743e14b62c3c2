"""L1 derived indices: explicit formulas over L0 values.

Each is a teaching index, not a validated scale: the weights are stated, not fitted. Where a
term is normalised, the divisor is a fixed anchor (named below) so values are comparable
across images; terms are clipped to [0, 1].
"""

from __future__ import annotations

import math

EDGE_DENSITY_ANCHOR = 0.25  # an edge map this dense reads as maximally busy
COLORFULNESS_ANCHOR = 109.0  # Hasler & Süsstrunk's "extremely colourful"
HUE_ENTROPY_MAX = math.log2(36)
CONTRAST_ANCHOR = 10.0  # 32-level GLCM contrast of a very busy texture


def _unit(x: float) -> float:
    return min(1.0, max(0.0, x))


def naturalness_score(green_ratio: float, blue_ratio: float, earth_ratio: float) -> float:
    """``0.55 green + 0.30 blue + 0.15 earth`` (the original system's weights), [0, 1]."""
    return _unit(0.55 * green_ratio + 0.30 * blue_ratio + 0.15 * earth_ratio)


def fluency_score(edge_density: float, shannon_entropy: float, micro_contrast: float) -> float:
    """Processing-fluency proxy: mean of three ease terms, [0, 1].

    ``mean(1 - ed/0.25, 1 - 2|H/8 - 1/2|, 1 - contrast/10)`` with each term clipped to [0, 1]:
    fewer edges, mid-range grey entropy and smoother fine texture read as easier to process.
    The original system divided entropy by 8 twice and read a key nobody wrote.
    """
    terms = (
        1 - _unit(edge_density / EDGE_DENSITY_ANCHOR),
        1 - _unit(abs(shannon_entropy / 8 - 0.5) * 2),
        1 - _unit(micro_contrast / CONTRAST_ANCHOR),
    )
    return sum(terms) / 3


def biophilia_index(green_ratio: float, blue_ratio: float, earth_ratio: float, fractal_d: float) -> float:
    """``0.3 green + 0.7 mean(earth, blue, D - 1)``, D - 1 clipped to [0, 1]; [0, 1]."""
    return _unit(0.3 * green_ratio + 0.7 * (earth_ratio + blue_ratio + _unit(fractal_d - 1)) / 3)


def visual_richness(colorfulness: float, hue_entropy: float, edge_density: float, shannon_entropy: float) -> float:
    """Mean of colourfulness/109, hue entropy/log2 36, edge density/0.25, grey entropy/8; [0, 1]."""
    terms = (
        _unit(colorfulness / COLORFULNESS_ANCHOR),
        _unit(hue_entropy / HUE_ENTROPY_MAX),
        _unit(edge_density / EDGE_DENSITY_ANCHOR),
        _unit(shannon_entropy / 8),
    )
    return sum(terms) / 4


def organized_complexity(edge_density: float, fractal_d: float, symmetry_mean: float) -> float:
    """Complexity × order: ``mean(ed/0.25, D - 1) × (1 + symmetry)/2``, each clipped; [0, 1]."""
    complexity = (_unit(edge_density / EDGE_DENSITY_ANCHOR) + _unit(fractal_d - 1)) / 2
    order = _unit((1 + symmetry_mean) / 2)
    return complexity * order
