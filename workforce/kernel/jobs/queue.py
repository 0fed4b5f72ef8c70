"""The Huey instance an app hands its jobs to, and the tasks that carry them: only a job's id travels.

SQLite storage in the instance folder by default (every process on the machine shares the file), Redis when
REDIS_URL is set, and Huey's immediate mode in tests, where a job runs in the process that started it as soon
as the request (or `run_ready`) that started it is over.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, has_app_context
from huey import MemoryHuey, RedisHuey, SqliteHuey, crontab
from huey.api import Huey

EXTENSION = "wpq.jobs"


def create_huey(app: Flask) -> Huey:
    if app.config.get("JOBS_IMMEDIATE"):
        return MemoryHuey("wpq", immediate=True, results=False)
    if app.config.get("REDIS_URL"):
        return RedisHuey("wpq", url=app.config["REDIS_URL"], results=False)
    path = app.config.get("JOBS_QUEUE_FILE") or str(Path(app.instance_path) / "wpq-queue.sqlite3")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("wpq", filename=path, results=False)


def huey_of(app: Flask | None = None) -> Huey:
    return (app or current_app).extensions[EXTENSION]


def in_app(app: Flask, function, *args):
    """Run `function` in `app`'s context: the current one when it is already pushed (immediate mode), else a
    fresh one whose session is removed afterwards (the consumer's worker threads)."""
    if has_app_context() and current_app._get_current_object() is app:
        return function(*args)
    from workforce.extensions import db

    with app.app_context():
        try:
            return function(*args)
        finally:
            db.session.remove()


def register_tasks(app: Flask, huey: Huey) -> None:
    """The tasks every process registers under the same names, so that any worker can run any job."""
    from workforce.kernel.contract import registry
    from workforce.kernel.jobs import runner

    @huey.task(name="wpq.run_job")
    def run_job(job_id: int) -> None:
        in_app(app, runner.run_job, job_id)

    app.extensions[EXTENSION + ".run_job"] = run_job

    # Every minute: jobs whose worker died are retried or marked failed, and old downloads removed.
    @huey.periodic_task(crontab(minute="*"), name="wpq.recover_jobs")
    def recover_jobs() -> None:
        in_app(app, runner.recover_abandoned_jobs)

    for schedule in registry(app).schedules.values():

        def start_scheduled(schedule=schedule) -> None:
            in_app(app, runner.start_scheduled, schedule.name)

        huey.periodic_task(crontab(**schedule.crontab), name=f"wpq.schedule.{schedule.name}")(start_scheduled)


def send(job_id: int, delay: int = 0) -> None:
    """Hand a committed job to the queue (after its transaction commits: see `runner`)."""
    task = current_app.extensions[EXTENSION + ".run_job"]
    if delay and not current_app.config.get("JOBS_IMMEDIATE"):
        task.schedule(args=(job_id,), delay=delay)
    else:
        task(job_id)
