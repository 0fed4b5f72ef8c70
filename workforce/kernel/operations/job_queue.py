"""The job queue as /readyz and /metrics see it: reachable or not, how many jobs wait, how many failed.

Read when asked (a readiness probe, a scrape), never counted inside the worker: the worker is a process of
its own that Prometheus does not scrape, and the jobs table and the queue already hold the answer.
"""

from __future__ import annotations

from flask import Flask, current_app
from sqlalchemy import case, func, select

from workforce.extensions import db
from workforce.kernel.operations import health, metrics


def _huey():
    from workforce.kernel.jobs import queue

    return current_app.extensions.get(queue.EXTENSION)


def queue_problem() -> str | None:
    """None when the queue's storage (Redis, or the SQLite queue file) answers."""
    huey = _huey()
    if huey is None:
        return None
    try:
        huey.pending_count()
    except Exception:  # whatever the storage raises, the queue is not usable
        return "unreachable"
    return None


def queue_depth() -> dict[str, int]:
    huey = _huey()
    if huey is None:
        return {}
    return {"pending": huey.pending_count(), "scheduled": huey.scheduled_count()}


def jobs_by_status() -> dict[str, int]:
    from workforce.kernel.jobs.models import Job

    rows = db.session.execute(select(Job.status, func.count()).group_by(Job.status)).all()
    return {str(status): count for status, count in rows}


def failed_attempts() -> dict[str, int]:
    """Attempts that did not succeed, by kind of job: every attempt of a failed job, and every attempt
    but the last of one that ran or is running (a retry follows a failed attempt)."""
    from workforce.kernel.jobs.constants import JobStatus
    from workforce.kernel.jobs.models import Job

    last_attempt_not_a_failure = func.sum(case((Job.status.in_([JobStatus.DONE, JobStatus.RUNNING]), 1), else_=0))
    rows = db.session.execute(
        select(Job.kind, func.sum(Job.attempts) - last_attempt_not_a_failure).group_by(Job.kind)
    ).all()
    return {kind: int(count or 0) for kind, count in rows}


def init_app(app: Flask) -> None:
    health.add_readiness_check(app, "job queue", queue_problem)
    metrics.add_scraped_gauge(app, "wpq_job_queue_depth", "Jobs waiting in the queue", "queue", queue_depth)
    metrics.add_scraped_gauge(app, "wpq_jobs", "Jobs in the jobs table by status", "status", jobs_by_status)
    metrics.add_scraped_gauge(
        app, "wpq_job_failed_attempts", "Job attempts that failed (retried or not), by kind", "kind", failed_attempts
    )
