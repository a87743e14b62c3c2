import multiprocessing as mp
import sqlite3

import pytest
from sqlalchemy import inspect, text

from db.engine import make_engine, transaction
from db.migrations import MIGRATIONS, current_version, migrate
from db.models import Base, UploadJob


def columns(engine):
    insp = inspect(engine)
    return {
        t: {c["name"]: c["nullable"] for c in insp.get_columns(t)}
        for t in insp.get_table_names()
    }


def test_migrated_schema_matches_the_models(engine):
    migrated = columns(engine)
    for table in Base.metadata.sorted_tables:
        assert table.name in migrated, table.name
        expected = {c.name: (c.nullable and not c.primary_key) for c in table.columns}
        got = {name: nullable for name, nullable in migrated[table.name].items()}
        assert set(got) == set(expected), table.name
        for name, nullable in expected.items():
            assert got[name] == nullable, f"{table.name}.{name}"
    assert set(migrated) == {t.name for t in Base.metadata.sorted_tables}


def test_migrate_is_idempotent_and_recorded(engine):
    assert migrate(engine) == []
    assert current_version(engine) == MIGRATIONS[-1][0]


def _migrate_in_child(url, q):
    try:
        q.put(migrate(make_engine(url)))
    except Exception as exc:  # noqa: BLE001
        q.put(repr(exc))


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_concurrent_first_starts_migrate_once(kind, request):
    url = request.getfixturevalue("sqlite_url" if kind == "sqlite" else "pg_url")
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    procs = [ctx.Process(target=_migrate_in_child, args=(url, q)) for _ in range(3)]
    for p in procs:
        p.start()
    results = [q.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(30)
    assert sorted(map(str, results)) == ["[1]", "[]", "[]"]
    assert current_version(make_engine(url)) == 1


def test_sqlite_engine_pragmas_and_immediate_writes(sqlite_engine, sqlite_url):
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000
    path = sqlite_url.removeprefix("sqlite:///")
    other = sqlite3.connect(path, timeout=0.2, isolation_level=None)
    with transaction(sqlite_engine) as session:
        session.execute(text("SELECT 1"))  # BEGIN IMMEDIATE already holds the write lock
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    with transaction(sqlite_engine, write=False) as session:
        session.execute(text("SELECT 1"))  # a read transaction leaves writers free
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    other.close()


def test_transaction_rolls_back_on_error(engine):
    with pytest.raises(RuntimeError), transaction(engine) as session:
        session.add(UploadJob(label="doomed", options={}))
        session.flush()
        raise RuntimeError("boom")
    with transaction(engine, write=False) as session:
        assert session.query(UploadJob).count() == 0


def test_datetimes_come_back_timezone_aware_utc(engine):
    with transaction(engine) as session:
        session.add(UploadJob(label="t", options={"a": 1}))
    with transaction(engine, write=False) as session:
        job = session.query(UploadJob).one()
        assert job.created_at.tzinfo is not None and job.created_at.utcoffset().total_seconds() == 0
        assert job.options == {"a": 1}
