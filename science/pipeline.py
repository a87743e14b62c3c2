"""From image bytes (or a path, or an RGB array) to every metric, with errors, timings, versions.

One failing analyzer never loses the others' values: its error is recorded under its name and
the L1 indices that needed its keys are reported as undefined.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import numpy as np

from science.analyzers import Analyzer, Undefined, select
from science.frame import Frame
from science.loading import DEFAULT_LONG_SIDE, DEFAULT_MAX_PIXELS, RESAMPLING, load_image

_LIBRARIES = ("numpy", "scipy", "opencv-python-headless", "pillow", "scikit-image")


@dataclass
class AnalysisResult:
    values: dict[str, float] = field(default_factory=dict)
    undefined: dict[str, str] = field(default_factory=dict)  # key -> why there is no value
    errors: dict[str, str] = field(default_factory=dict)  # analyzer -> what went wrong
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    versions: dict[str, str] = field(default_factory=dict)  # analyzer or library -> version
    format: str | None = None
    input_size: tuple[int, int] | None = None
    analysis_size: tuple[int, int] | None = None
    resampling: str = RESAMPLING

    def to_dict(self) -> dict:
        return {
            "format": self.format,
            "input_size": list(self.input_size) if self.input_size else None,
            "analysis_size": list(self.analysis_size) if self.analysis_size else None,
            "resampling": self.resampling,
            "values": self.values,
            "undefined": self.undefined,
            "errors": self.errors,
            "timings": self.timings,
            "versions": self.versions,
        }


def library_versions() -> dict[str, str]:
    out = {}
    for name in _LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:  # pragma: no cover - all are requirements
            out[name] = "missing"
    return out


def run_analyzers(frame: Frame, analyzers: tuple[Analyzer, ...], result: AnalysisResult) -> AnalysisResult:
    """Run ``analyzers`` in order on ``frame``, filling ``result`` in place."""
    for analyzer in analyzers:
        result.versions[analyzer.name] = analyzer.version
        t0 = time.perf_counter()
        try:
            outputs = analyzer.run(frame, result.values)
        except Exception as exc:  # noqa: BLE001 - one analyzer must not lose the others
            result.errors[analyzer.name] = f"{type(exc).__name__}: {exc}"
            for key in analyzer.keys:
                result.undefined[key] = f"the {analyzer.name} analyzer failed"
        else:
            for key, value in outputs.items():
                if isinstance(value, Undefined):
                    result.undefined[key] = value.reason
                elif not np.isfinite(value):
                    result.undefined[key] = "computed value was not a finite number"
                else:
                    result.values[key] = float(value)
        result.timings[analyzer.name] = time.perf_counter() - t0
    return result


def analyze_array(rgb: np.ndarray, *, analyzers: list[str] | None = None) -> AnalysisResult:
    """Every selected metric of an (H, W, 3) uint8 sRGB array, used as given (no resizing)."""
    t0 = time.perf_counter()
    frame = Frame(rgb)
    result = AnalysisResult(analysis_size=(frame.rgb.shape[1], frame.rgb.shape[0]), resampling="none")
    result.versions.update(library_versions())
    run_analyzers(frame, select(analyzers), result)
    result.timings["total"] = time.perf_counter() - t0
    return result


def analyze(
    source: bytes | str | Path,
    *,
    long_side: int | None = DEFAULT_LONG_SIDE,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    analyzers: list[str] | None = None,
) -> AnalysisResult:
    """Decode ``source`` (bytes or a path) and compute every selected metric.

    Raises :class:`science.errors.ImageLoadError` when the file cannot be decoded; analyzer
    failures are reported in ``result.errors`` instead.
    """
    chosen = select(analyzers)
    t0 = time.perf_counter()
    loaded = load_image(source, long_side=long_side, max_pixels=max_pixels)
    t1 = time.perf_counter()
    result = AnalysisResult(
        format=loaded.format,
        input_size=loaded.input_size,
        analysis_size=loaded.analysis_size,
        resampling=loaded.resampling,
    )
    result.timings["decode"] = t1 - t0
    result.versions.update(library_versions())
    run_analyzers(Frame(loaded.rgb), chosen, result)
    result.timings["total"] = time.perf_counter() - t0
    return result
