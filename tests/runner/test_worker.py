"""The worker loop in this process, with the real pipeline and a real SQLite file."""

import shutil

from db import jobs
from db.engine import transaction
from db.models import AttributeValue, Image, ItemStatus, JobStatus, UploadJobItem
from runner.worker import Worker
from science.registry import registry
from tests.runner.conftest import ingest_job

N_KEYS = sum(a.status == "implemented" for a in registry().values())


def items(engine, job_id):
    with transaction(engine, write=False) as s:
        return {i.id: i for i in s.query(UploadJobItem).filter_by(job_id=job_id).order_by(UploadJobItem.id)}


def test_good_items_complete_with_values_and_provenance(sqlite_engine, data_dir):
    job_id = ingest_job(sqlite_engine, data_dir, 3, size=(320, 240))
    worker = Worker(sqlite_engine, data_dir)
    assert worker.run(burst=True) == 3
    with transaction(sqlite_engine, write=False) as s:
        job = jobs.get_job(s, job_id)
        counts = {}
        for v in s.query(AttributeValue):
            counts[v.item_id] = counts.get(v.item_id, 0) + 1
            assert v.analyzer_version == "1.0" and v.level in {"L0", "L1"}
    assert (job.status, job.completed_items) == (JobStatus.COMPLETED, 3)
    assert sorted(counts.values()) == [N_KEYS] * 3
    item = next(iter(items(sqlite_engine, job_id).values()))
    assert item.analyzers["analysis_size"] == [320, 240] and "color" in item.analyzers["versions"]
    assert item.duration_s > 0 and item.attempts == 1


def test_bad_stored_files_fail_with_a_clear_message_and_the_rest_complete(sqlite_engine, data_dir):
    job_id = ingest_job(sqlite_engine, data_dir, 3, size=(200, 150))
    rows = list(items(sqlite_engine, job_id).values())
    with transaction(sqlite_engine, write=False) as s:
        paths = [s.get(Image, r.image_id).stored_path for r in rows]
    (data_dir / paths[0]).unlink()  # the stored file vanished
    (data_dir / paths[1]).write_bytes((data_dir / paths[1]).read_bytes()[:300])  # and one got truncated on disk
    Worker(sqlite_engine, data_dir).run(burst=True)
    after = items(sqlite_engine, job_id)
    first, second, third = (after[r.id] for r in rows)
    assert first.status == ItemStatus.FAILED and "stored image file is missing" in first.error
    assert second.status == ItemStatus.FAILED and "truncated or corrupt" in second.error
    assert "Traceback" in second.error_detail  # the detail keeps the traceback for whoever debugs
    assert third.status == ItemStatus.COMPLETED
    with transaction(sqlite_engine, write=False) as s:
        job = jobs.get_job(s, job_id)
    assert job.status == JobStatus.COMPLETED_WITH_ERRORS and job.failed_items == 2
    assert "missing" in job.error_summary and "truncated" in job.error_summary


def test_unreadable_file_is_retried_with_back_off_and_then_succeeds(sqlite_engine, data_dir):
    job_id = ingest_job(sqlite_engine, data_dir, 1, size=(200, 150))
    (item,) = items(sqlite_engine, job_id).values()
    with transaction(sqlite_engine, write=False) as s:
        path = data_dir / s.get(Image, item.image_id).stored_path
    saved = path.read_bytes()
    path.unlink()
    path.mkdir()  # reading a directory fails with an OSError that is not "missing": transient
    worker = Worker(sqlite_engine, data_dir)
    assert worker.run_once()
    waiting = items(sqlite_engine, job_id)[item.id]
    assert waiting.status == ItemStatus.PENDING and "will retry" in waiting.error and waiting.not_before
    assert not worker.run_once()  # backing off
    shutil.rmtree(path)
    path.write_bytes(saved)
    with transaction(sqlite_engine) as s:  # let the back-off elapse
        s.query(UploadJobItem).update({"not_before": None})
    assert worker.run_once()
    done = items(sqlite_engine, job_id)[item.id]
    assert done.status == ItemStatus.COMPLETED and done.attempts == 2 and done.error is None


def test_unknown_analyzer_group_fails_the_item_not_the_runner(sqlite_engine, data_dir):
    job_id = ingest_job(sqlite_engine, data_dir, 2, size=(200, 150))
    with transaction(sqlite_engine) as s:
        jobs.get_job(s, job_id).options = {"analyzers": ["telepathy"]}
    Worker(sqlite_engine, data_dir).run(burst=True)
    assert {i.status for i in items(sqlite_engine, job_id).values()} == {ItemStatus.FAILED}
    assert "telepathy" in next(iter(items(sqlite_engine, job_id).values())).error
