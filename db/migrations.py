"""Schema migrations: an ordered list of functions, each applied once and recorded.

Each migration holds its own frozen DDL (never the live models), so a database created today
and one upgraded from any earlier version end up identical; a test compares the migrated
schema with ``db.models``. Applied by the app and every CLI command at start; concurrent
starts are safe (SQLite: the write lock of BEGIN IMMEDIATE; PostgreSQL: an advisory lock).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    text,
)

from db.engine import is_sqlite

_LOCK_ID = 7_031_977  # arbitrary, fixed: PostgreSQL advisory lock for migrations


def _v1_initial(conn: Connection) -> None:
    md = MetaData()
    Table("images", md,
          Column("id", Integer, primary_key=True),
          Column("sha256", String(64), nullable=False, unique=True),
          Column("original_name", String(255), nullable=False),
          Column("stored_path", String(512), nullable=False),
          Column("thumb_path", String(512)),
          Column("format", String(16), nullable=False),
          Column("width", Integer, nullable=False),
          Column("height", Integer, nullable=False),
          Column("bytes", Integer, nullable=False),
          Column("uploaded_by", String(64)),
          Column("created_at", DateTime, nullable=False))
    Table("upload_jobs", md,
          Column("id", Integer, primary_key=True),
          Column("label", String(200), nullable=False),
          Column("created_by", String(64)),
          Column("created_at", DateTime, nullable=False),
          Column("options", JSON, nullable=False),
          Column("status", String(24), nullable=False, index=True),
          Column("total_items", Integer, nullable=False),
          Column("completed_items", Integer, nullable=False),
          Column("failed_items", Integer, nullable=False),
          Column("cancelled_items", Integer, nullable=False),
          Column("error_summary", Text),
          Column("started_at", DateTime),
          Column("finished_at", DateTime))
    Table("upload_job_items", md,
          Column("id", Integer, primary_key=True),
          Column("job_id", Integer, ForeignKey("upload_jobs.id", ondelete="CASCADE"), nullable=False, index=True),
          Column("image_id", Integer, ForeignKey("images.id"), nullable=False, index=True),
          Column("status", String(16), nullable=False),
          Column("attempts", Integer, nullable=False),
          Column("lease_owner", String(64)),
          Column("lease_expires_at", DateTime),
          Column("not_before", DateTime),
          Column("error", Text),
          Column("error_detail", Text),
          Column("analyzers", JSON),
          Column("created_at", DateTime, nullable=False),
          Column("started_at", DateTime),
          Column("finished_at", DateTime),
          Column("duration_s", Float),
          Index("ix_items_claim", "status", "not_before"))
    Table("attribute_values", md,
          Column("id", Integer, primary_key=True),
          Column("image_id", Integer, ForeignKey("images.id"), nullable=False, index=True),
          Column("item_id", Integer, ForeignKey("upload_job_items.id", ondelete="CASCADE"), nullable=False,
                 index=True),
          Column("key", String(128), nullable=False, index=True),
          Column("value", Float, nullable=False),
          Column("confidence", Float),
          Column("level", String(4), nullable=False),
          Column("analyzer", String(64), nullable=False),
          Column("analyzer_version", String(32), nullable=False),
          Column("model", String(128)),
          Column("prompt_hash", String(64)),
          Column("evidence", Text),
          Column("created_at", DateTime, nullable=False),
          UniqueConstraint("image_id", "key", "item_id", name="uq_value_image_key_run"))
    Table("runners", md,
          Column("id", String(64), primary_key=True),
          Column("host", String(255), nullable=False),
          Column("pid", Integer, nullable=False),
          Column("started_at", DateTime, nullable=False),
          Column("heartbeat_at", DateTime, nullable=False),
          Column("current_item_id", Integer),
          Column("items_done", Integer, nullable=False),
          Column("status", String(16), nullable=False))
    md.create_all(conn)


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "initial schema: images, upload jobs and items, attribute values, runners", _v1_initial),
]

_BOOKKEEPING = MetaData()
_applied = Table(
    "schema_migrations", _BOOKKEEPING,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False),
    Column("applied_at", DateTime, nullable=False),
)


def current_version(engine: Engine) -> int:
    with engine.connect() as conn:
        if not inspect(conn).has_table("schema_migrations"):
            return 0
        return conn.execute(text("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")).scalar_one()


def migrate(engine: Engine) -> list[int]:
    """Apply every pending migration in one transaction; return the versions applied."""
    applied: list[int] = []
    with engine.execution_options(write=True).begin() as conn:
        if not is_sqlite(engine):
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
        _BOOKKEEPING.create_all(conn)
        done = set(conn.execute(_applied.select().with_only_columns(_applied.c.version)).scalars())
        for version, name, step in MIGRATIONS:
            if version in done:
                continue
            step(conn)
            conn.execute(_applied.insert().values(
                version=version, name=name, applied_at=datetime.now(UTC).replace(tzinfo=None)))
            applied.append(version)
    return applied
