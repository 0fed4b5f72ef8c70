"""Background jobs and scheduled work on Huey: the job table, the runner, the worker and the jobs pages.

Modules declare kinds of job with `registry.add_job(JobKind(...))` and periodic work with
`registry.add_schedule(Schedule(...))`, start one with `jobs.start(kind, started_by, **params)`, and report
progress from the work with `context.progress(done, total, stage)`. See docs/architecture.md, "Jobs and schedules".
"""

from __future__ import annotations

from flask import Flask, current_app

from workforce.kernel.contract import ADMINISTRATION, JobKind, NavigationEntry, Schedule, registry
from workforce.kernel.jobs import models  # noqa: F401  (registers the tables)
from workforce.kernel.jobs.constants import JobFileRole, JobStatus
from workforce.kernel.jobs.models import Job, JobFile
from workforce.kernel.jobs.runner import (
    JobContext,
    JobFailed,
    JobResult,
    Progress,
    live_progress,
    run_ready,
    start,
    start_or_resume,
    unfinished,
)
from workforce.kernel.roles import Permission

__all__ = [
    "Job",
    "JobContext",
    "JobFailed",
    "JobFile",
    "JobFileRole",
    "JobKind",
    "JobResult",
    "JobStatus",
    "Progress",
    "Schedule",
    "init_app",
    "live_progress",
    "run_ready",
    "start",
    "start_or_resume",
    "unfinished",
]


def init_app(app: Flask) -> None:
    """Called by the app factory after every module has registered its job kinds and schedules."""
    from workforce.kernel.jobs import commands, queue, views

    huey = queue.create_huey(app)
    app.extensions[queue.EXTENSION] = huey
    queue.register_tasks(app, huey)
    app.register_blueprint(views.blueprint)
    app.cli.add_command(commands.worker_command)
    app.cli.add_command(commands.serve_command)
    app.cli.add_command(commands.jobs_command)
    registry(app).add_navigation(
        NavigationEntry(
            "Jobs",
            "jobs.list_jobs",
            Permission.VIEW_JOBS,
            96,
            "/admin/jobs",
            section=ADMINISTRATION,
            description="Imports, reminders and other work done in the background, and how each ended.",
        )
    )
    if app.config.get("JOBS_IMMEDIATE"):
        app.after_request(_run_ready_jobs)


def _run_ready_jobs(response):
    """Immediate mode: the jobs a request started run once it has committed, before its answer is sent."""
    if current_app.config.get("JOBS_IMMEDIATE"):
        run_ready()
    return response
