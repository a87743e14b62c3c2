"""Upload jobs and their items: the durable work queue. Functions take a Session and never commit.

Item life cycle::

    PENDING --claim--> RUNNING --settle--> COMPLETED | FAILED
       ^                  |  lease expires (runner died): claimable again, attempts + 1
       +-- retry/backoff -+  after MAX_ATTEMPTS expired leases: FAILED ("kept stopping the runner")
    PENDING --cancel--> CANCELLED

Every claim sets a lease (owner + expiry) and bumps ``attempts``; the owner extends the lease
while it works; only the lease owner can settle. A job's status and counters are derived from
its items (:func:`derive_status`) and rewritten, under a lock on the job row, whenever an item
settles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from db.models import AttributeValue, Image, ItemStatus, JobStatus, UploadJob, UploadJobItem

MAX_ATTEMPTS = 3
METRICS_ONLY = {"analyzers": ["math"]}  # job options: image metrics, no VLM (the only choice so far)
RETRY_BASE_SECONDS = 2.0
RETRY_MAX_SECONDS = 60.0
TERMINAL_JOB = {JobStatus.COMPLETED, JobStatus.COMPLETED_WITH_ERRORS, JobStatus.FAILED, JobStatus.CANCELLED}
CRASH_MESSAGE = ("The runner stopped (crashed or was killed) {n} times while analysing this image, so it was "
                 "given up. The file may be too large or unusual for the analysis; try a smaller copy.")


@dataclass(frozen=True)
class Claim:
    item_id: int
    job_id: int
    image_id: int
    attempts: int
    stored_path: str
    options: dict


def derive_status(counts: Mapping[str, int]) -> JobStatus:
    """A job's status from how many of its items are in each status."""
    pending = counts.get(ItemStatus.PENDING, 0)
    running = counts.get(ItemStatus.RUNNING, 0)
    completed = counts.get(ItemStatus.COMPLETED, 0)
    failed = counts.get(ItemStatus.FAILED, 0)
    cancelled = counts.get(ItemStatus.CANCELLED, 0)
    total = pending + running + completed + failed + cancelled
    if pending or running:
        return JobStatus.RUNNING if running or completed or failed or cancelled else JobStatus.PENDING
    if cancelled:
        return JobStatus.CANCELLED
    if total and failed == total:
        return JobStatus.FAILED
    return JobStatus.COMPLETED_WITH_ERRORS if failed else JobStatus.COMPLETED


def progress(job: UploadJob) -> float:
    """Share of a job's items that are done one way or another (completed, failed, cancelled)."""
    done = job.completed_items + job.failed_items + job.cancelled_items
    return done / job.total_items if job.total_items else 1.0


def retry_delay(attempts: int) -> float:
    """Back-off before the next try of a transiently failed item: 2, 4, 8 … s, at most 60 s."""
    return min(RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS)


def create_job(session: Session, *, label: str, created_by: str | None, options: dict, image_ids: Sequence[int],
               now: datetime) -> UploadJob:
    """One job and one PENDING item per image, in the caller's transaction."""
    job = UploadJob(label=label.strip()[:200], created_by=created_by, options=options, created_at=now,
                    status=JobStatus.PENDING if image_ids else JobStatus.COMPLETED, total_items=len(image_ids),
                    completed_items=0, failed_items=0, cancelled_items=0,
                    finished_at=None if image_ids else now)
    session.add(job)
    session.flush()
    if image_ids:
        session.execute(insert(UploadJobItem), [
            {"job_id": job.id, "image_id": i, "status": ItemStatus.PENDING, "attempts": 0, "created_at": now}
            for i in image_ids])
    return job


def _claimable(now: datetime, max_attempts: int):
    return or_(
        and_(UploadJobItem.status == ItemStatus.PENDING,
             or_(UploadJobItem.not_before.is_(None), UploadJobItem.not_before <= now)),
        and_(UploadJobItem.status == ItemStatus.RUNNING, UploadJobItem.lease_expires_at < now,
             UploadJobItem.attempts < max_attempts),
    )


def fail_exhausted(session: Session, now: datetime, max_attempts: int = MAX_ATTEMPTS) -> list[int]:
    """Fail items whose lease expired after ``max_attempts`` tries: they keep killing their runner."""
    rows = session.execute(
        update(UploadJobItem)
        .where(UploadJobItem.status == ItemStatus.RUNNING, UploadJobItem.lease_expires_at < now,
               UploadJobItem.attempts >= max_attempts)
        .values(status=ItemStatus.FAILED, lease_owner=None, lease_expires_at=None, finished_at=now,
                error=CRASH_MESSAGE.format(n=max_attempts))
        .returning(UploadJobItem.job_id)
    ).scalars().all()
    for job_id in sorted(set(rows)):
        refresh_job(session, job_id, now)
    return rows


def claim_next(session: Session, owner: str, now: datetime, lease_seconds: float, *,
               max_attempts: int = MAX_ATTEMPTS) -> Claim | None:
    """Atomically take the oldest claimable item (pending, or running with an expired lease).

    Items that exhausted their tries are skipped here and failed by :func:`fail_exhausted`,
    which runners call every few seconds.
    """
    oldest = (select(UploadJobItem.id).where(_claimable(now, max_attempts)).order_by(UploadJobItem.id).limit(1)
              .with_for_update(skip_locked=True).scalar_subquery())
    row = session.execute(
        update(UploadJobItem)
        .where(UploadJobItem.id == oldest)
        .values(status=ItemStatus.RUNNING, lease_owner=owner, lease_expires_at=now + timedelta(seconds=lease_seconds),
                attempts=UploadJobItem.attempts + 1, started_at=now, not_before=None)
        .returning(UploadJobItem.id, UploadJobItem.job_id, UploadJobItem.image_id, UploadJobItem.attempts)
    ).first()
    if row is None:
        return None
    item_id, job_id, image_id, attempts = row
    session.execute(update(UploadJob).where(UploadJob.id == job_id, UploadJob.status == JobStatus.PENDING)
                    .values(status=JobStatus.RUNNING, started_at=now))
    stored_path, options = session.execute(
        select(Image.stored_path, UploadJob.options).select_from(UploadJobItem)
        .join(Image, Image.id == UploadJobItem.image_id).join(UploadJob, UploadJob.id == UploadJobItem.job_id)
        .where(UploadJobItem.id == item_id)).one()
    return Claim(item_id, job_id, image_id, attempts, stored_path, options or {})


def _owned(item_id: int, owner: str):
    return and_(UploadJobItem.id == item_id, UploadJobItem.lease_owner == owner,
                UploadJobItem.status == ItemStatus.RUNNING)


def extend_lease(session: Session, item_id: int, owner: str, now: datetime, lease_seconds: float) -> bool:
    """Heartbeat: push the lease forward. False if the item is no longer ours."""
    res = session.execute(update(UploadJobItem).where(_owned(item_id, owner))
                          .values(lease_expires_at=now + timedelta(seconds=lease_seconds)))
    return res.rowcount == 1


def settle_completed(session: Session, claim: Claim, owner: str, now: datetime, *, values: Sequence[dict],
                     provenance: dict, warning: str | None, duration_s: float) -> bool:
    """Record success and the item's values (replacing any from an earlier try). Owner only."""
    res = session.execute(
        update(UploadJobItem).where(_owned(claim.item_id, owner))
        .values(status=ItemStatus.COMPLETED, lease_owner=None, lease_expires_at=None, finished_at=now,
                duration_s=duration_s, error=warning, error_detail=None, analyzers=provenance))
    if res.rowcount != 1:
        return False
    session.execute(delete(AttributeValue).where(AttributeValue.item_id == claim.item_id))
    if values:
        session.execute(insert(AttributeValue), [
            {**v, "image_id": claim.image_id, "item_id": claim.item_id, "created_at": now} for v in values])
    refresh_job(session, claim.job_id, now)
    return True


def settle_failed(session: Session, claim: Claim, owner: str, now: datetime, *, error: str, detail: str | None,
                  retry: bool, duration_s: float | None = None, max_attempts: int = MAX_ATTEMPTS) -> str | None:
    """Record a failure. Transient ones (``retry``) go back to PENDING after a back-off while tries
    remain; the rest are FAILED. Returns the new status, or None if the item is not ours."""
    again = retry and claim.attempts < max_attempts
    status = ItemStatus.PENDING if again else ItemStatus.FAILED
    res = session.execute(
        update(UploadJobItem).where(_owned(claim.item_id, owner))
        .values(status=status, lease_owner=None, lease_expires_at=None, duration_s=duration_s,
                error=(f"{error} (will retry)" if again else error), error_detail=detail,
                not_before=now + timedelta(seconds=retry_delay(claim.attempts)) if again else None,
                finished_at=None if again else now))
    if res.rowcount != 1:
        return None
    refresh_job(session, claim.job_id, now)
    return status


def release(session: Session, claim: Claim, owner: str, now: datetime) -> bool:
    """Hand an unfinished item back untouched (graceful shutdown); the try does not count."""
    res = session.execute(
        update(UploadJobItem).where(_owned(claim.item_id, owner))
        .values(status=ItemStatus.PENDING, lease_owner=None, lease_expires_at=None,
                attempts=UploadJobItem.attempts - 1))
    if res.rowcount == 1:
        refresh_job(session, claim.job_id, now)
    return res.rowcount == 1


def item_counts(session: Session, job_id: int) -> dict[str, int]:
    return dict(session.execute(select(UploadJobItem.status, func.count()).where(UploadJobItem.job_id == job_id)
                                .group_by(UploadJobItem.status)).all())


def refresh_job(session: Session, job_id: int, now: datetime) -> UploadJob:
    """Rewrite a job's counters, status and error summary from its items (job row locked)."""
    job = session.scalars(select(UploadJob).where(UploadJob.id == job_id).with_for_update()).one()
    counts = item_counts(session, job_id)
    status = derive_status(counts)
    top_errors = session.execute(
        select(UploadJobItem.error, func.count()).where(UploadJobItem.job_id == job_id,
                                                        UploadJobItem.status == ItemStatus.FAILED)
        .group_by(UploadJobItem.error).order_by(func.count().desc(), UploadJobItem.error).limit(3)
    ).all() if counts.get(ItemStatus.FAILED) else []
    job.status = status
    job.total_items = sum(counts.values())
    job.completed_items = counts.get(ItemStatus.COMPLETED, 0)
    job.failed_items = counts.get(ItemStatus.FAILED, 0)
    job.cancelled_items = counts.get(ItemStatus.CANCELLED, 0)
    job.error_summary = "; ".join(f"{n} × {msg}" for msg, n in top_errors) or None
    if status in TERMINAL_JOB:
        job.finished_at = job.finished_at or now
    else:
        job.finished_at = None
    return job


def cancel_job(session: Session, job_id: int, now: datetime) -> int:
    """Cancel pending items (and running ones whose runner is gone); running ones finish."""
    res = session.execute(
        update(UploadJobItem)
        .where(UploadJobItem.job_id == job_id,
               or_(UploadJobItem.status == ItemStatus.PENDING,
                   and_(UploadJobItem.status == ItemStatus.RUNNING, UploadJobItem.lease_expires_at < now)))
        .values(status=ItemStatus.CANCELLED, lease_owner=None, lease_expires_at=None, finished_at=now))
    refresh_job(session, job_id, now)
    return res.rowcount


def retry_failed(session: Session, job_id: int, now: datetime) -> int:
    """Put a job's failed items back in the queue with fresh tries."""
    res = session.execute(
        update(UploadJobItem).where(UploadJobItem.job_id == job_id, UploadJobItem.status == ItemStatus.FAILED)
        .values(status=ItemStatus.PENDING, attempts=0, error=None, error_detail=None, not_before=None,
                finished_at=None, started_at=None))
    refresh_job(session, job_id, now)
    return res.rowcount


def rerun_job(session: Session, job_id: int, *, created_by: str | None, now: datetime) -> UploadJob:
    """A new job over the same images with the same options."""
    old = session.get(UploadJob, job_id)
    if old is None:
        raise LookupError(f"job #{job_id} does not exist")
    image_ids = session.scalars(select(UploadJobItem.image_id).where(UploadJobItem.job_id == job_id)
                                .order_by(UploadJobItem.id)).all()
    return create_job(session, label=f"Re-run of #{job_id} {old.label}".strip(), created_by=created_by,
                      options=dict(old.options or {}), image_ids=image_ids, now=now)


# --- read side (the monitor) -------------------------------------------------------------------


def recent_jobs(session: Session, limit: int = 50) -> list[UploadJob]:
    return list(session.scalars(select(UploadJob).order_by(UploadJob.id.desc()).limit(limit)))


def get_job(session: Session, job_id: int) -> UploadJob | None:
    return session.get(UploadJob, job_id)


@dataclass(frozen=True)
class ItemRow:
    id: int
    image_id: int
    name: str
    thumb_path: str | None
    status: str
    attempts: int
    error: str | None
    duration_s: float | None
    analyzers: list[str]


def _item_filter(job_id: int, status: str | None) -> list:
    return [UploadJobItem.job_id == job_id] + ([UploadJobItem.status == status] if status else [])


def count_items(session: Session, job_id: int, *, status: str | None = None) -> int:
    return session.scalar(select(func.count()).select_from(UploadJobItem).where(*_item_filter(job_id, status)))


def job_items(session: Session, job_id: int, *, status: str | None = None, offset: int = 0,
              limit: int = 100) -> list[ItemRow]:
    """One page of a job's items with their images."""
    where = _item_filter(job_id, status)
    rows = session.execute(
        select(UploadJobItem.id, UploadJobItem.image_id, Image.original_name, Image.thumb_path,
               UploadJobItem.status, UploadJobItem.attempts, UploadJobItem.error, UploadJobItem.duration_s,
               UploadJobItem.analyzers)
        .join(Image, Image.id == UploadJobItem.image_id).where(*where)
        .order_by(UploadJobItem.id).offset(offset).limit(limit)).all()
    return [ItemRow(*r[:8], sorted((r[8] or {}).get("versions") or {})) for r in rows]


def throughput(session: Session, job_id: int, now: datetime, window_s: float = 300) -> float:
    """Images finished per minute: over the last ``window_s`` seconds while the job runs, over its
    whole run once it has finished (0 when nothing has finished)."""
    job = session.get(UploadJob, job_id)
    if job is None or job.started_at is None:
        return 0.0
    if job.status in TERMINAL_JOB and job.finished_at is not None:
        done = job.completed_items + job.failed_items
        return done / max((job.finished_at - job.started_at).total_seconds(), 1.0) * 60
    since = max(now - timedelta(seconds=window_s), job.started_at)
    count = session.scalar(
        select(func.count()).where(UploadJobItem.job_id == job_id, UploadJobItem.finished_at >= since,
                                   UploadJobItem.status.in_([ItemStatus.COMPLETED, ItemStatus.FAILED])))
    return count / max((now - since).total_seconds(), 1.0) * 60
