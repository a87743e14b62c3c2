"""What a runner does with one claimed item: read the stored file, run the pipeline, make rows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from db.jobs import Claim
from runner.errors import ItemError, TransientError
from science.errors import ImageLoadError
from science.pipeline import analyze
from science.registry import registry

# Analyzer groups a job can ask for (job.options["analyzers"]) -> science analyzer names.
GROUPS: dict[str, list[str] | None] = {"math": None}  # None: every science analyzer


@dataclass(frozen=True)
class ItemResult:
    values: list[dict]
    provenance: dict
    warning: str | None


def analyzers_for(options: dict) -> list[str] | None:
    groups = options.get("analyzers") or ["math"]
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        raise ItemError(f"This job asks for analyzer groups this runner does not know: {', '.join(unknown)}.")
    names: list[str] = []
    for group in groups:
        if GROUPS[group] is None:
            return None
        names += GROUPS[group]
    return names


def process(claim: Claim, data_dir: Path) -> ItemResult:
    """Analyse one item. Raises ItemError (permanent) or TransientError (retry)."""
    path = data_dir / claim.stored_path
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ItemError(f"The stored image file is missing ({claim.stored_path}); upload the image again.") from exc
    except OSError as exc:
        raise TransientError(f"Could not read the stored image file: {exc}") from exc
    try:
        result = analyze(data, analyzers=analyzers_for(claim.options))
    except ImageLoadError as exc:
        raise ItemError(str(exc)) from exc
    attrs = registry()
    values = [
        {"key": key, "value": value, "level": attrs[key].level, "analyzer": attrs[key].analyzer,
         "analyzer_version": result.versions[attrs[key].analyzer]}
        for key, value in result.values.items()
    ]
    provenance = {
        "versions": result.versions, "undefined": result.undefined, "errors": result.errors,
        "timings_ms": {k: round(v * 1000, 2) for k, v in result.timings.items()},
        "input_size": list(result.input_size), "analysis_size": list(result.analysis_size),
        "resampling": result.resampling,
    }
    warning = "; ".join(f"{name} analyzer failed: {err}" for name, err in result.errors.items()) or None
    return ItemResult(values, provenance, warning)
