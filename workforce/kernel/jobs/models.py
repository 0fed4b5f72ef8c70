"""The job table (the truth about every background job) and the files jobs read and make."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.jobs.constants import JobFileRole, JobStatus
from workforce.kernel.models import User, enum_column


class Job(db.Model):
    """One piece of background work. The queue only carries the job's id: this row says what it is, how far it
    has gone and how it ended, and a worker that finds it already finished does nothing."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The registered JobKind's name, e.g. "caseloads.import".
    kind: Mapped[str] = mapped_column(String(80), index=True)
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus, name="job_status"), index=True)
    #: Keyword arguments for the kind's run function (plain JSON values).
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    progress_done: Mapped[int] = mapped_column(Integer, default=0)
    progress_total: Mapped[int] = mapped_column(Integer, default=0)
    #: What the job is doing now, in words ("Checking rows").
    stage: Mapped[str | None] = mapped_column(String(200))
    #: One sentence saying what the job did ("Imported 4,210 cases held by 212 workers").
    result_summary: Mapped[str | None] = mapped_column(String(500))
    #: Values the starting page needs (e.g. the snapshot's id).
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Where the result can be seen (a path inside WPQ), when it is a page rather than a file.
    result_url: Mapped[str | None] = mapped_column(String(500))
    failure_reason: Mapped[str | None] = mapped_column(Text)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    #: When it was last handed to the queue (a queued job not picked up long after is handed again).
    queued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: The worker running it ("host:pid:boot"); its heartbeat lives beside the queue (`runner.Heartbeat`).
    worker: Mapped[str | None] = mapped_column(String(200))

    started_by: Mapped[User | None] = relationship()
    files: Mapped[list[JobFile]] = relationship(back_populates="job", cascade="all, delete-orphan")

    @property
    def percent_done(self) -> int:
        if not self.progress_total:
            return 100 if self.status is JobStatus.DONE else 0
        return min(100, round(self.progress_done * 100 / self.progress_total))

    def file(self, role: JobFileRole) -> JobFile | None:
        return next((item for item in self.files if item.role is role), None)

    def __str__(self) -> str:
        return f"Job {self.id} ({self.kind})"


class JobFile(db.Model):
    """A file a job reads (its upload) or makes (its download), kept in the database so that every web and
    worker process sees it, and removed with the job's end (uploads) or a day after it was made (results)."""

    __tablename__ = "job_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    role: Mapped[JobFileRole] = mapped_column(enum_column(JobFileRole, name="job_file_role"))
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(120), default="application/octet-stream")
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    size: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    job: Mapped[Job] = relationship(back_populates="files")
