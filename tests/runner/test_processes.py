"""Real runner processes: graceful stop, SIGKILL at random moments, many runners with a live monitor."""

import random
import signal
import threading
import time

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from db import jobs, runners
from db.engine import transaction
from db.models import AttributeValue, ItemStatus, JobStatus, UploadJobItem, utcnow
from science.registry import registry
from tests.runner.conftest import ingest_job, wait_for

N_KEYS = sum(a.status == "implemented" for a in registry().values())


def job_status(engine, job_id):
    with transaction(engine, write=False) as s:
        return jobs.get_job(s, job_id)


def assert_all_completed_once(engine, job_id, n):
    with transaction(engine, write=False) as s:
        statuses = s.execute(select(UploadJobItem.status, func.count()).where(UploadJobItem.job_id == job_id)
                             .group_by(UploadJobItem.status)).all()
        per_item = s.execute(select(AttributeValue.item_id, func.count(), func.count(func.distinct(AttributeValue.key)))
                             .group_by(AttributeValue.item_id)).all()
        attempts = s.scalars(select(UploadJobItem.attempts).where(UploadJobItem.job_id == job_id)).all()
    assert dict(statuses) == {ItemStatus.COMPLETED: n}
    assert len(per_item) == n
    assert all(rows == N_KEYS and keys == N_KEYS for _, rows, keys in per_item), "duplicated or missing values"
    return attempts


def test_sigterm_finishes_the_current_item_then_exits_cleanly(sqlite_engine, sqlite_url, data_dir, runner_procs):
    job_id = ingest_job(sqlite_engine, data_dir, 40, size=(1024, 768))
    procs = runner_procs(sqlite_url, data_dir)
    proc = procs.start()
    wait_for(lambda: job_status(sqlite_engine, job_id).completed_items >= 3, 60)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 0
    with transaction(sqlite_engine, write=False) as s:
        running = s.scalars(select(UploadJobItem).where(UploadJobItem.status == ItemStatus.RUNNING)).all()
        (runner,) = runners.recent(s, utcnow())
    assert running == []  # nothing left leased: the current item was finished, not abandoned
    assert runner.status == "stopped"
    assert "finishing the current item" in procs.logs()
    assert 3 <= job_status(sqlite_engine, job_id).completed_items < 40


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_runners_killed_at_random_moments_lose_nothing_and_duplicate_nothing(kind, request, data_dir, runner_procs):
    engine = request.getfixturevalue(f"{'sqlite' if kind == 'sqlite' else 'pg'}_engine")
    url = engine.url.render_as_string(hide_password=False)
    n = 60
    job_id = ingest_job(engine, data_dir, n, size=(1024, 768))
    procs = runner_procs(url, data_dir, IMAGE_TAGGER_LEASE_SECONDS=1.5, IMAGE_TAGGER_MAX_ATTEMPTS=50)
    rng = random.Random(7)
    kills = 0
    for _ in range(4):
        live = [procs.start(), procs.start()]
        time.sleep(rng.uniform(1.0, 1.6))  # imports take ~1 s; then items are mid-flight
        for p in live:
            procs.kill(p)  # SIGKILL: no cleanup, leases left behind
            kills += 1
    with transaction(engine, write=False) as s:
        assert s.scalar(select(func.count()).where(UploadJobItem.status == ItemStatus.COMPLETED)) < n
    procs.start()
    procs.start()
    wait_for(lambda: job_status(engine, job_id).status in jobs.TERMINAL_JOB, 120)
    attempts = assert_all_completed_once(engine, job_id, n)
    assert sum(attempts) > n, "no item was interrupted: the test did not exercise recovery"
    assert job_status(engine, job_id).status == JobStatus.COMPLETED and kills == 8


def test_four_runners_and_a_polling_monitor_never_see_database_is_locked(sqlite_engine, sqlite_url, data_dir,
                                                                         runner_procs):
    n = 60
    job_id = ingest_job(sqlite_engine, data_dir, n, size=(400, 300))
    errors: list[str] = []
    stop = threading.Event()

    def monitor():  # what the job monitor page does every refresh, as fast as it can
        while not stop.is_set():
            try:
                with transaction(sqlite_engine, write=False) as s:
                    jobs.recent_jobs(s)
                    jobs.item_counts(s, job_id)
                    jobs.count_items(s, job_id)
                    jobs.job_items(s, job_id, limit=100)
                    jobs.throughput(s, job_id, utcnow())
                    runners.recent(s, utcnow())
            except OperationalError as exc:
                errors.append(str(exc))
            time.sleep(0.02)

    poller = threading.Thread(target=monitor)
    poller.start()
    procs = runner_procs(sqlite_url, data_dir)
    proc = procs.start("--workers", "4", "--burst")
    try:
        assert proc.wait(180) == 0
    finally:
        stop.set()
        poller.join()
    assert errors == []
    assert "locked" not in procs.logs().lower()
    assert_all_completed_once(sqlite_engine, job_id, n)
    with transaction(sqlite_engine, write=False) as s:
        assert len(runners.recent(s, utcnow())) == 4
