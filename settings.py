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
