"""Real runner processes against a real database: helpers to start, signal and inspect them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from db import jobs
from db.engine import transaction
from db.models import utcnow
from ingest.limits import Limits
from ingest.sources import Candidate
from ingest.store import job_image_ids, stage
from science.synthetic import camera_like
from settings import ROOT
from tests.science.images import encode


def ingest_job(engine, data_dir, n: int, *, size=(640, 480), extra: dict[str, bytes] | None = None) -> int:
    """A job of ``n`` distinct generated photos (plus ``extra`` named files), through the real ingest path."""
    cands = [Candidate(f"room{i}.jpg", encode(camera_like(*size, seed=i), "JPEG", quality=88)) for i in range(n)]
    cands += [Candidate(name, data) for name, data in (extra or {}).items()]
    rows = list(stage(engine, cands, limits=Limits(), data_dir=data_dir))
    with transaction(engine) as s:
        return jobs.create_job(s, label="t", created_by="ta", options=jobs.METRICS_ONLY,
                               image_ids=job_image_ids(rows), now=utcnow()).id


class RunnerProcs:
    """`python manage.py runner` subprocesses sharing one database and data folder."""

    def __init__(self, url: str, data_dir, log_dir, **env):
        self.env = {**os.environ, "IMAGE_TAGGER_DB": url, "IMAGE_TAGGER_DATA": str(data_dir),
                    **{k: str(v) for k, v in env.items()}}
        self.log_dir = log_dir
        self.procs: list[subprocess.Popen] = []

    def start(self, *args: str) -> subprocess.Popen:
        with open(self.log_dir / f"runner-{len(self.procs)}.log", "wb") as log:  # the child keeps its own copy
            proc = subprocess.Popen([sys.executable, "manage.py", "runner", *args], cwd=ROOT, env=self.env,
                                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen, sig=signal.SIGKILL) -> None:
        if proc.poll() is None:
            os.killpg(proc.pid, sig)
        proc.wait(30)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.log_dir.glob("runner-*.log")))

    def stop_all(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(30)


@pytest.fixture
def runner_procs(tmp_path, request):
    made: list[RunnerProcs] = []

    def factory(url, data_dir, **env):
        log_dir = tmp_path / "runner-logs"
        log_dir.mkdir(exist_ok=True)
        procs = RunnerProcs(url, data_dir, log_dir, **env)
        made.append(procs)
        return procs

    yield factory
    for procs in made:
        procs.stop_all()


def wait_for(predicate, timeout: float, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"condition not met within {timeout} s")
