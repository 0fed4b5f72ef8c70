"""The jobs kernel in immediate mode: outcomes, retries with a limit, never half-applied, recovery, schedules."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
import sqlalchemy as sa

from tests.builders import create_user
from workforce.kernel import jobs
from workforce.kernel.contract import JobKind, Schedule, registry
from workforce.kernel.jobs import runner
from workforce.kernel.models import ServiceArea
from workforce.kernel.roles import Role


@pytest.fixture
def kinds(app):
    """Registers test job kinds on the app for one test; `calls` counts each kind's runs."""
    added: list[str] = []
    calls: dict[str, int] = {}
    failures: list[tuple[int, str]] = []

    def add(name: str, work, **options):
        def run(context):
            calls[name] = calls.get(name, 0) + 1
            return work(context)

        registry(app).job_kinds[name] = JobKind(name, name.title(), run, **options)
        added.append(name)

    add.calls = calls
    add.failures = failures
    yield add
    for name in added:
        registry(app).job_kinds.pop(name, None)
    registry(app).schedules.pop("tests.nightly", None)


def add_area(name: str) -> None:
    from workforce.extensions import db

    db.session.add(ServiceArea(name=name))
    db.session.flush()


def area_exists(name: str) -> bool:
    from workforce.extensions import db

    return db.session.execute(sa.select(ServiceArea.id).where(ServiceArea.name == name)).first() is not None


def test_a_job_runs_after_its_transaction_commits_and_records_its_result(db, kinds):
    def work(context):
        add_area(context.params["area"] + " " + context.upload.decode())
        context.progress(1, 1, "Adding the area")
        return jobs.JobResult(
            "Added one area", values={"filename": "areas.csv"}, file=("areas.csv", b"a,b\n", "text/csv")
        )

    kinds("tests.add-area", work)
    user = create_user(role=Role.HR)
    job = jobs.start("tests.add-area", user, upload=("in.txt", b"North"), area="Jobs")
    assert job.status is jobs.JobStatus.QUEUED
    db.session.commit()
    jobs.run_ready()

    db.session.refresh(job)
    assert job.status is jobs.JobStatus.DONE
    assert job.result_summary == "Added one area"
    assert job.attempts == 1 and job.started_by_id == user.id
    assert (job.progress_done, job.progress_total) == (1, 1)
    assert area_exists("Jobs North")
    assert job.file(jobs.JobFileRole.UPLOAD) is None
    assert job.file(jobs.JobFileRole.RESULT).content == b"a,b\n"


def test_a_job_started_in_a_transaction_that_rolls_back_never_runs(db, kinds):
    kinds("tests.noop", lambda context: None)
    jobs.start("tests.noop", None)
    db.session.rollback()
    jobs.run_ready()
    assert kinds.calls == {}


def test_an_error_is_retried_up_to_the_limit_then_the_job_fails_with_nothing_saved(db, kinds):
    def work(context):
        add_area(f"Half {context.attempt}")
        raise ValueError("a broken row")

    kinds("tests.broken", work, max_attempts=3, retry_delay=0)
    job = jobs.start("tests.broken", None, upload=("in.csv", b"x"))
    db.session.commit()
    jobs.run_ready()

    db.session.refresh(job)
    assert kinds.calls["tests.broken"] == 3
    assert job.status is jobs.JobStatus.FAILED
    assert job.attempts == 3
    assert "stopped because of an error in WPQ (ValueError)" in job.failure_reason
    assert "a broken row" not in job.failure_reason  # the error's text may quote data
    assert not any(area_exists(f"Half {attempt}") for attempt in (1, 2, 3))
    assert job.files == []


def test_a_refusal_fails_at_once_without_another_attempt(db, kinds):
    def work(context):
        raise jobs.JobFailed("The file has no header row.")

    kinds("tests.refused", work, max_attempts=3)
    job = jobs.start("tests.refused", None)
    db.session.commit()
    jobs.run_ready()
    db.session.refresh(job)
    assert (job.status, job.attempts, job.failure_reason) == (jobs.JobStatus.FAILED, 1, "The file has no header row.")


def test_work_that_commits_by_itself_is_refused_and_rolled_back(db, kinds):
    from workforce.extensions import db as database

    def work(context):
        add_area("Committed early")
        database.session.commit()

    kinds("tests.commits", work, max_attempts=1)
    job = jobs.start("tests.commits", None)
    db.session.commit()
    jobs.run_ready()
    db.session.refresh(job)
    assert job.status is jobs.JobStatus.FAILED
    assert not area_exists("Committed early")


def test_a_job_delivered_again_after_it_finished_does_nothing(db, kinds):
    kinds("tests.once", lambda context: add_area("Once"))
    job = jobs.start("tests.once", None)
    db.session.commit()
    jobs.run_ready()
    runner.run_job(job.id)
    runner.run_job(job.id)
    assert kinds.calls["tests.once"] == 1
    db.session.refresh(job)
    assert job.status is jobs.JobStatus.DONE and job.attempts == 1


def test_parameters_must_be_plain_json(db, kinds):
    from datetime import date

    kinds("tests.noop", lambda context: None)
    with pytest.raises(ValueError, match="plain JSON"):
        jobs.start("tests.noop", None, on=date(2026, 1, 1))
    with pytest.raises(KeyError):
        jobs.start("tests.not-registered", None)


def dead_worker() -> str:
    """A worker string for a process on this machine that has ended."""
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return f"{socket.gethostname()}:{finished.stdout.strip()}:deadbeef"


def abandoned_job(db, kind: str, attempts: int, max_attempts: int) -> jobs.Job:
    job = jobs.Job(
        kind=kind,
        status=jobs.JobStatus.RUNNING,
        params={},
        result={},
        attempts=attempts,
        max_attempts=max_attempts,
        worker=dead_worker(),
        started_at=runner.clock.now(),
    )
    job.files.append(jobs.JobFile(role=jobs.JobFileRole.UPLOAD, filename="in.csv", content=b"x", size=1))
    db.session.add(job)
    db.session.commit()
    return job


def test_a_job_whose_worker_died_is_tried_again(db, kinds):
    kinds("tests.recovered", lambda context: add_area("Recovered"))
    job = abandoned_job(db, "tests.recovered", attempts=1, max_attempts=3)
    runner.recover_abandoned_jobs()
    jobs.run_ready()
    db.session.refresh(job)
    assert job.status is jobs.JobStatus.DONE and job.attempts == 2
    assert area_exists("Recovered")
    assert job.files == []


def test_a_job_whose_worker_died_on_its_last_attempt_is_failed_and_its_upload_removed(db, kinds):
    seen = []
    kinds("tests.lost", lambda context: add_area("Never"), on_failure=lambda context, reason: seen.append(reason))
    job = abandoned_job(db, "tests.lost", attempts=2, max_attempts=2)
    runner.recover_abandoned_jobs()
    jobs.run_ready()
    db.session.refresh(job)
    assert job.status is jobs.JobStatus.FAILED
    assert "stopped before it finished, 2 times" in job.failure_reason
    assert job.files == [] and seen == [job.failure_reason]
    assert kinds.calls == {}


def test_a_job_whose_worker_is_alive_is_left_alone(db, kinds):
    kinds("tests.alive", lambda context: None)
    job = abandoned_job(db, "tests.alive", attempts=1, max_attempts=3)
    job.worker = runner.worker_id()  # this very process
    db.session.commit()
    runner.recover_abandoned_jobs()
    db.session.refresh(job)
    assert job.status is jobs.JobStatus.RUNNING


def test_a_schedule_starts_its_job_and_not_again_while_it_is_unfinished(app, db, kinds):
    kinds("tests.nightly-work", lambda context: None)
    registry(app).schedules["tests.nightly"] = Schedule("tests.nightly", "tests.nightly-work", {"hour": "2"})
    first = runner.start_scheduled("tests.nightly")
    assert runner.start_scheduled("tests.nightly") is None  # the first has not run yet
    jobs.run_ready()
    db.session.refresh(first)
    assert first.status is jobs.JobStatus.DONE and first.started_by_id is None
    assert runner.start_scheduled("tests.nightly") is not None


def test_job_kinds_and_schedules_are_registered_once():
    from workforce.kernel.contract import ModuleRegistry

    modules = ModuleRegistry()
    modules.add_job(JobKind("a", "A", lambda context: None))
    with pytest.raises(ValueError):
        modules.add_job(JobKind("a", "A", lambda context: None))
    with pytest.raises(ValueError):
        modules.add_job(JobKind("b", "B", lambda context: None, max_attempts=0))
    modules.add_schedule(Schedule("s", "a", {"minute": "0"}))
    with pytest.raises(ValueError):
        modules.add_schedule(Schedule("s", "a", {"minute": "0"}))


# The pages.


def test_a_job_page_is_seen_by_whoever_started_it_and_administrators_only(db, kinds, client_request):
    kinds("tests.export", lambda context: jobs.JobResult("Made the file", file=("out.csv", b"1,2\n", "text/csv")))
    starter = create_user(role=Role.HR)
    other = create_user(role=Role.HR)
    admin = create_user(role=Role.ADMINISTRATOR)
    job = jobs.start("tests.export", starter)
    db.session.commit()
    jobs.run_ready()

    client_request.login(other)
    client_request.get("jobs.show_job", 404, job_id=job.id)
    client_request.get("jobs.download_job_result", 404, job_id=job.id)
    client_request.get("jobs.list_jobs", 403)
    client_request.login(admin)
    page = client_request.get("jobs.show_job", job_id=job.id)
    assert "Made the file" in page.text
    client_request.login(starter)
    page = client_request.get("jobs.show_job", job_id=job.id)
    assert "Download out.csv" in page.text
    response = client_request.client.get(client_request.url("jobs.download_job_result", job_id=job.id))
    assert response.status_code == 200 and response.data == b"1,2\n"
    # Kept until downloaded.
    client_request.get("jobs.download_job_result", 404, job_id=job.id)


def test_the_jobs_page_filters_by_status(db, kinds, client_request):
    kinds("tests.fine", lambda context: jobs.JobResult("Fine job"))
    kinds("tests.bad", lambda context: (_ for _ in ()).throw(jobs.JobFailed("Bad job")))
    jobs.start("tests.fine", None)
    jobs.start("tests.bad", None)
    db.session.commit()
    jobs.run_ready()
    client_request.login(create_user(role=Role.ADMINISTRATOR))
    page = client_request.get("jobs.list_jobs", _query={"status": "failed"})
    assert "Bad job" in page.text and "Fine job" not in page.text
    page = client_request.get("jobs.list_jobs")
    assert "Bad job" in page.text and "Fine job" in page.text


def test_the_worker_starts_while_another_process_holds_the_write_lock(db, monkeypatch):
    from workforce.kernel.jobs import commands

    attempts, pauses = [], []

    def busy_twice():
        attempts.append(1)
        if len(attempts) < 3:
            raise sa.exc.OperationalError("DELETE FROM job_files", {}, Exception("database is locked"))

    monkeypatch.setattr(runner, "recover_abandoned_jobs", busy_twice)
    assert commands.recover_at_start(pause=pauses.append) is True
    assert len(attempts) == 3 and pauses == [1, 2]


def test_the_worker_keeps_starting_when_the_database_stays_busy(db, monkeypatch):
    from workforce.kernel.jobs import commands

    def always_busy():
        raise sa.exc.OperationalError("DELETE FROM job_files", {}, Exception("database is locked"))

    monkeypatch.setattr(runner, "recover_abandoned_jobs", always_busy)
    pauses = []
    assert commands.recover_at_start(pause=pauses.append) is False
    assert len(pauses) == commands.START_ATTEMPTS - 1
