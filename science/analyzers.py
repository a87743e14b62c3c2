"""The analyzers the pipeline runs: which keys each emits, what it needs, its version.

An analyzer's ``version`` changes whenever its numbers could change, so stored values can be
traced to the code that made them. L0 analyzers read pixels; L1 analyzers only combine values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import cv2

from science import color, complexity, derived, fractal, naturalness, spectral, symmetry, texture
from science.arrays import shannon_bits
from science.frame import Frame


@dataclass(frozen=True)
class Undefined:
    """A value that does not exist for this image (say, the fractal dimension of a blank wall)."""

    reason: str


Outputs = Mapping[str, "float | Undefined"]


@dataclass(frozen=True)
class Analyzer:
    name: str
    version: str
    level: str
    keys: tuple[str, ...]
    run: Callable[[Frame, Mapping[str, float]], Outputs]


def _color(frame: Frame, _values) -> Outputs:
    mean_l, sd_l = color.lightness_stats_lab(frame.lab)
    warm = color.warmth_map_lab(frame.lab)
    hsv = frame.hsv
    return {
        "color.perceptual_lightness": mean_l,
        "color.lightness_contrast": sd_l,
        "color.colorfulness": color.colorfulness(frame.rgb),
        "color.hue_entropy": shannon_bits(color.hue_histogram_hsv(hsv)),
        "color.saturation_mean": float(cv2.mean(hsv)[1]),
        "color.warmth": float(warm.mean(dtype="float64")),
        "color.warmth_ratio": float((warm > 0).mean()),
        "color.lab_volume": float(color.lab_volume_lab(frame.lab)),
    }


def _complexity(frame: Frame, _values) -> Outputs:
    return {
        "complexity.shannon_entropy": complexity.shannon_entropy(frame.gray),
        "complexity.edge_density": float(frame.edges.mean()),
        "complexity.compression_ratio": complexity.compression_ratio(frame.rgb),
        "complexity.spatial_entropy": complexity.spatial_entropy_of_edges(frame.edges),
    }


def _texture(frame: Frame, _values) -> Outputs:
    return {f"texture.{k}": v for k, v in texture.texture_features(frame.gray).items()}


def _fractal(frame: Frame, _values) -> Outputs:
    try:
        fit = fractal.box_counting(frame.edges)
    except ValueError as exc:
        why = Undefined(f"no edges found, so the edge map has no dimension ({exc})")
        return {"fractal.D": why, "fractal.fit_r2": why}
    return {"fractal.D": fit.dimension, "fractal.fit_r2": fit.r2}


def _spectral(frame: Frame, _values) -> Outputs:
    try:
        fit = spectral.spectral_fit(frame.gray)
    except ValueError as exc:
        why = Undefined(str(exc))
        return {k: why for k in ("spectral.slope", "spatial_freq.low", "spatial_freq.mid", "spatial_freq.high")}
    low, mid, high = fit.spectrum.band_fractions
    return {"spectral.slope": fit.slope, "spatial_freq.low": low, "spatial_freq.mid": mid, "spatial_freq.high": high}


def _symmetry(frame: Frame, _values) -> Outputs:
    return {f"symmetry.{k}": v for k, v in symmetry.symmetry_scores(frame.gray).items()}


def _naturalness(frame: Frame, _values) -> Outputs:
    return {f"naturalness.{k}": v for k, v in naturalness.band_ratios_hsv(frame.hsv).items()}


# L1 indices: key -> (input keys, formula). Each is computed when all its inputs exist.
INDICES: dict[str, tuple[tuple[str, ...], Callable[..., float]]] = {
    "naturalness.score": (
        ("naturalness.green_ratio", "naturalness.blue_ratio", "naturalness.earth_ratio"),
        derived.naturalness_score,
    ),
    "fluency.score": (
        ("complexity.edge_density", "complexity.shannon_entropy", "texture.micro.contrast"),
        derived.fluency_score,
    ),
    "biophilia.index": (
        ("naturalness.green_ratio", "naturalness.blue_ratio", "naturalness.earth_ratio", "fractal.D"),
        derived.biophilia_index,
    ),
    "science.visual_richness": (
        ("color.colorfulness", "color.hue_entropy", "complexity.edge_density", "complexity.shannon_entropy"),
        derived.visual_richness,
    ),
    "science.organized_complexity": (
        ("complexity.edge_density", "fractal.D", "symmetry.mean_score"),
        derived.organized_complexity,
    ),
}


def _indices(_frame: Frame, values: Mapping[str, float]) -> Outputs:
    out: dict[str, float | Undefined] = {}
    for key, (inputs, formula) in INDICES.items():
        missing = [k for k in inputs if k not in values]
        out[key] = Undefined(f"needs {', '.join(missing)}, which this image does not have") if missing else float(
            formula(*(values[k] for k in inputs))
        )
    return out


ANALYZERS: tuple[Analyzer, ...] = (
    Analyzer("color", "1.0", "L0", (
        "color.perceptual_lightness", "color.lightness_contrast", "color.colorfulness", "color.hue_entropy",
        "color.saturation_mean", "color.warmth", "color.warmth_ratio", "color.lab_volume"), _color),
    Analyzer("complexity", "1.0", "L0", (
        "complexity.shannon_entropy", "complexity.edge_density", "complexity.compression_ratio",
        "complexity.spatial_entropy"), _complexity),
    Analyzer("texture", "1.0", "L0", tuple(
        f"texture.{scale}.{feat}" for feat in texture.FEATURES for scale in texture.SCALES), _texture),
    Analyzer("fractal", "1.0", "L0", ("fractal.D", "fractal.fit_r2"), _fractal),
    Analyzer("spectral", "1.0", "L0", (
        "spectral.slope", "spatial_freq.low", "spatial_freq.mid", "spatial_freq.high"), _spectral),
    Analyzer("symmetry", "1.0", "L0", (
        "symmetry.vertical_score", "symmetry.horizontal_score", "symmetry.mean_score"), _symmetry),
    Analyzer("naturalness", "1.0", "L0", (
        "naturalness.green_ratio", "naturalness.blue_ratio", "naturalness.earth_ratio"), _naturalness),
    Analyzer("indices", "1.0", "L1", tuple(INDICES), _indices),
)

BY_NAME: dict[str, Analyzer] = {a.name: a for a in ANALYZERS}


def select(names: list[str] | tuple[str, ...] | None) -> tuple[Analyzer, ...]:
    """The analyzers with these names in pipeline order (all when ``names`` is None)."""
    if names is None:
        return ANALYZERS
    unknown = sorted(set(names) - set(BY_NAME))
    if unknown:
        raise ValueError(f"unknown analyzer(s) {', '.join(unknown)}; known: {', '.join(BY_NAME)}")
    return tuple(a for a in ANALYZERS if a.name in set(names))
