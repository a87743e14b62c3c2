"""Test helpers: images and jobs made through the real query functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from db import images, jobs
from db.engine import transaction

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


class Clock:
    """An injected clock the test moves by hand."""

    def __init__(self, start: datetime = T0):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


def make_images(engine, n: int, *, stored_path: str = "images/x.jpg") -> list[int]:
    ids = []
    with transaction(engine) as s:
        for i in range(n):
            img, _ = images.get_or_create(s, sha256=f"{i:064x}", original_name=f"img{i}.jpg", stored_path=stored_path,
                                          thumb_path=None, format="JPEG", width=10, height=10, bytes=1,
                                          uploaded_by=None)
            ids.append(img.id)
    return ids


def make_job(engine, n: int, now: datetime = T0, **kw) -> int:
    image_ids = make_images(engine, n, **kw)
    with transaction(engine) as s:
        return jobs.create_job(s, label="test", created_by="ta", options=jobs.METRICS_ONLY,
                               image_ids=image_ids, now=now).id
