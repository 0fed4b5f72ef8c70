"""Jobs against a real worker process (`wpq worker`'s consumer) on a database of their own: SQLite by default,
PostgreSQL when DATABASE_URL names one. Workers are killed with SIGKILL part-way through a caseload import, and
part-way through computing and publishing a reporting month."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa
from flask import current_app

from tests.caseloads.builders import case_file
from tests.conftest import make_url_parts, reset_database
from workforce.app import create_app
from workforce.caseloads import imports, jobs
from workforce.caseloads.constants import ImportJobStatus
from workforce.caseloads.models import CaseloadCase, CaseloadImportJob, CaseloadSnapshot
from workforce.extensions import db
from workforce.kernel.jobs import Job, JobFile, JobStatus
from workforce.people.constants import EmploymentType
from workforce.people.models import StaffMember

REPOSITORY = Path(__file__).resolve().parents[2]
#: Rows in the extract: more than one saving chunk, so that a worker can be stopped with some rows written.
ROWS = 2 * imports.CHUNK + 500
WORKERS = 20
#: How long to wait for a worker to reach a point (it starts an app and checks thousands of rows on a busy
#: machine); a wait that runs out fails the test, it never measures speed.
PATIENCE = 300


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield "sqlite:///" + str(tmp_path_factory.mktemp("jobs") / "wpq-jobs.sqlite3")
        return
    server, _, name = make_url_parts(url)
    own = f"{name}{os.environ.get('PYTEST_XDIST_WORKER', '')}_jobs"
    admin = sa.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{own}"')
    yield f"{server}/{own}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture(scope="module")
def worker_app(database_url, tmp_path_factory):
    """An app that hands jobs to a queue file shared with the worker processes, as the web app does."""
    queue_file = str(tmp_path_factory.mktemp("queue") / "wpq-queue.sqlite3")
    app = create_app(
        {
            "WPQ_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "JOBS_IMMEDIATE": False,
            "JOBS_QUEUE_FILE": queue_file,
        }
    )
    with app.app_context():
        reset_database(db.engine)
        flask_migrate.upgrade()
        for number in range(WORKERS):
            db.session.add(
                StaffMember(
                    employee_number=f"W{number}",
                    first_name="Case",
                    last_name=f"Holder {number}",
                    employment_type=EmploymentType.AGENCY,
                )
            )
        db.session.commit()
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def context(worker_app):
    with worker_app.app_context():
        yield worker_app
        db.session.remove()


class Workers:
    """Starts worker processes and stops them all at the end of the test."""

    def __init__(self, app, tmp_path: Path):
        self.app = app
        self.tmp_path = tmp_path
        self.processes: list[subprocess.Popen] = []
        self.logs: list = []

    def environment(self, **extra) -> dict:
        url = self.app.config["SQLALCHEMY_DATABASE_URI"].replace("postgresql+psycopg://", "postgresql://")
        return {
            **os.environ,
            "WPQ_ENV": "development",
            "DATABASE_URL": url,
            "WPQ_JOBS_QUEUE_FILE": self.app.config["JOBS_QUEUE_FILE"],
            "WPQ_JOBS_HEARTBEAT_SECONDS": "1",
            **extra,
        }

    def start(self, held: Path | None = None, **extra) -> subprocess.Popen:
        if held is not None:
            extra["WPQ_TEST_HOLD_FILE"] = str(held)
        log = open(self.tmp_path / f"worker-{len(self.processes)}.log", "w")  # noqa: SIM115 (closed in stop_all)
        self.logs.append(log)
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.kernel.job_worker"],
            cwd=REPOSITORY,
            env=self.environment(**extra),
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        self.processes.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in self.processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in self.logs:
            log.close()


@pytest.fixture
def workers(worker_app, tmp_path):
    started = Workers(worker_app, tmp_path)
    yield started
    started.stop_all()


def wait_for(condition, what: str, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        db.session.rollback()  # a fresh view of what the other processes committed
        value = condition()
        if value:
            return value
        if process is not None and process.poll() is not None:
            raise AssertionError(f"The worker ended (exit code {process.returncode}) before {what}")
        time.sleep(0.2)
    raise AssertionError(f"Gave up waiting for {what}")


def extract() -> bytes:
    return case_file([[f"MOS-{row}", "CIN", f"W{row % WORKERS}", "", "", "2025-09-01"] for row in range(ROWS)])


def start_import(on: date, max_attempts: int | None = None) -> int:
    record = jobs.create_job(imports.SnapshotImport(extract(), "extract.csv", on))
    if max_attempts is not None:
        record.background_job.max_attempts = max_attempts
    db.session.commit()
    return record.id


def record_of(import_id: int) -> CaseloadImportJob:
    return db.session.get(CaseloadImportJob, import_id, populate_existing=True)


def saved_for(on: date) -> tuple[int, int]:
    snapshots = db.session.execute(
        sa.select(sa.func.count()).select_from(CaseloadSnapshot).where(CaseloadSnapshot.snapshot_date == on)
    ).scalar_one()
    cases = db.session.execute(
        sa.select(sa.func.count())
        .select_from(CaseloadCase)
        .join(CaseloadSnapshot, CaseloadCase.snapshot_id == CaseloadSnapshot.id)
        .where(CaseloadSnapshot.snapshot_date == on)
    ).scalar_one()
    return snapshots, cases


def uploads_of(job_id: int) -> int:
    return db.session.execute(
        sa.select(sa.func.count()).select_from(JobFile).where(JobFile.job_id == job_id)
    ).scalar_one()


def kill_while_saving(workers: Workers, tmp_path: Path, import_id: int) -> Job:
    held = tmp_path / "held"
    worker = workers.start(held=held)
    wait_for(held.exists, "the worker to reach the middle of saving", worker)
    record = record_of(import_id)
    assert record.background_job.status is JobStatus.RUNNING
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    return record.background_job


def test_a_caseload_import_whose_worker_is_killed_while_saving_is_retried_and_saved_once(context, workers, tmp_path):
    on = date(2025, 10, 31)
    import_id = start_import(on)
    job = kill_while_saving(workers, tmp_path, import_id)

    # Killed with rows written but not committed: nothing of the snapshot is in the database.
    assert saved_for(on) == (0, 0)
    assert record_of(import_id).status is ImportJobStatus.QUEUED
    assert uploads_of(job.id) == 1  # kept: the job has not ended, it will be tried again

    worker = workers.start()  # as it starts, it finds the job abandoned and runs it again
    record = wait_for(lambda: record_of(import_id).status.finished and record_of(import_id), "the import", worker)
    assert record.status is ImportJobStatus.IMPORTED
    assert record.background_job.status is JobStatus.DONE
    assert record.background_job.attempts == 2
    assert saved_for(on) == (1, ROWS)
    assert uploads_of(job.id) == 0


def test_a_caseload_import_killed_on_its_last_attempt_is_failed_with_nothing_saved_and_its_upload_removed(
    context, workers, tmp_path
):
    on = date(2025, 11, 30)
    import_id = start_import(on, max_attempts=1)
    job = kill_while_saving(workers, tmp_path, import_id)

    worker = workers.start()
    record = wait_for(lambda: record_of(import_id).status.finished and record_of(import_id), "the failure", worker)
    assert record.status is ImportJobStatus.FAILED
    assert record.background_job.status is JobStatus.FAILED
    assert "stopped before it finished" in record.background_job.failure_reason
    assert saved_for(on) == (0, 0)
    assert uploads_of(job.id) == 0


def test_an_import_started_while_no_worker_runs_waits_and_is_done_once_one_starts(context, workers):
    on = date(2025, 12, 31)
    import_id = start_import(on)
    assert record_of(import_id).background_job.status is JobStatus.QUEUED  # no worker is running

    worker = workers.start()
    record = wait_for(lambda: record_of(import_id).status.finished and record_of(import_id), "the import", worker)
    assert record.status is ImportJobStatus.IMPORTED
    assert record.background_job.attempts == 1
    assert saved_for(on) == (1, ROWS)


def test_an_import_whose_web_process_was_killed_before_handing_it_over_is_sent_again(context, workers, tmp_path):
    on = date(2026, 1, 31)
    path = tmp_path / "extract.csv"
    path.write_bytes(extract())
    web = subprocess.run(
        [sys.executable, "-m", "tests.kernel.web_process", str(path), on.isoformat()],
        cwd=REPOSITORY,
        env=workers.environment(),
        capture_output=True,
    )
    assert web.returncode == -signal.SIGKILL
    record = db.session.execute(sa.select(CaseloadImportJob).where(CaseloadImportJob.snapshot_date == on)).scalar_one()
    assert record.background_job.status is JobStatus.QUEUED

    # A queued job nobody picked up is sent again by the worker's recovery round (here at once).
    worker = workers.start(WPQ_JOBS_RESEND_AFTER_SECONDS="0")
    record = wait_for(lambda: record_of(record.id).status.finished and record_of(record.id), "the import", worker)
    assert record.status is ImportJobStatus.IMPORTED
    assert saved_for(on) == (1, ROWS)
    assert uploads_of(record.job_id) == 0


# Reporting months.

#: A month that has ended (the worker's clock is the real one).
PERIOD_MONTH = date(2026, 10, 1)


def plan_with_measures() -> None:
    from workforce.improvement import services

    strand = services.create_strand(services.create_plan("Workforce plan"), "Stability")
    db.session.flush()
    for measure_id in ("turnover_rate_fte", "agency_rate_fte"):
        services.add_plan_measure(strand, measure_id, 20.0, date(2025, 3, 31), 10.0, date(2027, 3, 31))
    db.session.commit()


def start_period_job(kind: str) -> int:
    from workforce.improvement import jobs as period_jobs

    with current_app.test_request_context():
        job, new = period_jobs.start(kind, PERIOD_MONTH, None)
    assert new
    db.session.commit()
    return job.id


def job_row(job_id: int) -> Job:
    return db.session.get(Job, job_id, populate_existing=True)


def period_rows() -> tuple[int, int, bool]:
    from workforce.improvement.models import PeriodValue, ReportingPeriod

    period = db.session.execute(
        sa.select(ReportingPeriod).where(ReportingPeriod.month == PERIOD_MONTH)
    ).scalar_one_or_none()
    values = db.session.execute(sa.select(sa.func.count()).select_from(PeriodValue)).scalar_one()
    return (0 if period is None else 1), values, bool(period and period.published)


def kill_while_writing_the_month(workers: Workers, tmp_path: Path, job_id: int, step: str) -> None:
    held = tmp_path / f"held-{step}"
    worker = workers.start(held=held, WPQ_TEST_HOLD_PERIOD=step)
    wait_for(held.exists, f"the worker to reach the middle of {step}", worker)
    assert job_row(job_id).status is JobStatus.RUNNING
    worker.send_signal(signal.SIGKILL)
    worker.wait()


def test_computing_and_publishing_a_month_whose_worker_is_killed_are_retried_and_saved_once(context, workers, tmp_path):
    from workforce.improvement import jobs as period_jobs
    from workforce.improvement.periods import scopes

    plan_with_measures()
    job_id = start_period_job(period_jobs.COMPUTE)
    kill_while_writing_the_month(workers, tmp_path, job_id, "compute")
    # Killed with the month's figures written but not committed: no month, no figures.
    assert period_rows() == (0, 0, False)

    worker = workers.start()
    job = wait_for(lambda: job_row(job_id).status.finished and job_row(job_id), "the month to be computed", worker)
    assert job.status is JobStatus.DONE and job.attempts == 2
    assert period_rows() == (1, 2 * len(scopes()), False)  # each figure once, not once per attempt
    workers.stop_all()

    job_id = start_period_job(period_jobs.PUBLISH)
    kill_while_writing_the_month(workers, tmp_path, job_id, "publish")
    assert period_rows() == (1, 2 * len(scopes()), False)  # marked published, then killed: still provisional

    worker = workers.start()
    job = wait_for(lambda: job_row(job_id).status.finished and job_row(job_id), "the month to be published", worker)
    assert job.status is JobStatus.DONE and job.attempts == 2
    assert period_rows() == (1, 2 * len(scopes()), True)
