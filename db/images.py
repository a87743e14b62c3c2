"""Queries on images. Functions take a Session and never commit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import Image, utcnow


def by_sha(session: Session, sha256: str) -> Image | None:
    return session.scalars(select(Image).where(Image.sha256 == sha256)).first()


def get_or_create(session: Session, *, sha256: str, **fields) -> tuple[Image, bool]:
    """The image with this content hash, inserting it if new; ``(image, created)``.

    Safe against a concurrent insert of the same content (ON CONFLICT DO NOTHING).
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(Image).values(sha256=sha256, created_at=utcnow(), **fields).on_conflict_do_nothing(
        index_elements=["sha256"])
    created = session.execute(stmt).rowcount == 1
    return by_sha(session, sha256), created
