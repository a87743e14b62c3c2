import multiprocessing as mp
from collections import Counter

import pytest

from db import jobs
from db.engine import make_engine, transaction
from db.jobs import MAX_ATTEMPTS, derive_status
from db.models import AttributeValue, ItemStatus, JobStatus, UploadJobItem
from tests.db.helpers import Clock, make_job

P, R, C, F, X = (ItemStatus.PENDING, ItemStatus.RUNNING, ItemStatus.COMPLETED, ItemStatus.FAILED,
                 ItemStatus.CANCELLED)


@pytest.mark.parametrize("counts,expected", [
    ({}, JobStatus.COMPLETED),
    ({P: 3}, JobStatus.PENDING),
    ({P: 2, R: 1}, JobStatus.RUNNING),
    ({P: 2, C: 1}, JobStatus.RUNNING),
    ({C: 3}, JobStatus.COMPLETED),
    ({C: 2, F: 1}, JobStatus.COMPLETED_WITH_ERRORS),
    ({F: 3}, JobStatus.FAILED),
    ({X: 3}, JobStatus.CANCELLED),
    ({C: 1, X: 2}, JobStatus.CANCELLED),
    ({R: 1, X: 2}, JobStatus.RUNNING),  # cancel requested; the running item still finishes
])
def test_derive_status(counts, expected):
    assert derive_status(counts) == expected


def claim(engine, owner, clock, lease=30):
    with transaction(engine) as s:
        return jobs.claim_next(s, owner, clock(), lease)


def complete(engine, c, owner, clock, values=()):
    with transaction(engine) as s:
        return jobs.settle_completed(s, c, owner, clock(), values=list(values), provenance={"versions": {"x": "1"}},
                                     warning=None, duration_s=0.1)


def job_row(engine, job_id):
    with transaction(engine, write=False) as s:
        return jobs.get_job(s, job_id)


VALUE = {"key": "color.colorfulness", "value": 1.5, "level": "L0", "analyzer": "color", "analyzer_version": "1.0"}


def test_claim_lease_settle_lifecycle(engine):
    clock = Clock()
    job_id = make_job(engine, 2)
    a = claim(engine, "A", clock)
    assert (a.attempts, a.stored_path, a.options) == (1, "images/x.jpg", {"analyzers": ["math"]})
    assert job_row(engine, job_id).status == JobStatus.RUNNING
    b = claim(engine, "B", clock)
    assert b.item_id != a.item_id
    assert claim(engine, "C", clock) is None  # both leased
    assert complete(engine, a, "A", clock, [VALUE])
    assert not complete(engine, b, "A", clock)  # only the owner can settle
    assert complete(engine, b, "B", clock, [VALUE])
    job = job_row(engine, job_id)
    assert (job.status, job.completed_items, job.total_items) == (JobStatus.COMPLETED, 2, 2)
    assert job.finished_at == clock()


def test_expired_lease_is_reclaimed_and_the_old_owner_cannot_settle(engine):
    clock = Clock()
    make_job(engine, 1)
    first = claim(engine, "dead", clock, lease=10)
    clock.advance(5)
    assert claim(engine, "other", clock) is None  # still leased
    clock.advance(6)
    again = claim(engine, "other", clock)
    assert again.item_id == first.item_id and again.attempts == 2
    assert not complete(engine, first, "dead", clock, [VALUE])
    assert complete(engine, again, "other", clock, [VALUE])


def test_heartbeat_keeps_a_long_item(engine):
    clock = Clock()
    make_job(engine, 1)
    c = claim(engine, "A", clock, lease=10)
    for _ in range(5):
        clock.advance(8)
        with transaction(engine) as s:
            assert jobs.extend_lease(s, c.item_id, "A", clock(), 10)
        assert claim(engine, "B", clock) is None
    with transaction(engine) as s:
        assert not jobs.extend_lease(s, c.item_id, "B", clock(), 10)


def test_item_that_keeps_killing_its_runner_is_failed_after_max_attempts(engine):
    clock = Clock()
    job_id = make_job(engine, 1)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        c = claim(engine, f"r{attempt}", clock, lease=5)
        assert c.attempts == attempt
        clock.advance(6)  # runner "dies": lease expires
    assert claim(engine, "next", clock) is None  # exhausted: never handed out again
    with transaction(engine) as s:
        assert jobs.fail_exhausted(s, clock()) == [job_id]
    job = job_row(engine, job_id)
    assert job.status == JobStatus.FAILED and "(crashed or was killed) 3 times" in job.error_summary


def test_transient_failure_backs_off_then_retries_permanent_failure_does_not(engine):
    clock = Clock()
    job_id = make_job(engine, 2)
    t = claim(engine, "A", clock)
    with transaction(engine) as s:
        assert jobs.settle_failed(s, t, "A", clock(), error="disk busy", detail="tb", retry=True) == P
    p = claim(engine, "A", clock)
    assert p.item_id != t.item_id  # the transient one waits for its back-off
    with transaction(engine) as s:
        assert jobs.settle_failed(s, p, "A", clock(), error="not an image", detail="tb", retry=False) == F
    assert claim(engine, "A", clock) is None
    clock.advance(jobs.retry_delay(1) + 0.1)
    t2 = claim(engine, "A", clock)
    assert t2.item_id == t.item_id and t2.attempts == 2
    assert complete(engine, t2, "A", clock)
    job = job_row(engine, job_id)
    assert job.status == JobStatus.COMPLETED_WITH_ERRORS
    assert job.error_summary == "1 × not an image"


def test_values_are_replaced_on_a_rerun_of_the_same_item_never_duplicated(engine):
    clock = Clock()
    make_job(engine, 1)
    c = claim(engine, "A", clock, lease=5)
    with transaction(engine) as s:  # simulate a settle whose commit raced with lease expiry
        jobs.settle_completed(s, c, "A", clock(), values=[VALUE], provenance={}, warning=None, duration_s=1)
    with transaction(engine) as s:
        s.query(UploadJobItem).update({"status": R, "lease_owner": "A", "lease_expires_at": clock.advance(5)})
    clock.advance(6)
    c2 = claim(engine, "B", clock)
    assert complete(engine, c2, "B", clock, [VALUE, {**VALUE, "key": "color.warmth", "value": -0.3}])
    with transaction(engine, write=False) as s:
        keys = Counter(v.key for v in s.query(AttributeValue))
    assert keys == {"color.colorfulness": 1, "color.warmth": 1}


def test_cancel_retry_rerun_and_release(engine):
    clock = Clock()
    job_id = make_job(engine, 4)
    running = claim(engine, "A", clock)
    failed = claim(engine, "A", clock)
    with transaction(engine) as s:
        jobs.settle_failed(s, failed, "A", clock(), error="bad", detail=None, retry=False)
        assert jobs.cancel_job(s, job_id, clock()) == 2
    assert job_row(engine, job_id).status == JobStatus.RUNNING  # the running item still finishes
    assert complete(engine, running, "A", clock)
    assert job_row(engine, job_id).status == JobStatus.CANCELLED
    with transaction(engine) as s:
        assert jobs.retry_failed(s, job_id, clock()) == 1
    assert job_row(engine, job_id).status == JobStatus.RUNNING
    again = claim(engine, "A", clock)
    assert again.item_id == failed.item_id and again.attempts == 1
    with transaction(engine) as s:
        assert jobs.release(s, again, "A", clock())
        new = jobs.rerun_job(s, job_id, created_by="ta", now=clock())
    assert claim(engine, "A", clock).attempts == 1  # released: the try did not count
    assert new.total_items == 4 and new.label.startswith(f"Re-run of #{job_id}")


def test_job_items_pages_and_throughput(engine):
    clock = Clock()
    job_id = make_job(engine, 5)
    for _ in range(3):
        clock.advance(10)
        complete(engine, claim(engine, "A", clock), "A", clock)
    with transaction(engine, write=False) as s:
        rows = jobs.job_items(s, job_id, limit=2)
        assert len(rows) == 2 and rows[0].analyzers == ["x"] and rows[0].name == "img0.jpg"
        assert jobs.count_items(s, job_id) == 5 and jobs.count_items(s, job_id, status=C) == 3
        assert [r.status for r in jobs.job_items(s, job_id, status=P)] == [P, P]
        assert jobs.throughput(s, job_id, clock()) == pytest.approx(3 / 20 * 60)


def _claim_all(url, name, q):
    engine = make_engine(url)
    got = []
    from datetime import UTC, datetime
    while True:
        with transaction(engine) as s:
            c = jobs.claim_next(s, name, datetime.now(UTC), 60)
        if c is None:
            break
        got.append(c.item_id)
    q.put(got)


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_concurrent_claims_never_hand_out_an_item_twice(kind, request):
    engine = request.getfixturevalue(f"{'sqlite' if kind == 'sqlite' else 'pg'}_engine")
    make_job(engine, 120)
    url = engine.url.render_as_string(hide_password=False)
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    procs = [ctx.Process(target=_claim_all, args=(url, f"w{i}", q)) for i in range(4)]
    for p in procs:
        p.start()
    claimed = [i for _ in procs for i in q.get(timeout=120)]
    for p in procs:
        p.join(30)
    assert len(claimed) == 120 and len(set(claimed)) == 120
