"""Where things live, from the environment (read on every call so tests can point elsewhere).

- ``IMAGE_TAGGER_DATA``: folder for the SQLite file, images, thumbnails and logs (default ``data/``
  beside this file).
- ``IMAGE_TAGGER_DB``: any SQLAlchemy URL (default ``sqlite:///<data>/image_tagger.db``).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def data_dir() -> Path:
    path = Path(os.environ.get("IMAGE_TAGGER_DATA") or ROOT / "data").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    return os.environ.get("IMAGE_TAGGER_DB") or f"sqlite:///{data_dir() / 'image_tagger.db'}"


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, got {raw!r}") from exc
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {raw!r}")
    return value


def upload_limits():
    """Upload limits from the environment (see README); imported lazily to keep this module tiny."""
    from ingest.limits import Limits

    return Limits(
        max_file_bytes=int(_env_number("IMAGE_TAGGER_MAX_FILE_MB", 50) * 1024 * 1024),
        max_files=int(_env_number("IMAGE_TAGGER_MAX_FILES", 1000)),
        max_pixels=int(_env_number("IMAGE_TAGGER_MAX_MEGAPIXELS", 100) * 1_000_000),
    )


def lease_seconds() -> float:
    return _env_number("IMAGE_TAGGER_LEASE_SECONDS", 60)


def max_attempts() -> int:
    """Tries before an item that keeps stopping its runner is failed."""
    return int(_env_number("IMAGE_TAGGER_MAX_ATTEMPTS", 3))
