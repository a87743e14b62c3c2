"""The worker loop: claim an item, run it, settle it; repeat, backing off when idle.

- :meth:`Worker.run_once` does one item and says whether there was one (tests drive it directly).
- :meth:`Worker.run` loops until stopped (or, with ``burst``, until the queue is empty).
- A heartbeat thread keeps the runner row fresh and extends the current item's lease, so a
  long item is never taken by another runner while this one is alive; when this process dies,
  the lease simply expires and the item is claimed again.
- A per-item failure is recorded with its traceback; the loop goes on. Database hiccups in the
  loop itself are logged and retried.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from db import jobs, runners
from db.engine import transaction
from db.models import utcnow
from runner.errors import ItemError, TransientError
from runner.process import ItemResult, process

log = logging.getLogger("runner")

IDLE_MIN_S = 0.1
IDLE_MAX_S = 2.0
SWEEP_EVERY_S = 5.0


class Worker:
    def __init__(self, engine: Engine, data_dir: Path, *, lease_seconds: float = 60.0,
                 max_attempts: int = jobs.MAX_ATTEMPTS,
                 clock: Callable[[], datetime] = utcnow,
                 process_item: Callable[..., ItemResult] = process, runner_id: str | None = None):
        self.engine = engine
        self.data_dir = data_dir
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts
        self.clock = clock
        self.process_item = process_item
        self.id = runner_id or f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.stop = threading.Event()
        self.items_done = 0
        self.current: jobs.Claim | None = None
        self._heart: threading.Thread | None = None

    # --- registration and heartbeat -------------------------------------------------------

    def register(self) -> None:
        with transaction(self.engine) as s:
            runners.forget_old(s, self.clock())
            runners.register(s, self.id, host=socket.gethostname(), pid=os.getpid(), now=self.clock())

    def beat(self) -> None:
        now = self.clock()
        current = self.current
        with transaction(self.engine) as s:
            runners.beat(s, self.id, now, current_item_id=current.item_id if current else None,
                         items_done=self.items_done)
            if current is not None:
                jobs.extend_lease(s, current.item_id, self.id, now, self.lease_seconds)

    def start_heart(self) -> None:
        interval = max(0.2, min(5.0, self.lease_seconds / 3))

        def loop():
            while not self.stop.wait(interval):
                try:
                    self.beat()
                except Exception:  # noqa: BLE001 - a missed beat is retried next interval
                    log.exception("heartbeat failed")

        self._heart = threading.Thread(target=loop, name="heartbeat", daemon=True)
        self._heart.start()

    # --- one item ---------------------------------------------------------------------------

    def sweep(self) -> None:
        """Fail items that kept killing their runners (their lease expired ``max_attempts`` times)."""
        with transaction(self.engine) as s:
            jobs.fail_exhausted(s, self.clock(), self.max_attempts)

    def run_once(self) -> bool:
        """Claim and finish one item. False when nothing was claimable."""
        with transaction(self.engine) as s:
            claim = jobs.claim_next(s, self.id, self.clock(), self.lease_seconds, max_attempts=self.max_attempts)
        if claim is None:
            return False
        self.current = claim
        t0 = time.perf_counter()
        try:
            result = self.process_item(claim, self.data_dir)
        except TransientError as exc:
            self._settle_failed(claim, str(exc), traceback.format_exc(), retry=True, t0=t0)
        except ItemError as exc:
            self._settle_failed(claim, str(exc), traceback.format_exc(), retry=False, t0=t0)
        except Exception as exc:  # noqa: BLE001 - record, never crash the loop
            log.exception("item %s failed", claim.item_id)
            self._settle_failed(claim, f"Unexpected error while analysing: {type(exc).__name__}: {exc}",
                                traceback.format_exc(), retry=False, t0=t0)
        else:
            self._settle(lambda s: jobs.settle_completed(
                s, claim, self.id, self.clock(), values=result.values, provenance=result.provenance,
                warning=result.warning, duration_s=time.perf_counter() - t0))
        self.current = None
        self.items_done += 1
        return True

    def _settle_failed(self, claim, error: str, detail: str, *, retry: bool, t0: float) -> None:
        self._settle(lambda s: jobs.settle_failed(s, claim, self.id, self.clock(), error=error, detail=detail,
                                                  retry=retry, duration_s=time.perf_counter() - t0,
                                                  max_attempts=self.max_attempts))

    def _settle(self, write: Callable) -> None:
        """Write the outcome, retrying database hiccups; if that never works, the lease expires
        and another runner redoes the item (results are replaced, never duplicated)."""
        for attempt in range(5):
            try:
                with transaction(self.engine) as s:
                    if not write(s):
                        log.warning("lost the lease on item %s before settling; result discarded",
                                    self.current.item_id if self.current else "?")
                return
            except OperationalError:
                log.exception("settle failed (try %d)", attempt + 1)
                time.sleep(0.2 * 2**attempt)

    # --- the loop ---------------------------------------------------------------------------

    def run(self, *, burst: bool = False) -> int:
        """Work until :attr:`stop` is set (or the queue is empty with ``burst``). Returns items done."""
        self.register()
        self.start_heart()
        idle = IDLE_MIN_S
        last_sweep = 0.0
        try:
            while not self.stop.is_set():
                try:
                    if time.monotonic() - last_sweep > SWEEP_EVERY_S:
                        self.sweep()
                        last_sweep = time.monotonic()
                    did = self.run_once()
                except Exception:  # noqa: BLE001 - the loop must outlive any one failure
                    log.exception("error in the runner loop; retrying after a pause")
                    self.stop.wait(IDLE_MAX_S)
                    did = False
                if did:
                    idle = IDLE_MIN_S
                    continue
                if burst:
                    break
                self.stop.wait(idle)
                idle = min(idle * 2, IDLE_MAX_S)
        finally:
            self.stop.set()
            if self._heart is not None:
                self._heart.join(timeout=30)  # a beat in flight must not land after "stopped"
            try:
                with transaction(self.engine) as s:
                    runners.mark_stopped(s, self.id, self.clock())
            except Exception:  # noqa: BLE001
                log.exception("could not mark runner stopped")
        return self.items_done
