"""Runner registrations and heartbeats. Functions take a Session and never commit."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from db.models import Runner

STALE_AFTER_S = 20.0  # a runner whose heartbeat is older than this is considered dead
FORGET_AFTER = timedelta(days=1)  # stopped or dead runners drop off the panel after this


def register(session: Session, runner_id: str, *, host: str, pid: int, now: datetime) -> None:
    session.add(Runner(id=runner_id, host=host, pid=pid, started_at=now, heartbeat_at=now, items_done=0,
                       status="running"))


def beat(session: Session, runner_id: str, now: datetime, *, current_item_id: int | None, items_done: int) -> None:
    session.execute(update(Runner).where(Runner.id == runner_id).values(
        heartbeat_at=now, current_item_id=current_item_id, items_done=items_done))


def mark_stopped(session: Session, runner_id: str, now: datetime) -> None:
    session.execute(update(Runner).where(Runner.id == runner_id).values(
        heartbeat_at=now, current_item_id=None, status="stopped"))


def is_alive(runner: Runner, now: datetime) -> bool:
    return runner.status == "running" and (now - runner.heartbeat_at).total_seconds() <= STALE_AFTER_S


def state(runner: Runner, now: datetime) -> str:
    """alive, stopped (exited cleanly) or gone (no heartbeat: killed or its machine is down)."""
    if is_alive(runner, now):
        return "alive"
    return "stopped" if runner.status == "stopped" else "gone"


def items_per_minute(runner: Runner, now: datetime) -> float:
    minutes = max((runner.heartbeat_at - runner.started_at).total_seconds() / 60, 1 / 60)
    return runner.items_done / minutes


def alive(session: Session, now: datetime) -> list[Runner]:
    cutoff = now - timedelta(seconds=STALE_AFTER_S)
    return list(session.scalars(select(Runner).where(Runner.status == "running", Runner.heartbeat_at >= cutoff)))


def recent(session: Session, now: datetime) -> list[Runner]:
    """Runners seen in the last day, newest heartbeat first."""
    return list(session.scalars(select(Runner).where(Runner.heartbeat_at >= now - FORGET_AFTER)
                                .order_by(Runner.heartbeat_at.desc())))


def forget_old(session: Session, now: datetime) -> int:
    return session.execute(delete(Runner).where(Runner.heartbeat_at < now - FORGET_AFTER)).rowcount
