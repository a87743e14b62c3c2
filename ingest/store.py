"""Check, store and register candidate files: the one path every upload takes.

A file is accepted only if it decodes (content, not extension). Originals are stored under
``<data>/images/<sha[:2]>/<sha256>.<ext>`` and thumbnails under ``<data>/thumbs/``, each written to
a temporary file and renamed into place, so a crash never leaves half a file under a final name.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage
from sqlalchemy import Engine

from db import images as image_queries
from db.engine import transaction
from ingest.limits import Limits
from ingest.sources import Candidate
from science.errors import ImageLoadError
from science.loading import load_image

THUMB_LONG_SIDE = 160
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WebP": "webp", "TIFF": "tif"}

ACCEPTED, DUPLICATE, REJECTED = "accepted", "duplicate", "rejected"


@dataclass(frozen=True)
class Checked:
    """One row of the upload table: what happened to a file, and why."""

    name: str
    status: str  # accepted | duplicate | rejected
    reason: str = ""
    image_id: int | None = None
    width: int | None = None
    height: int | None = None
    format: str | None = None


def _write_atomic(path: Path, data: bytes) -> None:
    if path.exists():
        return  # content-addressed: same name, same bytes
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _thumbnail_jpeg(rgb) -> bytes:
    buf = io.BytesIO()
    PILImage.fromarray(rgb).save(buf, "JPEG", quality=82)
    return buf.getvalue()


def _duplicate(name: str, image) -> Checked:
    return Checked(name, DUPLICATE, f"Duplicate of image #{image.id} ({image.original_name}).",
                   image.id, image.width, image.height, image.format)


def check_and_store(engine: Engine, candidate: Candidate, *, limits: Limits, data_dir: Path,
                    uploaded_by: str | None = None) -> Checked:
    """Decode-check one candidate, store it, and get or create its ``images`` row."""
    if candidate.data is None:
        return Checked(candidate.name, REJECTED, candidate.reason or "Rejected.")
    data = candidate.data
    sha = hashlib.sha256(data).hexdigest()
    with transaction(engine, write=False) as session:
        existing = image_queries.by_sha(session, sha)
        if existing is not None:
            return _duplicate(candidate.name, existing)
    try:
        thumb = load_image(data, long_side=THUMB_LONG_SIDE, max_pixels=limits.max_pixels)
    except ImageLoadError as exc:
        return Checked(candidate.name, REJECTED, str(exc))
    rel_image = Path("images") / sha[:2] / f"{sha}.{EXTENSIONS[thumb.format]}"
    rel_thumb = Path("thumbs") / sha[:2] / f"{sha}.jpg"
    _write_atomic(data_dir / rel_image, data)
    _write_atomic(data_dir / rel_thumb, _thumbnail_jpeg(thumb.rgb))
    width, height = thumb.input_size
    with transaction(engine) as session:
        image, created = image_queries.get_or_create(
            session, sha256=sha, original_name=candidate.name, stored_path=rel_image.as_posix(),
            thumb_path=rel_thumb.as_posix(), format=thumb.format, width=width, height=height, bytes=len(data),
            uploaded_by=uploaded_by)
    if not created:  # another upload stored the same picture a moment ago
        return _duplicate(candidate.name, image)
    return Checked(candidate.name, ACCEPTED, "", image.id, width, height, thumb.format)


def stage(engine: Engine, candidates: Iterable[Candidate], *, limits: Limits, data_dir: Path,
          uploaded_by: str | None = None, already: list[Checked] | None = None) -> Iterator[Checked]:
    """Check and store each candidate in turn, enforcing the per-batch file limit.

    ``already`` holds rows staged earlier in the same batch: they count towards the limit, and a
    second copy of the same picture in one batch is reported and added only once.
    """
    seen = {c.image_id for c in already or [] if c.image_id is not None}
    count = len(seen)
    for candidate in candidates:
        if candidate.data is not None and count >= limits.max_files:
            yield Checked(candidate.name, REJECTED, f"Batch limit of {limits.max_files} images reached; "
                                                    "upload the rest as another job.")
            continue
        row = check_and_store(engine, candidate, limits=limits, data_dir=data_dir, uploaded_by=uploaded_by)
        if row.image_id is not None and row.image_id in seen:
            row = Checked(row.name, DUPLICATE, f"Same picture as image #{row.image_id}, already in this batch; "
                                               "added once.", row.image_id, row.width, row.height, row.format)
        elif row.image_id is not None:
            seen.add(row.image_id)
            count += 1
        yield row


def job_image_ids(rows: Iterable[Checked]) -> list[int]:
    """Distinct image ids of accepted and duplicate rows, in upload order: the job's items."""
    ids: list[int] = []
    for row in rows:
        if row.image_id is not None and row.image_id not in ids:
            ids.append(row.image_id)
    return ids
