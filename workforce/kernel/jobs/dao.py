"""The job pages' queries."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import undefer

from workforce.extensions import db
from workforce.kernel.jobs.constants import JobFileRole, JobStatus
from workforce.kernel.jobs.models import Job, JobFile


def list_latest_jobs(limit: int, status: JobStatus | None = None) -> list[Job]:
    """The latest jobs, newest first, of one status if given."""
    query = select(Job).order_by(Job.id.desc()).limit(limit)
    if status is not None:
        query = query.where(Job.status == status)
    return list(db.session.execute(query).scalars())


def count_jobs_by_status() -> dict[JobStatus, int]:
    return dict(db.session.execute(select(Job.status, func.count()).group_by(Job.status)).all())


def get_result_file(job_id: int) -> JobFile | None:
    """The file a job made, with its content loaded."""
    query = select(JobFile).where(JobFile.job_id == job_id, JobFile.role == JobFileRole.RESULT)
    return db.session.execute(query.options(undefer(JobFile.content))).scalar()


def list_unfinished_jobs(kinds) -> list[Job]:
    """The jobs of these kinds that are queued or running, in the order they were started."""
    return list(
        db.session.execute(
            select(Job)
            .where(Job.kind.in_(list(kinds)), Job.status.in_((JobStatus.QUEUED, JobStatus.RUNNING)))
            .order_by(Job.id)
        ).scalars()
    )
