"""Shared fixtures: a real SQLite file per test, a real PostgreSQL database per test.

PostgreSQL comes from ``scripts/system-deps.sh`` (run by ``make test`` and ``.ci/run``), or from
``IMAGE_TAGGER_TEST_PG`` (a server URL whose role may create databases). Missing it skips those
tests locally with the reason; under ``CI=true`` it fails them.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from db.engine import make_engine
from db.migrations import migrate

PG_ADMIN_URL = os.environ.get(
    "IMAGE_TAGGER_TEST_PG", "postgresql+psycopg://image_tagger:image_tagger@127.0.0.1:5432/image_tagger_test"
)
IN_CI = os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skip locally, fail under CI: a missing service is never a silent pass."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: required)")
    pytest.skip(reason)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    path = tmp_path / "data"
    path.mkdir()
    monkeypatch.setenv("IMAGE_TAGGER_DATA", str(path))
    monkeypatch.delenv("IMAGE_TAGGER_DB", raising=False)
    return path


@pytest.fixture
def sqlite_url(data_dir):
    return f"sqlite:///{data_dir / 'test.db'}"


def _migrated(url):
    engine = make_engine(url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_engine(sqlite_url):
    yield from _migrated(sqlite_url)


def _pg_reachable() -> bool:
    try:
        eng = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with eng.connect() as conn:
            conn.execute(text("SELECT 1"))
        eng.dispose()
        return True
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return False


@pytest.fixture(scope="session")
def pg_admin_url():
    require(_pg_reachable(), f"PostgreSQL test server not reachable at {PG_ADMIN_URL.split('@')[-1]}")
    return PG_ADMIN_URL


@pytest.fixture
def pg_url(pg_admin_url):
    """A fresh, empty PostgreSQL database for this test, dropped afterwards."""
    name = f"it_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = pg_admin_url.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_engine(pg_url):
    yield from _migrated(pg_url)


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request):
    """Both databases: every test using this runs once on each."""
    return request.getfixturevalue("sqlite_engine" if request.param == "sqlite" else "pg_engine")
