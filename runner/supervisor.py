"""Starting runners: in this process, as N worker processes, or detached from the app.

Signal handlers only set a flag: the current item finishes, then the worker exits.
"""

from __future__ import annotations

import fcntl
import logging
import multiprocessing as mp
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from db import runners
from db.engine import make_engine, transaction
from db.models import utcnow
from runner.worker import Worker

SPAWN_GRACE_S = 30.0  # a runner spawned this recently is assumed to be starting up
OUTCOMES = {"alive": "A runner is already alive.", "starting": "A runner is starting.",
            "started": "Started a runner in the background."}


def _install_stop_handlers(worker: Worker) -> None:
    def handler(signum, _frame):
        logging.getLogger("runner").info("signal %s: finishing the current item, then stopping", signum)
        worker.stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def run_single(url: str, data_dir: Path, *, burst: bool, lease_seconds: float, max_attempts: int) -> int:
    engine = make_engine(url)
    worker = Worker(engine, data_dir, lease_seconds=lease_seconds, max_attempts=max_attempts)
    _install_stop_handlers(worker)
    logging.getLogger("runner").info("runner %s started (burst=%s)", worker.id, burst)
    done = worker.run(burst=burst)
    logging.getLogger("runner").info("runner %s stopped after %d items", worker.id, done)
    engine.dispose()
    return done


def _child(url: str, data_dir: str, burst: bool, lease_seconds: float, max_attempts: int) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(process)d %(levelname)s %(message)s")
    run_single(url, Path(data_dir), burst=burst, lease_seconds=lease_seconds, max_attempts=max_attempts)


def run_workers(url: str, data_dir: Path, *, workers: int, burst: bool, lease_seconds: float,
                max_attempts: int) -> int:
    """Run ``workers`` worker processes until they stop; SIGTERM/SIGINT are passed on to them."""
    if workers == 1:
        run_single(url, data_dir, burst=burst, lease_seconds=lease_seconds, max_attempts=max_attempts)
        return 0
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_child, args=(url, str(data_dir), burst, lease_seconds, max_attempts),
                         name=f"worker-{i}")
             for i in range(workers)]
    for p in procs:
        p.start()

    def forward(signum, _frame):
        for p in procs:
            if p.is_alive():
                os.kill(p.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    for p in procs:
        p.join()
    return max((p.exitcode or 0) for p in procs)


def ensure_runner(engine, data_dir: Path, *, root: Path) -> str:
    """Start a detached runner when none has a fresh heartbeat. Returns what it found or did.

    The runner gets its own session (survives app restarts) and logs to
    ``<data>/logs/runner.log``. A lock file and a spawn marker keep concurrent app sessions
    from starting several at once.
    """
    with transaction(engine, write=False) as s:
        if runners.alive(s, utcnow()):
            return "alive"
    logs = data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    marker = data_dir / "runner.spawned"
    with open(data_dir / "runner.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.exists() and time.time() - marker.stat().st_mtime < SPAWN_GRACE_S:
            return "starting"
        env = {**os.environ, "IMAGE_TAGGER_DATA": str(data_dir),
               "IMAGE_TAGGER_DB": engine.url.render_as_string(hide_password=False)}
        with open(logs / "runner.log", "ab") as out:
            proc = subprocess.Popen([sys.executable, "manage.py", "runner"], cwd=root, env=env,
                                    stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                    start_new_session=True)
        marker.write_text(str(proc.pid))
    return "started"
