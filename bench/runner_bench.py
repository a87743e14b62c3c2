"""Runner and ingest benchmarks (SQLite, the default deployment).

1. Bookkeeping: claim + settle + writing 39 value rows per item, with a pipeline that does
   nothing: items per second for one worker. Goal >= 200.
2. One worker with the real pipeline against the bare pipeline (``analyze`` in a loop) on the
   same 12 MP JPEGs: throughput ratio. Goal >= 0.90.
3. Two worker processes against one: throughput ratio, from the items' own start/finish
   timestamps (process start-up excluded). Goal >= 1.8 on two cores.
4. Ingest of 500 images: how long "Create job" takes and when the monitor's query sees the job.
   Goal: visible within 2 s of submit (upload transfer and per-file checks excluded).
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from pathlib import Path

from PIL import Image
from sqlalchemy import func, select

from db import images, jobs
from db.engine import make_engine, transaction
from db.migrations import migrate
from db.models import UploadJobItem, utcnow
from ingest.limits import Limits
from ingest.sources import Candidate
from ingest.store import job_image_ids, stage
from runner.process import ItemResult
from runner.supervisor import run_workers
from runner.worker import Worker
from science.pipeline import analyze
from science.registry import registry
from science.synthetic import camera_like


def _engine(folder: Path):
    engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
    migrate(engine)
    return engine


def _fake_images(engine, n: int) -> list[int]:
    with transaction(engine) as s:
        return [images.get_or_create(s, sha256=f"{i:064x}", original_name=f"{i}.jpg", stored_path="x.jpg",
                                     thumb_path=None, format="JPEG", width=1, height=1, bytes=1, uploaded_by=None)[0].id
                for i in range(n)]


def _new_job(engine, image_ids) -> int:
    with transaction(engine) as s:
        return jobs.create_job(s, label="bench", created_by=None, options=jobs.METRICS_ONLY,
                               image_ids=image_ids, now=utcnow()).id


def bookkeeping(n: int = 600) -> float:
    keys = [k for k, a in registry().items() if a.status == "implemented"]
    values = [{"key": k, "value": 0.5, "level": "L0", "analyzer": "color", "analyzer_version": "1.0"} for k in keys]

    def noop(_claim, _data_dir):
        return ItemResult(values, {"versions": {}}, None)

    with tempfile.TemporaryDirectory() as tmp:
        engine = _engine(Path(tmp))
        _new_job(engine, _fake_images(engine, n))
        worker = Worker(engine, Path(tmp), process_item=noop)
        t0 = time.perf_counter()
        done = worker.run(burst=True)
        return done / (time.perf_counter() - t0)


def _span_rate(engine, job_id) -> float:
    with transaction(engine, write=False) as s:
        first, last, count = s.execute(select(func.min(UploadJobItem.started_at), func.max(UploadJobItem.finished_at),
                                              func.count()).where(UploadJobItem.job_id == job_id)).one()
    return count / (last - first).total_seconds()


def pipeline_scaling(n: int = 24) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        engine = _engine(folder)
        blobs = []
        for i in range(n // 2):  # n/2 distinct photos, each stored twice as different files
            buf = io.BytesIO()
            Image.fromarray(camera_like(4000, 3000, seed=i)).save(buf, "JPEG", quality=90)
            blobs.append(buf.getvalue())
        rows = list(stage(engine, [Candidate(f"{i}.jpg", b) for i, b in enumerate(blobs)], limits=Limits(),
                          data_dir=folder))
        ids = job_image_ids(rows) * 2

        analyze(blobs[0])  # warm-up
        t0 = time.perf_counter()
        for b in blobs * 2:
            analyze(b)
        bare = len(ids) / (time.perf_counter() - t0)

        one_job = _new_job(engine, ids)
        Worker(engine, folder).run(burst=True)
        one = _span_rate(engine, one_job)

        two_job = _new_job(engine, ids)
        url = engine.url.render_as_string(hide_password=False)
        run_workers(url, folder, workers=2, burst=True, lease_seconds=60, max_attempts=3)
        two = _span_rate(engine, two_job)
    return {"bare_items_per_s": bare, "one_worker_items_per_s": one, "two_workers_items_per_s": two,
            "one_vs_bare": one / bare, "two_vs_one": two / one}


def ingest_500(n: int = 500) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        engine = _engine(folder)
        blobs = []
        for i in range(n):
            buf = io.BytesIO()
            Image.fromarray(camera_like(640, 480, seed=i)).save(buf, "JPEG", quality=85)
            blobs.append(buf.getvalue())
        t0 = time.perf_counter()
        rows = list(stage(engine, [Candidate(f"{i}.jpg", b) for i, b in enumerate(blobs)], limits=Limits(),
                          data_dir=folder))
        t1 = time.perf_counter()
        job_id = _new_job(engine, job_image_ids(rows))  # what the Create job button does
        t2 = time.perf_counter()
        monitor = make_engine(engine.url.render_as_string(hide_password=False))  # the app's own engine
        with transaction(monitor, write=False) as s:
            visible = any(j.id == job_id and j.total_items == n for j in jobs.recent_jobs(s))
        t3 = time.perf_counter()
    return {"files": n, "check_and_store_files_per_s": n / (t1 - t0), "submit_ms": (t2 - t1) * 1000,
            "submit_to_visible_ms": (t3 - t1) * 1000, "visible": visible}


def run() -> dict:
    rates = [bookkeeping() for _ in range(3)]
    return {"bookkeeping_items_per_s": statistics.median(rates), **pipeline_scaling(), **ingest_500()}


def report(res: dict) -> str:
    return "\n".join([
        "runner and ingest (SQLite)",
        f"  bookkeeping, no-op pipeline   {res['bookkeeping_items_per_s']:8.0f} items/s   (goal >= 200)",
        f"  bare pipeline, 12 MP JPEGs    {res['bare_items_per_s']:8.2f} items/s",
        f"  one worker                    {res['one_worker_items_per_s']:8.2f} items/s   "
        f"{res['one_vs_bare']:.2f}x bare (goal >= 0.90)",
        f"  two workers                   {res['two_workers_items_per_s']:8.2f} items/s   "
        f"{res['two_vs_one']:.2f}x one (goal >= 1.8)",
        f"  ingest {res['files']} images: check+store {res['check_and_store_files_per_s']:.0f} files/s; "
        f"Create job {res['submit_ms']:.0f} ms; visible to the monitor {res['submit_to_visible_ms']:.0f} ms "
        f"after submit (goal <= 2000)",
    ])
