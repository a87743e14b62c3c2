"""The attribute registry: every key the system can store, with its meaning and provenance.

Loaded from ``science/attributes.toml`` and validated on load; a broken registry raises
:class:`RegistryError` listing every problem. Implemented keys name the analyzer that emits
them (its version comes from the analyzer itself, the one place it is set); planned keys
(VLM hypotheses to come) carry ``status = "planned"``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from science.analyzers import BY_NAME

DEFAULT_PATH = Path(__file__).with_name("attributes.toml")
LEVELS = {
    "L0": "proximal: computed from pixels by a stated algorithm",
    "L1": "derived: an explicit formula over L0 values",
    "L2": "structural: output of a learned model",
    "L3": "hypothesis: a vision-language model's judgement",
}
STATUSES = ("implemented", "planned")
_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[A-Za-z0-9_]+)+$")
_REQUIRED = ("key", "label", "family", "level", "unit", "range", "description", "algorithm", "references", "status")


class RegistryError(ValueError):
    """The registry file is malformed; the message lists every problem found."""


@dataclass(frozen=True)
class Attribute:
    key: str
    label: str
    family: str
    level: str
    unit: str
    range: tuple[float, float]
    description: str
    algorithm: str
    references: tuple[str, ...]
    status: str
    analyzer: str | None = None

    @property
    def analyzer_version(self) -> str | None:
        found = BY_NAME.get(self.analyzer or "")
        return found.version if found else None

    @property
    def is_hypothesis(self) -> bool:
        return self.level == "L3"


def _check(entry: dict, index: int) -> list[str]:
    where = f"attribute #{index + 1} ({entry.get('key', '?')})"
    problems = [f"{where}: missing '{f}'" for f in _REQUIRED if f not in entry]
    if problems:
        return problems
    if not _KEY.match(str(entry["key"])):
        problems.append(f"{where}: key must look like 'family.name' (family in lower case)")
    if entry["level"] not in LEVELS:
        problems.append(f"{where}: level must be one of {', '.join(LEVELS)}")
    if entry["status"] not in STATUSES:
        problems.append(f"{where}: status must be one of {', '.join(STATUSES)}")
    rng = entry["range"]
    if not (isinstance(rng, list) and len(rng) == 2 and all(isinstance(v, (int, float)) for v in rng) and rng[0] < rng[1]):
        problems.append(f"{where}: range must be [low, high] with low < high")
    if not isinstance(entry["references"], list) or not all(isinstance(r, str) for r in entry["references"]):
        problems.append(f"{where}: references must be a list of strings")
    if entry["status"] == "implemented":
        if entry.get("analyzer") not in BY_NAME:
            problems.append(f"{where}: implemented keys must name a known analyzer ({', '.join(BY_NAME)})")
        elif entry["key"] not in BY_NAME[entry["analyzer"]].keys:
            problems.append(f"{where}: analyzer '{entry['analyzer']}' does not emit this key")
        if not entry["references"]:
            problems.append(f"{where}: implemented keys need at least one reference")
    for text_field in ("label", "description", "algorithm"):
        if not str(entry[text_field]).strip():
            problems.append(f"{where}: '{text_field}' is empty")
    return problems


def load_registry(path: Path | str = DEFAULT_PATH) -> dict[str, Attribute]:
    """Parse and validate a registry file; keys in file order."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: not valid TOML: {exc}") from exc
    entries = data.get("attribute", [])
    problems: list[str] = []
    seen: dict[str, Attribute] = {}
    for i, entry in enumerate(entries):
        found = _check(entry, i)
        if not found and entry["key"] in seen:
            found.append(f"attribute #{i + 1}: duplicate key {entry['key']}")
        problems.extend(found)
        if not found:
            seen[entry["key"]] = Attribute(
                key=entry["key"], label=entry["label"], family=entry["family"], level=entry["level"],
                unit=entry["unit"], range=(float(entry["range"][0]), float(entry["range"][1])),
                description=entry["description"].strip(), algorithm=entry["algorithm"].strip(),
                references=tuple(entry["references"]), status=entry["status"], analyzer=entry.get("analyzer"),
            )
    if problems:
        raise RegistryError(f"{path}: {len(problems)} problem(s):\n" + "\n".join(problems))
    return seen


@lru_cache(maxsize=1)
def registry() -> dict[str, Attribute]:
    """The validated default registry (loaded once per process)."""
    return load_registry(DEFAULT_PATH)


def render_markdown(attrs: dict[str, Attribute]) -> str:
    """docs/metrics.md: every key, grouped by family, generated from the registry."""
    lines = [
        "# Metrics reference",
        "",
        "Generated from `science/attributes.toml` by `python manage.py docs`; do not edit by hand",
        "(a test fails when this file and the registry disagree).",
        "",
        "Levels: " + "; ".join(f"**{k}** {v}" for k, v in LEVELS.items()) + ".",
        "",
        "All L0 metrics are computed on the analysis image: the upload decoded, reduced so its long",
        "side is 1024 px (Pillow DCT draft, then BOX filter; never enlarged) and EXIF-rotated. Grey",
        "is BT.601 luma; CIELAB is D65; edges are OpenCV Canny (Gaussian σ = 1 px, thresholds",
        "50/100, L2 gradient). See `docs/architecture.md` and each module's docstring.",
        "",
    ]
    families: dict[str, list[Attribute]] = {}
    for attr in attrs.values():
        families.setdefault(attr.family, []).append(attr)
    for family, items in families.items():
        lines += [f"## {family}", ""]
        for a in items:
            unit = f" {a.unit}" if a.unit else ""
            lines += [
                f"### `{a.key}` — {a.label}",
                "",
                f"- Level: {a.level} · status: {a.status}"
                + (f" · analyzer: `{a.analyzer}` v{a.analyzer_version}" if a.analyzer else ""),
                f"- Range: {a.range[0]:g} to {a.range[1]:g}{unit}",
                f"- {a.description}",
                f"- Algorithm: {a.algorithm}",
            ]
            lines += [f"- Reference: {r}" for r in a.references]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
