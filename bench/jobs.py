"""Long work as jobs: computing and publishing a reporting month through the pages while a real worker process
does the work, and a caseload import whose worker is killed with SIGKILL part-way through.

    python -m bench.jobs DATABASE_URL [--month 2026-10] [--rows 20000]

The web side is the app served from a thread of this process (the pages a senior leader uses: start computing
the month, watch its progress page, confirm publishing, watch again); the worker is `wpq worker`'s consumer in a
process of its own, sharing a queue file in a temporary folder. Figures: each job's time from the button to the
page saying it is done, the worker's peak resident memory (VmHWM) against its memory before the job, and the
slowest web request of the run (every one should be well under a second, since no work runs in a request).
Then the SIGKILL run: a caseload import is started, its worker killed while it saves, a new worker started, and
the outcome checked (done once, or failed; no half-saved snapshot; the upload removed). Prints one JSON line.
Works on the database given (a throwaway copy: it computes, publishes and imports).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

from bench.harness import Server, sign_in_cookie

ROOT = Path(__file__).resolve().parent.parent
#: How long a job may take before the run gives up on it (a stress-size month on a busy machine is minutes).
PATIENCE = 1800
POLL_SECONDS = 0.5
WORKER_START = (
    "from workforce.app import create_app; from workforce.kernel.jobs.commands import run_worker; "
    "run_worker(create_app())"
)


def _kib(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return float(line.split()[1])
    return 0.0


class Worker:
    """A `wpq worker` process on the database and queue file given."""

    def __init__(self, database_url: str, queue_file: str, log: Path):
        self.log = open(log, "a")  # noqa: SIM115 (closed in stop)
        environment = {
            **os.environ,
            "WPQ_ENV": "development",
            "DATABASE_URL": database_url,
            "WPQ_JOBS_QUEUE_FILE": queue_file,
            "WPQ_JOBS_HEARTBEAT_SECONDS": "1",
            "PYTHONPATH": str(ROOT),
        }
        self.process = subprocess.Popen(  # noqa: S603  (our own interpreter running our own code)
            [sys.executable, "-c", WORKER_START], cwd=ROOT, env=environment, stdout=self.log, stderr=self.log
        )

    def ready(self, log: Path) -> None:
        deadline = time.monotonic() + 120
        while "running" not in log.read_text() or "WPQ worker" not in log.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the worker did not start:\n{log.read_text()[-2000:]}")
            time.sleep(0.2)

    def rss_mb(self) -> float:
        return _kib(self.process.pid, "VmRSS") / 1024

    def peak_mb(self) -> float:
        return _kib(self.process.pid, "VmHWM") / 1024

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


class Browser:
    """A signed-in senior leader's requests, each timed."""

    def __init__(self, port: int, cookie: str):
        self.port, self.cookie = port, cookie
        self.timings: list[tuple[float, str]] = []
        #: Requests that failed (a page that polls on while the worker holds SQLite's write lock, say).
        self.failed: list[str] = []

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Cookie": self.cookie}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        self.timings.append((time.perf_counter() - started, f"{method} {path.split('?')[0]}"))
        if response.status >= 500:
            self.failed.append(f"{method} {path.split('?')[0]}: {response.status}")
        location = response.getheader("Location", "")
        if response.getheader("Set-Cookie"):  # the session cookie is renewed as the session changes
            self.cookie = response.getheader("Set-Cookie").split(";")[0]
        connection.close()
        return response.status, text, location

    def csrf_token(self, path: str) -> str:
        _, text, _ = self.request("GET", path)
        found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', text)
        if not found:
            raise RuntimeError(f"no CSRF token on {path}")
        return found.group(1)

    def watch(self, path: str) -> tuple[str, int]:
        """Poll the job's page until it says Done or Failed: (that word, the number of polls)."""
        deadline = time.monotonic() + PATIENCE
        polls = 0
        while time.monotonic() < deadline:
            status, text, _ = self.request("GET", path + "?refresh=off")
            polls += 1
            heading = re.search(r'<h1 class="govuk-heading-l">([^<]+)</h1>', text)
            if status == 200 and heading and heading.group(1).strip() in ("Done", "Failed"):
                if heading.group(1).strip() == "Failed":
                    reason = re.search(r'govuk-error-summary__body"><p class="govuk-body">([^<]+)', text)
                    raise RuntimeError(f"the job failed: {reason.group(1) if reason else text[-500:]}")
                return heading.group(1).strip(), polls
            time.sleep(POLL_SECONDS)
        raise RuntimeError(f"gave up waiting for {path}")


def _month_free(app, month: date) -> None:
    """The benchmark computes the month afresh: drop it from this copy if an earlier run left it."""
    from sqlalchemy import delete, select

    from workforce.extensions import db
    from workforce.improvement import models

    with app.app_context():
        period_id = db.session.execute(
            select(models.ReportingPeriod.id).where(models.ReportingPeriod.month == month)
        ).scalar()
        if period_id is not None:
            for model in (models.PeriodValue, models.PeriodDefinition, models.PeriodRule, models.PeriodRevision):
                db.session.execute(delete(model).where(model.period_id == period_id))
            db.session.execute(delete(models.ReportingPeriod).where(models.ReportingPeriod.id == period_id))
            db.session.commit()
        db.session.remove()


def _running_seconds(app, job_id: int) -> float:
    """How long the job itself ran (claimed to done), apart from any wait in the queue."""
    from workforce.extensions import db
    from workforce.kernel.jobs import Job

    with app.app_context():
        job = db.session.get(Job, job_id)
        seconds = (job.finished_at - job.started_at).total_seconds()
        db.session.remove()
    return seconds


def _other_jobs(app, job_id: int) -> list[str]:
    """Jobs the worker was running while the month waited in the queue (on SQLite it runs one job at a time:
    the stored figures' refresh that the sign-in's write started, say)."""
    from sqlalchemy import select

    from workforce.extensions import db
    from workforce.kernel.jobs import Job

    with app.app_context():
        job = db.session.get(Job, job_id)
        kinds = db.session.execute(
            select(Job.kind).where(Job.id != job_id, Job.finished_at > job.created_at, Job.started_at <= job.started_at)
        ).scalars()
        found = sorted(set(kinds))
        db.session.remove()
    return found


def month_as_jobs(app, url: str, queue_file: str, folder: Path, month: date) -> dict:
    from workforce.kernel.demo import DEMO_PASSWORD, demo_email
    from workforce.kernel.roles import Role

    _month_free(app, month)
    log = folder / "worker-month.log"
    log.touch()
    worker = Worker(url, queue_file, log)
    try:
        worker.ready(log)
        rss_before = worker.rss_mb()
        with Server(app) as server:
            port = server.server.server_port
            browser = Browser(port, sign_in_cookie(port, demo_email(Role.SENIOR_LEADER), DEMO_PASSWORD))
            token = browser.csrf_token("/improvement/periods")
            started = time.perf_counter()
            status, _, location = browser.request(
                "POST", "/improvement/periods", {"csrf_token": token, "month": f"{month:%Y-%m}"}
            )
            if status != 302 or "/improvement/periods/jobs/" not in location:
                raise RuntimeError(f"computing the month did not start a job ({status} {location})")
            compute_job = int(location.rsplit("/", 1)[1])
            _, compute_polls = browser.watch(location.replace(f"http://127.0.0.1:{port}", ""))
            compute_seconds = time.perf_counter() - started

            started = time.perf_counter()
            status, _, location = browser.request(
                "POST", f"/improvement/periods/{month:%Y-%m}/publish", {"csrf_token": token, "confirmed": "yes"}
            )
            if status != 302 or "/improvement/periods/jobs/" not in location:
                raise RuntimeError(f"publishing the month did not start a job ({status} {location})")
            publish_job = int(location.rsplit("/", 1)[1])
            _, publish_polls = browser.watch(location.replace(f"http://127.0.0.1:{port}", ""))
            publish_seconds = time.perf_counter() - started
        peak = worker.peak_mb()
    finally:
        worker.stop()
    slowest, slowest_request = max(browser.timings)
    return {
        "compute_seconds": compute_seconds,
        "publish_seconds": publish_seconds,
        "compute_running_seconds": _running_seconds(app, compute_job),
        "publish_running_seconds": _running_seconds(app, publish_job),
        "queued_ahead": _other_jobs(app, compute_job),
        "worker_rss_before_mb": rss_before,
        "worker_peak_mb": peak,
        "requests": len(browser.timings),
        "polls": compute_polls + publish_polls,
        "failed_requests": browser.failed,
        "slowest_request_seconds": slowest,
        "slowest_request": slowest_request,
    }


def _case_file(app, rows: int) -> tuple[bytes, date]:
    import csv
    import io

    from sqlalchemy import select

    from workforce.extensions import db
    from workforce.people.models import StaffMember

    with app.app_context():
        numbers = db.session.execute(select(StaffMember.employee_number).order_by(StaffMember.id)).scalars().all()
        db.session.remove()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["CaseReference", "CaseType", "EmployeeNumber", "SWENo", "Team", "AllocationDate"])
    for row in range(rows):
        writer.writerow([f"BENCH-{row:07d}", "CIN", numbers[row % len(numbers)], "", "", "2026-01-05"])
    return buffer.getvalue().encode(), date(2026, 10, 30)


def killed_import(app, url: str, queue_file: str, folder: Path, rows: int) -> dict:
    """Start a caseload import, SIGKILL its worker once it is saving, start another, and check the outcome."""
    import sqlalchemy as sa

    from workforce.caseloads import imports
    from workforce.caseloads import jobs as caseload_jobs
    from workforce.caseloads.models import CaseloadCase, CaseloadImportJob, CaseloadSnapshot
    from workforce.extensions import db
    from workforce.kernel.jobs import Job, JobFile, JobStatus, live_progress

    data, on = _case_file(app, rows)
    with app.app_context():
        record = caseload_jobs.create_job(imports.SnapshotImport(data, "bench-kill.csv", on))
        db.session.commit()
        import_id, job_id = record.id, record.job_id
        db.session.remove()

    def job() -> Job:
        db.session.rollback()
        return db.session.get(Job, job_id, populate_existing=True)

    log = folder / "worker-kill.log"
    log.touch()
    worker = Worker(url, queue_file, log)
    killed_at = None
    with app.app_context():
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            current = job()
            if current.status.finished:
                break
            progress = live_progress(current)
            saving = progress.stage == "Saving" and 0 < progress.done < progress.total
            if current.status is JobStatus.RUNNING and saving:
                killed_at = f"{progress.done:,} of {progress.total:,} rows saved (uncommitted)"
                worker.kill()
                break
            time.sleep(0.05)
        else:
            worker.stop()
            raise RuntimeError("the import never reached its saving stage")
        if killed_at is None:
            worker.stop()
        started = time.perf_counter()
        log = folder / "worker-restart.log"
        log.touch()
        second = Worker(url, queue_file, log)
        try:
            while not job().status.finished:
                if time.perf_counter() - started > PATIENCE or second.process.poll() is not None:
                    raise RuntimeError(f"the import did not finish after the restart:\n{log.read_text()[-2000:]}")
                time.sleep(0.2)
        finally:
            second.stop()
        recovered_seconds = time.perf_counter() - started
        final = job()
        record = db.session.get(CaseloadImportJob, import_id)
        snapshots = db.session.execute(
            sa.select(sa.func.count()).select_from(CaseloadSnapshot).where(CaseloadSnapshot.snapshot_date == on)
        ).scalar_one()
        cases = db.session.execute(
            sa.select(sa.func.count())
            .select_from(CaseloadCase)
            .join(CaseloadSnapshot, CaseloadCase.snapshot_id == CaseloadSnapshot.id)
            .where(CaseloadSnapshot.snapshot_date == on)
        ).scalar_one()
        uploads = db.session.execute(
            sa.select(sa.func.count()).select_from(JobFile).where(JobFile.job_id == job_id)
        ).scalar_one()
        outcome = {
            "killed_at": killed_at or "not killed: the import finished first",
            "status": final.status.value,
            "import_status": record.status.value,
            "attempts": final.attempts,
            "snapshots": snapshots,
            "cases": cases,
            "rows": rows,
            "uploads_left": uploads,
            "recovered_seconds": recovered_seconds,
        }
        db.session.remove()
    # Whole or nothing: imported once with every row, or failed with nothing; the upload gone either way.
    outcome["ok"] = uploads == 0 and (
        (final.status is JobStatus.DONE and snapshots == 1 and cases == rows)
        or (final.status is JobStatus.FAILED and snapshots == 0 and cases == 0)
    )
    return outcome


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.jobs", description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--month", default="2026-10", help="The month to compute and publish (YYYY-MM)")
    parser.add_argument("--rows", type=int, default=50_000, help="Case rows in the import that is killed")
    args = parser.parse_args(argv)
    import logging

    from workforce.app import create_app

    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    year, number = (int(part) for part in args.month.split("-"))
    month = date(year, number, 1)
    if (month + timedelta(days=31)).replace(day=1) > date.today():
        raise SystemExit(f"{month:%B %Y} has not ended by this machine's clock, so it cannot be published")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        queue_file = str(folder / "wpq-queue.sqlite3")
        app = create_app(
            {
                "WPQ_ENV": "development",
                "SQLALCHEMY_DATABASE_URI": args.database_url,
                "RATELIMIT_ENABLED": False,
                "IDLE_TIMEOUT": timedelta(hours=8),
                "JOBS_QUEUE_FILE": queue_file,
            }
        )
        result = month_as_jobs(app, args.database_url, queue_file, folder, month)
        result["kill"] = killed_import(app, args.database_url, queue_file, folder, args.rows)
        from workforce.extensions import db

        with app.app_context():
            db.engine.dispose()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
