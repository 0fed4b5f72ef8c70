"""Starting, running, retrying and recovering jobs. The `jobs` row is the truth; the queue only carries ids.

A job is claimed with a compare-and-set (`queued` to `running`), so a task delivered twice runs once, and a task
that finds its job finished does nothing. The work runs in one transaction that also records the job as done,
so it is saved whole or not at all; an error rolls everything back and the job is tried again up to its kind's
limit, then marked failed with the reason. Progress and the running worker's heartbeat are written beside the
queue (Huey's key-value store: the SQLite queue file or Redis), never in the transaction doing the work.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import delete, event, select, update
from sqlalchemy.orm import Session

from workforce.extensions import db
from workforce.kernel import audit_trail, clock
from workforce.kernel.contract import JobKind, registry
from workforce.kernel.jobs import queue
from workforce.kernel.jobs.constants import JobFileRole, JobStatus
from workforce.kernel.jobs.models import Job, JobFile

log = logging.getLogger(__name__)

#: session.info keys: jobs started in the transaction (sent to the queue when it commits), jobs ready to run in
#: immediate mode, and whether a job's work is under way (and has written anything) in this session.
TO_SEND = "wpq.jobs.to_send"
READY = "wpq.jobs.ready"
WORKING = "wpq.jobs.working"
WROTE = "wpq.jobs.wrote"

_boot = {"pid": None, "token": None}


class JobFailed(Exception):
    """Raised by a job's work to fail at once, without another attempt, with a reason the user can act on."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class JobResult:
    """What a job's work returns: a one-sentence summary, values for the page that started it, where to see
    the result, and the file to download when the result is a file (filename, content, media type)."""

    summary: str
    values: dict[str, Any] = field(default_factory=dict)
    url: str | None = None
    file: tuple[str, bytes, str] | None = None


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    stage: str | None

    @property
    def percent(self) -> int:
        return min(100, round(self.done * 100 / self.total)) if self.total else 0


def worker_id() -> str:
    """This process as "host:pid:boot"; the boot token tells a restarted process from one that had its pid."""
    if _boot["pid"] != os.getpid():
        _boot.update(pid=os.getpid(), token=secrets.token_hex(4))
    return f"{socket.gethostname()}:{_boot['pid']}:{_boot['token']}"


def _setting(name: str) -> float:
    return float(current_app.config[name])


def _progress_key(job_id: int) -> str:
    return f"wpq.job.{job_id}.progress"


def _heartbeat_key(job_id: int) -> str:
    return f"wpq.job.{job_id}.heartbeat"


class JobContext:
    """What a job's work gets: its parameters, its upload, and `progress(done, total, stage)`."""

    def __init__(self, job: Job, kind: JobKind):
        self.job = job
        self.kind = kind
        self.job_id = job.id
        self.params = dict(job.params or {})
        self.started_by_id = job.started_by_id
        self.attempt = job.attempts
        self.done, self.total, self.stage = 0, 0, None
        self._last_written = 0.0

    @property
    def upload(self) -> bytes | None:
        upload = self.job.file(JobFileRole.UPLOAD)
        return upload.content if upload else None

    @property
    def upload_filename(self) -> str | None:
        upload = self.job.file(JobFileRole.UPLOAD)
        return upload.filename if upload else None

    def progress(self, done: int, total: int, stage: str | None = None) -> None:
        """Say how far the work has got. Written beside the queue (its own short write, outside the work's
        transaction) at most every JOBS_PROGRESS_SECONDS, and whenever the stage changes or the work is done."""
        changed = stage is not None and stage != self.stage
        self.done, self.total = done, total
        if stage is not None:
            self.stage = stage
        now = time.monotonic()
        if changed or done >= total or now - self._last_written >= _setting("JOBS_PROGRESS_SECONDS"):
            self._last_written = now
            try:
                queue.huey_of().put(_progress_key(self.job_id), {"done": done, "total": total, "stage": self.stage})
            except Exception:  # progress is for people watching; the work goes on without it
                log.warning("Could not write the progress of job %s", self.job_id, exc_info=True)

    def end_reading(self) -> None:
        """End the part of the work that only reads, so that its writes start from a fresh view of the database
        (SQLite refuses a write from a transaction whose view is older than another process's commit). Refused
        once the work has written anything: the work is still saved whole or not at all."""
        session = db.session()
        if session.new or session.dirty or session.deleted or session.info.get(WROTE):
            raise RuntimeError("end_reading() is only for work that has not written anything yet.")
        session.info.pop(WORKING, None)
        try:
            session.commit()
        finally:
            session.info[WORKING] = True


def start(
    kind: str,
    started_by: Any = None,
    *,
    upload: tuple[str, bytes] | None = None,
    result_url: str | None = None,
    **params,
) -> Job:
    """Add a job of a registered kind and return it. It is handed to the queue when the caller's transaction
    commits (so a rolled-back request starts nothing). `upload` is (filename, content): kept with the job and
    removed when it ends. `result_url` is the page where its result shows (the work's JobResult.url wins).
    `params` must be plain JSON values (dates as ISO text)."""
    job_kind = registry().job_kinds.get(kind)
    if job_kind is None:
        raise KeyError(f"No job kind called {kind!r} is registered.")
    try:
        json.dumps(params)
    except TypeError as error:
        raise ValueError(f"Job parameters must be plain JSON values: {error}") from None
    started_by_id = getattr(started_by, "id", started_by)
    job = Job(
        kind=kind,
        status=JobStatus.QUEUED,
        params=params,
        started_by_id=started_by_id,
        max_attempts=job_kind.max_attempts,
        queued_at=clock.now(),
        result={},
        result_url=result_url,
    )
    if upload is not None:
        filename, content = upload
        job.files.append(JobFile(role=JobFileRole.UPLOAD, filename=filename[:255], content=content, size=len(content)))
    db.session.add(job)
    db.session.flush()
    _send_after_commit(db.session(), job.id)
    return job


def unfinished(kind: str, **params) -> Job | None:
    """The queued or running job of `kind` whose parameters include `params`, if there is one: so that a page
    can show the job already under way instead of starting the same work twice."""
    candidates = db.session.execute(
        select(Job).where(Job.kind == kind, Job.status.in_((JobStatus.QUEUED, JobStatus.RUNNING))).order_by(Job.id)
    ).scalars()
    return next((job for job in candidates if all(job.params.get(k) == v for k, v in params.items())), None)


def start_or_resume(kind: str, started_by: Any, *, result_url: str | None = None, **params) -> Job:
    """The person's queued or running job of `kind` with these parameters, or a new one: pressing the button
    again (or reloading) shows the job under way instead of doing the same work twice."""
    started_by_id = getattr(started_by, "id", started_by)
    candidates = db.session.execute(
        select(Job)
        .where(
            Job.kind == kind,
            Job.started_by_id == started_by_id,
            Job.status.in_((JobStatus.QUEUED, JobStatus.RUNNING)),
        )
        .order_by(Job.id)
    ).scalars()
    under_way = next((job for job in candidates if job.params == params), None)
    return under_way or start(kind, started_by, result_url=result_url, **params)


def _send_after_commit(session: Session, job_id: int, delay: int = 0) -> None:
    session.info.setdefault(TO_SEND, []).append((job_id, delay))


@event.listens_for(Session, "after_commit")
def _send_started_jobs(session: Session) -> None:
    to_send = session.info.pop(TO_SEND, None)
    if not to_send or not has_app_context():
        return
    if current_app.config.get("JOBS_IMMEDIATE"):
        # The session cannot run the job inside its own commit: `run_ready` does, after the request.
        session.info.setdefault(READY, []).extend(job_id for job_id, _ in to_send)
        return
    for job_id, delay in to_send:
        try:
            queue.send(job_id, delay)
        except Exception:  # the queue is down: the recovery round sends queued jobs again
            log.exception("Could not hand job %s to the queue; it will be sent again", job_id)


@event.listens_for(Session, "after_rollback")
def _forget_unsent_jobs(session: Session) -> None:
    session.info.pop(TO_SEND, None)


@event.listens_for(Session, "after_flush")
def _note_work_written(session: Session, flush_context) -> None:
    if session.info.get(WORKING):
        session.info[WROTE] = True


@event.listens_for(Session, "before_commit")
def _refuse_commits_inside_work(session: Session) -> None:
    if session.info.get(WORKING):
        raise RuntimeError("A job's work must not commit: the runner commits it whole when it succeeds.")


def run_ready() -> None:
    """Immediate mode (tests): run the jobs committed so far in this session, and any they start or retry."""
    session = db.session()
    while session.info.get(READY):
        queue.send(session.info[READY].pop(0))


def _claim(job_id: int) -> Job | None:
    claimed = db.session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.QUEUED)
        .values(
            status=JobStatus.RUNNING,
            attempts=Job.attempts + 1,
            started_at=clock.now(),
            worker=worker_id(),
            stage=None,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if claimed != 1:
        return None
    return db.session.get(Job, job_id, populate_existing=True)


class Heartbeat:
    """While the work runs, a thread says every JOBS_HEARTBEAT_SECONDS that this worker is alive."""

    def __init__(self, job_id: int, worker: str):
        self.huey = queue.huey_of()
        self.key = _heartbeat_key(job_id)
        self.worker = worker
        self.interval = _setting("JOBS_HEARTBEAT_SECONDS")
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"wpq-heartbeat-{job_id}", daemon=True)

    def _write(self) -> None:
        try:
            self.huey.put(self.key, {"worker": self.worker, "at": time.time()})
        except Exception:
            log.warning("Could not write the heartbeat %s", self.key, exc_info=True)

    def _beat(self) -> None:
        while not self.stopped.wait(self.interval):
            self._write()

    def __enter__(self):
        self._write()
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join()


def run_job(job_id: int) -> None:
    """The task's body: claim the job, do its work in one transaction, record the outcome."""
    job = _claim(job_id)
    if job is None:
        return
    kind = registry().job_kinds.get(job.kind)
    if kind is None:
        _mark_failed(job, f"WPQ has no kind of job called {job.kind!r} (was it removed?).", None)
        db.session.commit()
        return
    context = JobContext(job, kind)
    session = db.session()
    # Changes are attributed to whoever started the job, or to the schedule that did.
    origin = audit_trail.Origin.JOB if job.started_by_id else audit_trail.Origin.SCHEDULE
    try:
        with (
            Heartbeat(job.id, worker_id()),
            audit_trail.acting_as(f"{kind.title} (job {job.id})", origin, job.started_by_id),
        ):
            session.info[WORKING] = True
            try:
                outcome = kind.run(context)
            finally:
                session.info.pop(WORKING, None)
                session.info.pop(WROTE, None)
            _record_success(job, context, outcome)
            db.session.commit()
    except Exception as error:
        db.session.rollback()
        log.exception("Job %s (%s), attempt %s, stopped", job_id, kind.name, context.attempt)
        _record_error(job_id, kind, error)
    finally:
        _forget_live(job_id)


def _record_success(job: Job, context: JobContext, outcome: JobResult | None) -> None:
    outcome = outcome or JobResult(summary=f"{context.kind.title}: done")
    job.status = JobStatus.DONE
    job.finished_at = clock.now()
    job.result_summary = outcome.summary[:500]
    job.result = outcome.values
    job.result_url = outcome.url or job.result_url
    job.failure_reason = None
    job.progress_done, job.progress_total = context.done or context.total, context.total
    job.stage = None
    _remove_upload(job)
    if outcome.file is not None:
        filename, content, media_type = outcome.file
        job.files.append(
            JobFile(
                role=JobFileRole.RESULT,
                filename=filename[:255],
                content=content,
                size=len(content),
                media_type=media_type,
            )
        )


def _error_reason(kind: JobKind, error: Exception) -> str:
    if isinstance(error, JobFailed):
        return error.reason
    # The error's class only: its text can quote the data (SQL parameters), which the page must not show.
    return f"{kind.title} stopped because of an error in WPQ ({type(error).__name__}). Nothing was saved."


def _record_error(job_id: int, kind: JobKind, error: Exception) -> None:
    job = db.session.get(Job, job_id, populate_existing=True)
    if job is None or job.status is not JobStatus.RUNNING:
        return
    reason = _error_reason(kind, error)
    if not isinstance(error, JobFailed) and job.attempts < job.max_attempts:
        job.status = JobStatus.QUEUED
        job.worker = None
        job.queued_at = clock.now()
        job.failure_reason = f"Attempt {job.attempts} of {job.max_attempts} failed: {reason} Trying again."
        _send_after_commit(db.session(), job.id, kind.retry_delay)
    else:
        _mark_failed(job, reason, kind)
    db.session.commit()


def _remove_upload(job: Job) -> None:
    for item in [item for item in job.files if item.role is JobFileRole.UPLOAD]:
        job.files.remove(item)


def _mark_failed(job: Job, reason: str, kind: JobKind | None) -> None:
    job.status = JobStatus.FAILED
    job.finished_at = clock.now()
    job.failure_reason = reason
    job.worker = None
    _remove_upload(job)
    if kind is not None and kind.on_failure is not None:
        try:
            with db.session.begin_nested():
                kind.on_failure(JobContext(job, kind), reason)
        except Exception:
            log.exception("The failure hook of job %s (%s) failed", job.id, kind.name)


def _forget_live(job_id: int) -> None:
    try:
        huey = queue.huey_of()
        huey.delete(_progress_key(job_id))
        huey.delete(_heartbeat_key(job_id))
    except Exception:
        log.warning("Could not clear the progress of job %s", job_id, exc_info=True)


def live_progress(job: Job) -> Progress:
    """How far a job has got: from beside the queue while it runs, from its row once it has ended."""
    if job.status is JobStatus.RUNNING:
        try:
            written = queue.huey_of().get(_progress_key(job.id), peek=True)
        except Exception:
            written = None
        if written:
            return Progress(written["done"], written["total"], written["stage"])
    return Progress(job.progress_done, job.progress_total, job.stage)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def worker_alive(job: Job) -> bool:
    """The lease: a job's worker is alive while its heartbeat is fresh. On this machine a worker whose process
    has gone (or whose pid a restarted process now holds) is known dead at once, without waiting for the lease."""
    host, _, rest = (job.worker or "").partition(":")
    pid, _, boot = rest.partition(":")
    if host == socket.gethostname() and pid.isdigit():
        if int(pid) == os.getpid():
            return boot == _boot["token"]
        if not _pid_alive(int(pid)):
            return False
    try:
        beat = queue.huey_of().get(_heartbeat_key(job.id), peek=True)
    except Exception:
        return True  # the queue's store cannot be read: do not take work away from a worker that may be alive
    lease = _setting("JOBS_LEASE_SECONDS")
    if beat and beat.get("worker") == job.worker:
        return time.time() - beat["at"] < lease
    started = clock.as_utc(job.started_at)
    return started is not None and clock.now() - started < timedelta(seconds=lease)


def recover_abandoned_jobs() -> None:
    """One recovery round (each minute in the worker, and as it starts): running jobs whose worker died are
    tried again up to their limit or marked failed, their uploads removed; queued jobs the queue seems to have
    lost are sent again; downloads older than JOBS_RESULT_KEEP_HOURS are removed."""
    now = clock.now()
    kinds = registry().job_kinds
    for job in db.session.execute(select(Job).where(Job.status == JobStatus.RUNNING)).scalars().all():
        if worker_alive(job):
            continue
        still_there = (Job.id == job.id, Job.status == JobStatus.RUNNING, Job.worker == job.worker)
        if job.attempts < job.max_attempts:
            reason = (
                f"The worker running attempt {job.attempts} of {job.max_attempts} stopped before it finished; "
                "nothing it did was saved. Trying again."
            )
            moved = db.session.execute(
                update(Job)
                .where(*still_there)
                .values(status=JobStatus.QUEUED, worker=None, queued_at=now, failure_reason=reason)
                .execution_options(synchronize_session=False)
            ).rowcount
            if moved:
                _send_after_commit(db.session(), job.id)
        else:
            moved = db.session.execute(
                update(Job).where(*still_there).values(worker=None).execution_options(synchronize_session=False)
            ).rowcount
            if moved:
                db.session.refresh(job)
                _mark_failed(
                    job,
                    f"The worker running it stopped before it finished, {job.attempts} times; nothing was saved.",
                    kinds.get(job.kind),
                )
        if moved:
            log.warning("Job %s (%s): its worker stopped; recovered", job.id, job.kind)
        _forget_live(job.id)
    lost = now - timedelta(seconds=_setting("JOBS_RESEND_AFTER_SECONDS"))
    for job in db.session.execute(select(Job).where(Job.status == JobStatus.QUEUED, Job.queued_at < lost)).scalars():
        job.queued_at = now
        _send_after_commit(db.session(), job.id)
    kept_until = now - timedelta(hours=_setting("JOBS_RESULT_KEEP_HOURS"))
    db.session.execute(
        delete(JobFile)
        .where(JobFile.role == JobFileRole.RESULT, JobFile.created_at < kept_until)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def start_scheduled(name: str) -> Job | None:
    """A schedule's moment has come: start its job, unless the last one it started has not ended yet."""
    schedule = registry().schedules[name]
    unfinished = db.session.execute(
        select(Job.id)
        .where(
            Job.kind == schedule.kind,
            Job.started_by_id.is_(None),
            Job.status.in_((JobStatus.QUEUED, JobStatus.RUNNING)),
        )
        .limit(1)
    ).scalar()
    if unfinished is not None:
        return None
    job = start(schedule.kind, None, **schedule.params)
    db.session.commit()
    return job
