"""Computing, publishing and revising a reporting month, and building the committee pack, as background jobs
(`workforce.kernel.jobs`): the page starts the job and shows its progress, measure by measure, and its result.

Each job's work runs in the one transaction the runner commits with the job's end, so a month is computed,
published or revised whole or not at all. The measures are computed first, reading only; the writes then
start from a fresh view of the database (`JobContext.end_reading`).
"""

from __future__ import annotations

from datetime import date

from flask import url_for

from workforce.extensions import db
from workforce.improvement import dao, periods
from workforce.improvement.constants import ImprovementPermission
from workforce.improvement.pack import build_pack
from workforce.improvement.services import PlanError
from workforce.kernel import jobs
from workforce.kernel.contract import JobKind, registry
from workforce.kernel.models import User
from workforce.kernel.permissions import user_can
from workforce.kernel.spreadsheets import XLSX_MIMETYPE, workbook_bytes

COMPUTE = "improvement.compute_period"
PUBLISH = "improvement.publish_period"
REVISE = "improvement.revise_period"
PACK = "improvement.committee_pack"
#: The kinds that change a month's figures: one at a time for a month.
PERIOD_KINDS = (COMPUTE, PUBLISH, REVISE)


def measure_ids() -> list[str]:
    """The plan's measures in the order the job computes them (the progress page lists them in this order)."""
    measures = registry().measures
    return [measure_id for measure_id in dao.list_plan_measure_ids() if measure_id in measures]


def under_way(month: date) -> jobs.Job | None:
    """The job computing, publishing or revising the month, if one is queued or running."""
    for kind in PERIOD_KINDS:
        job = jobs.unfinished(kind, month=month.isoformat())
        if job is not None:
            return job
    return None


def start(kind: str, month: date, user: User, **params) -> tuple[jobs.Job, bool]:
    """Start the month's job, or find the one under way (whoever started it); True when it is new.
    The caller commits, which hands a new job to the worker."""
    running = under_way(month)
    if running is not None:
        return running, False
    job = jobs.start(
        kind,
        user,
        result_url=url_for("improvement.list_periods"),
        month=month.isoformat(),
        measure_ids=measure_ids() if kind != PUBLISH else [],
        **params,
    )
    return job, True


def _month(context: jobs.JobContext) -> date:
    return date.fromisoformat(context.params["month"])


def _progress(context: jobs.JobContext):
    def progress(done: int, total: int, stage: str) -> None:
        context.progress(done, total, stage)

    return progress


def _refusal(problem: PlanError) -> jobs.JobFailed:
    return jobs.JobFailed(f"{problem} Nothing was saved.")


def run_compute(context: jobs.JobContext) -> jobs.JobResult:
    month = _month(context)
    try:
        # The refusals first (a published month, a month not started), before minutes of computing.
        periods.check_computable(month)
        figures = periods.compute_figures(month, context.params.get("measure_ids"), progress=_progress(context))
        context.end_reading()
        period = periods.compute_period(month, figures)
    except PlanError as problem:
        raise _refusal(problem) from None
    return jobs.JobResult(
        f"Figures for {period} computed (provisional): {len(figures):,} figures of "
        f"{len({figure.measure_id for figure in figures})} measures",
        values={"period": period.key, "figures": len(figures)},
    )


def run_publish(context: jobs.JobContext) -> jobs.JobResult:
    month = _month(context)
    period = dao.get_period(month)
    if period is None:
        raise jobs.JobFailed(f"No figures have been computed for {month:%B %Y}. Nothing was published.")
    context.progress(0, 1, "Freezing the figures and each measure's rating rule")
    try:
        periods.publish_period(period)
    except PlanError as problem:
        raise _refusal(problem) from None
    context.progress(1, 1, "Freezing the figures and each measure's rating rule")
    return jobs.JobResult(f"{period} published to committee", values={"period": period.key})


def run_revise(context: jobs.JobContext) -> jobs.JobResult:
    month = _month(context)
    period = dao.get_period(month)
    if period is None or not period.published:
        raise jobs.JobFailed(f"{month:%B %Y} is not published, so there is nothing to revise. Nothing was saved.")
    user = db.session.get(User, context.started_by_id) if context.started_by_id else None
    try:
        figures = periods.compute_figures(month, context.params.get("measure_ids"), progress=_progress(context))
        context.end_reading()
        revision = periods.revise_period(period, context.params.get("note", ""), user, figures)
    except PlanError as problem:
        raise _refusal(problem) from None
    return jobs.JobResult(
        f"{period} revised: {len(revision.changed_measures)} measures changed",
        values={"period": period.key, "revision": revision.number},
    )


def start_pack(plan_id: int, month: date, user: User) -> jobs.Job:
    """The person's committee pack job for the plan and month: the one under way, or a new one."""
    return jobs.start_or_resume(
        PACK,
        user,
        result_url=url_for("improvement.show_plan", plan_id=plan_id, period=f"{month:%Y-%m}"),
        plan_id=plan_id,
        month=month.isoformat(),
    )


def run_pack(context: jobs.JobContext) -> jobs.JobResult:
    """The pack as the person who asked may see it: published figures only for committee viewers."""
    user = db.session.get(User, context.started_by_id) if context.started_by_id else None
    if user is None or not user.is_active or not user_can(ImprovementPermission.DOWNLOAD_PACK, user):
        raise jobs.JobFailed("You no longer have permission to download the committee pack.")
    plan = dao.get_plan(context.params["plan_id"])
    if plan is None:
        raise jobs.JobFailed("The improvement plan has been removed.")
    month = _month(context)
    published_only = not user_can(ImprovementPermission.VIEW_PROVISIONAL, user)
    period = dao.get_period(month)
    if period is None or (published_only and not period.published):
        raise jobs.JobFailed(f"There are no figures for {month:%B %Y} that you may see.")
    context.progress(0, 2, "Building the pack")
    data = workbook_bytes(build_pack(plan, month, published_only=published_only))
    context.progress(2, 2, "Building the pack")
    filename = f"committee-pack-{month:%Y-%m}.xlsx"
    status = "published" if period.published else "provisional"
    return jobs.JobResult(
        f"The committee pack for {month:%B %Y} is ready ({status} figures)",
        values={"filename": filename},
        file=(filename, data, XLSX_MIMETYPE),
    )


#: A refusal fails at once; an error is tried again (the database may have been busy).
JOB_KINDS = (
    JobKind(COMPUTE, "Computing a reporting month", run_compute, max_attempts=2, retry_delay=30),
    JobKind(PUBLISH, "Publishing a reporting month", run_publish, max_attempts=3, retry_delay=10),
    JobKind(REVISE, "Revising a reporting month", run_revise, max_attempts=2, retry_delay=30),
    JobKind(PACK, "Committee pack", run_pack, max_attempts=2, retry_delay=10),
)
