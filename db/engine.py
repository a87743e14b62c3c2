"""The one place engines are made, and the transaction helper every caller uses.

SQLite: WAL (readers never block the writer), ``synchronous=NORMAL``, a 30 s busy timeout,
foreign keys on, and pysqlite's own transaction handling switched off so we issue BEGIN
ourselves: ``BEGIN IMMEDIATE`` for writes (the write lock is taken up front, so a transaction
never fails half-way on a lock upgrade) and plain ``BEGIN`` for reads, so page renders never
block the runners. PostgreSQL: pre-ping pooled connections; row locks do the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session

import settings

BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str | None = None) -> Engine:
    url = url or settings.database_url()
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", f"busy_timeout={BUSY_TIMEOUT_MS}", "foreign_keys=ON"):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def transaction(engine: Engine, *, write: bool = True) -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on error.

    ``write=False`` for read-only work (no write lock on SQLite).
    """
    bound = engine.execution_options(write=True) if write else engine
    with Session(bound, expire_on_commit=False) as session, session.begin():
        yield session
