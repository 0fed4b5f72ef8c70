"""`wpq worker` (the Huey consumer), `wpq serve` (web and worker under one command) and `wpq jobs`."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from workforce.extensions import db
from workforce.kernel.jobs import queue, runner
from workforce.kernel.jobs.constants import JobStatus
from workforce.kernel.jobs.models import Job


def default_threads() -> int:
    """SQLite has one writer at a time, so one job at a time there; a server database takes two."""
    return 1 if db.engine.dialect.name == "sqlite" else 2


@click.command("worker", help="Run the background worker: jobs, their retries and the schedules.")
@click.option("--threads", type=int, help="Jobs run at once (default: 1 on SQLite, 2 on PostgreSQL).")
@with_appcontext
def worker_command(threads: int | None) -> None:
    run_worker(current_app._get_current_object(), threads)


#: How often the worker tries its start-up recovery while another process holds the database's write lock.
START_ATTEMPTS = 5


def recover_at_start(pause=time.sleep) -> bool:
    """The start-up recovery round, tried again while SQLite is busy with another process's write (the web
    process starting on the same file); False when it never got through, and the recovery round the
    schedule runs every minute then does it. A busy database is no reason for the worker to stop."""
    for attempt in range(1, START_ATTEMPTS + 1):
        try:
            runner.recover_abandoned_jobs()
            return True
        except OperationalError as error:
            db.session.rollback()
            logging.getLogger(__name__).warning(
                "Start-up recovery, attempt %s of %s: the database is busy (%s)", attempt, START_ATTEMPTS, error.orig
            )
            if attempt < START_ATTEMPTS:
                pause(attempt)
    return False


def run_worker(app, threads: int | None = None) -> None:
    """Recover what a dead worker left, then run the Huey consumer (worker threads and the scheduler) until
    SIGINT (finishes the running jobs) or SIGTERM (stops at once; recovery picks their jobs up)."""
    if app.config.get("JOBS_IMMEDIATE"):
        raise click.UsageError("JOBS_IMMEDIATE is on: jobs run where they start, so there is no worker to run.")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    with app.app_context():
        threads = threads or int(app.config.get("JOBS_WORKER_THREADS") or default_threads())
        # Jobs left running by a worker that died are retried (or failed) before new work is taken.
        recover_at_start()
        db.session.remove()
    consumer = queue.huey_of(app).create_consumer(
        workers=threads, worker_type="thread", periodic=True, check_worker_health=True
    )
    click.echo(f"WPQ worker {runner.worker_id()} running {threads} job(s) at a time. Ctrl-C stops it.")
    consumer.run()


#: Each gunicorn worker listens on a socket of its own that the kernel shares new connections between
#: (SO_REUSEPORT, Linux). With one shared socket, the worker that wakes first accepts every waiting
#: connection, so a few long-lived keep-alive connections (a reverse proxy's, a load test's) can all land
#: on one process and leave the other cores idle. See docs/deployment.md.
REUSE_PORT = ("--reuse-port",) if sys.platform.startswith("linux") else ()


@click.command(
    "serve",
    help="Serve WPQ with gunicorn and run the background worker beside it; Ctrl-C stops both.",
    context_settings={"ignore_unknown_options": True},
)
@click.option("--bind", default="127.0.0.1:5000", show_default=True)
@click.option("--workers", default=2, show_default=True, help="gunicorn worker processes.")
@click.option("--threads", default=4, show_default=True, help="Threads per gunicorn worker.")
@click.argument("gunicorn_args", nargs=-1, type=click.UNPROCESSED)
def serve_command(bind: str, workers: int, threads: int, gunicorn_args: tuple[str, ...]) -> None:
    bin_folder = os.path.dirname(sys.executable)
    web = [
        os.path.join(bin_folder, "gunicorn"),
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        # No request should run long now that long work is a job: a stuck one is restarted after 60 s, and
        # workers are recycled now and then (jobs no longer live in them). See docs/deployment.md.
        "--timeout",
        "60",
        "--max-requests",
        "2000",
        "--max-requests-jitter",
        "200",
        *REUSE_PORT,
        "--access-logfile",
        "-",
        *gunicorn_args,
        "workforce.app:create_app()",
    ]
    worker = [os.path.join(bin_folder, "wpq"), "worker"]
    sys.exit(supervise({"web": web, "worker": worker}))


def supervise(commands: dict[str, list[str]]) -> int:
    """Start every command; when one stops, or on Ctrl-C or SIGTERM, stop the others and wait for them all."""
    processes = {name: subprocess.Popen(command) for name, command in commands.items()}  # noqa: S603 (our own commands)
    stopping = {"signal": None}

    def stop(signum, frame):
        stopping["signal"] = signum

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        while stopping["signal"] is None and all(process.poll() is None for process in processes.values()):
            time.sleep(0.2)
        for name, process in processes.items():
            if process.poll() is None:
                # The worker stops gracefully on SIGINT (its running job finishes); gunicorn on SIGTERM.
                process.send_signal(signal.SIGINT if name == "worker" else signal.SIGTERM)
        codes = {name: process.wait() for name, process in processes.items()}
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if stopping["signal"] is not None:
        return 0
    stopped = [name for name, code in codes.items() if code != 0]
    for name in stopped:
        click.echo(f"wpq serve: the {name} process stopped (exit code {codes[name]}), so everything stopped.", err=True)
    return 1 if stopped else 0


@click.group("jobs", help="Background jobs.")
def jobs_command() -> None:
    pass


@jobs_command.command("list", help="The most recent jobs and how they stand.")
@click.option("--status", type=click.Choice([status.value for status in JobStatus]))
@click.option("--limit", default=20, show_default=True)
@with_appcontext
def list_jobs(status: str | None, limit: int) -> None:
    statement = select(Job).order_by(Job.id.desc()).limit(limit)
    if status:
        statement = statement.where(Job.status == JobStatus(status))
    for job in db.session.execute(statement).scalars():
        outcome = job.result_summary or job.failure_reason or ""
        click.echo(f"{job.id}\t{job.kind}\t{job.status.value}\t{job.attempts}/{job.max_attempts}\t{outcome}")


@jobs_command.command("recover", help="Retry or fail jobs whose worker died, and send lost ones again.")
@with_appcontext
def recover() -> None:
    runner.recover_abandoned_jobs()
    click.echo("Recovery round done.")
