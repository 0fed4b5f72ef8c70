"""Figure pages: a plan measure with its trend, breakdown and rating override; reporting periods; the pack."""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from workforce.extensions import db
from workforce.improvement import dao, jobs, periods, services
from workforce.improvement.charts import trend_chart
from workforce.improvement.constants import ImprovementPermission, Rating
from workforce.improvement.figures import better_word, breakdown, display, measure_figures
from workforce.improvement.forms import (
    ComputePeriodForm,
    OverrideForm,
    PackForm,
    PlanMeasureForm,
    PublishForm,
    ReviseForm,
)
from workforce.improvement.rules import month_has_ended
from workforce.improvement.services import PlanError
from workforce.improvement.views import (
    blueprint,
    get_or_404,
    measure_choices,
    parse_month,
    reference_month,
    staff_view,
)
from workforce.kernel import clock, freshness
from workforce.kernel.confirm import Consequence, ask_to_confirm, confirmed
from workforce.kernel.contract import registry
from workforce.kernel.dates import display_date, display_datetime, month_end
from workforce.kernel.drill_down import records_url
from workforce.kernel.forms import save_or_show
from workforce.kernel.jobs import Job, JobStatus, live_progress
from workforce.kernel.jobs import dao as jobs_dao
from workforce.kernel.measures import ScopeLevel
from workforce.kernel.permissions import permission_required, user_can


def drill_down_url(measure_id: str, level: ScopeLevel, scope_id: int | None, month: date) -> str | None:
    """The page listing the records behind a figure (the measure's typed drill-down), for roles allowed to
    see them within their scope; None for everyone else, committee viewers included."""
    measures = registry().measures
    if measure_id not in measures:
        return None
    return records_url(measures.get(measure_id), level, scope_id, month, current_user)


@blueprint.route("/improvement/plan-measures/<int:plan_measure_id>")
@permission_required(ImprovementPermission.VIEW_PLAN)
@freshness.kept_page
def show_measure(plan_measure_id: int):
    plan_measure = get_or_404(dao.get_plan_measure, plan_measure_id)
    published_only = not staff_view()
    month = reference_month(published_only)
    figures = measure_figures(plan_measure, month, published_only) if month else None
    period = dao.get_period(month) if month else None
    breakdown_rows = {}
    if period is not None:
        suppress = published_only
        for level in (ScopeLevel.SERVICE_AREA, ScopeLevel.TEAM):
            breakdown_rows[level] = [
                (name, value, symbol, drill_down_url(plan_measure.measure_id, level, value.scope_id, month))
                for name, value, symbol in breakdown(period, plan_measure.measure_id, level, suppress)
            ]
    earlier = dao.list_earlier_values(plan_measure.measure_id, published_only)
    return render_template(
        "improvement/measure.html",
        plan_measure=plan_measure,
        figures=figures,
        chart=trend_chart(figures) if figures else None,
        month=month,
        breakdown_rows=breakdown_rows,
        earlier=earlier,
        display=display,
        better=better_word(plan_measure.polarity),
        ScopeLevel=ScopeLevel,
        staff_view=staff_view(),
        can_manage=user_can(ImprovementPermission.MANAGE_PLAN),
        council_records=drill_down_url(plan_measure.measure_id, ScopeLevel.COUNCIL, None, month) if month else None,
    )


@blueprint.route("/improvement/strands/<int:strand_id>/measures/new", methods=["GET", "POST"])
@permission_required(ImprovementPermission.MANAGE_PLAN)
def add_plan_measure(strand_id: int):
    strand = get_or_404(dao.get_strand, strand_id)
    form = PlanMeasureForm()
    form.measure_id.choices = measure_choices()
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.add_plan_measure(
                strand,
                form.measure_id.data,
                float(form.baseline_value.data),
                form.baseline_date.data,
                float(form.target_value.data),
                form.target_date.data,
                None if form.tolerance_percent.data is None else float(form.tolerance_percent.data),
                trajectory=getattr(form.trajectory, "parsed", {}),
                comparators=getattr(form.comparators, "parsed", {}),
            ),
            refused=PlanError,
            saved="Measure added to the strand",
            then=lambda plan_measure: url_for("improvement.show_measure", plan_measure_id=plan_measure.id),
        )
        if done:
            return done
    return render_template("improvement/simple_form.html", form=form, title=f"Add a measure to {strand.title}")


@blueprint.route("/improvement/plan-measures/<int:plan_measure_id>/override", methods=["GET", "POST"])
@permission_required(ImprovementPermission.MANAGE_PLAN)
def override_rating(plan_measure_id: int):
    plan_measure = get_or_404(dao.get_plan_measure, plan_measure_id)
    month = reference_month(False)
    if month is None:
        abort(404)
    form = OverrideForm()
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.override_rating(
                plan_measure, month, Rating(form.rating.data), form.reason.data, current_user
            ),
            refused=PlanError,
            saved="Rating overridden",
            then=url_for("improvement.show_measure", plan_measure_id=plan_measure.id, period=f"{month:%Y-%m}"),
        )
        if done:
            return done
    return render_template("improvement/simple_form.html", form=form, title=f"Override the rating for {month:%B %Y}")


@blueprint.route("/improvement/periods", methods=["GET", "POST"])
@permission_required(ImprovementPermission.VIEW_PLAN)
def list_periods():
    form = ComputePeriodForm()
    if request.method == "POST":
        if not user_can(ImprovementPermission.PUBLISH_PERIODS):
            abort(403)
        if form.validate_on_submit():
            month = _month_or_none(form.month.data)
            if month is None:
                form.month.errors = [*form.month.errors, "Enter the month in the format YYYY-MM"]
            else:
                try:
                    # Refused at once when the month cannot be computed; the computing is the worker's.
                    periods.check_computable(month)
                except PlanError as problem:
                    form.month.errors = [*form.month.errors, str(problem)]
                else:
                    return _started(*jobs.start(jobs.COMPUTE, periods.month_start(month), current_user))
    published_only = not staff_view()
    return render_template(
        "improvement/periods.html",
        periods=dao.list_periods(published_only),
        form=form,
        publish_form=PublishForm(),
        can_publish=user_can(ImprovementPermission.PUBLISH_PERIODS),
        plans=dao.list_plans(),
        can_download=user_can(ImprovementPermission.DOWNLOAD_PACK),
        today=clock.today(),
        month_has_ended=month_has_ended,
        jobs_under_way=_jobs_under_way() if user_can(ImprovementPermission.PUBLISH_PERIODS) else [],
        kinds=registry().job_kinds,
    )


def _jobs_under_way() -> list:
    return jobs_dao.list_unfinished_jobs(jobs.PERIOD_KINDS)


def _started(job, new: bool):
    """Commit the new job (handing it to the worker) and show its progress; or show the one under way."""
    db.session.commit()
    if not new:
        flash(f"{date.fromisoformat(job.params['month']):%B %Y} is already being worked on: here is its progress")
    return redirect(url_for("improvement.show_period_job", job_id=job.id))


@blueprint.route("/improvement/periods/jobs/<int:job_id>")
@permission_required(ImprovementPermission.PUBLISH_PERIODS)
def show_period_job(job_id: int):
    """Computing, publishing or revising a month: progress measure by measure, then the result."""
    job = db.session.get(Job, job_id)
    if job is None or job.kind not in jobs.PERIOD_KINDS:
        abort(404)
    progress = live_progress(job)
    measures = registry().measures
    measure_rows = []
    for index, measure_id in enumerate(job.params.get("measure_ids") or []):
        if job.status is JobStatus.DONE or index < progress.done:
            state = "Computed"
        elif job.status is JobStatus.RUNNING and index == progress.done:
            state = "Computing"
        else:
            state = "Not computed" if job.status is JobStatus.FAILED else "Waiting"
        measure_rows.append((measures.get(measure_id).title if measure_id in measures else measure_id, state))
    return render_template(
        "improvement/period_job.html",
        job=job,
        kind=registry().job_kinds.get(job.kind),
        progress=progress,
        month=date.fromisoformat(job.params["month"]),
        measure_rows=measure_rows,
        auto_refresh=request.args.get("refresh") != "off",
    )


def _month_or_none(text: str) -> date | None:
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


def _period_or_404(period_key: str):
    period = dao.get_period(parse_month(period_key))
    if period is None:
        abort(404)
    return period


@blueprint.route("/improvement/periods/<period_key>/publish", methods=["POST"])
@permission_required(ImprovementPermission.PUBLISH_PERIODS)
def publish_period(period_key: str):
    period = _period_or_404(period_key)
    if not PublishForm().validate_on_submit():
        abort(400)
    if period.published:
        flash(f"{period} is already published", "error")
        return redirect(url_for("improvement.list_periods"))
    if not month_has_ended(period.month, clock.today()):
        flash(
            f"{period} has not ended: it can be published to committee from "
            f"{display_date(month_end(period.month) + timedelta(days=1))}",
            "error",
        )
        return redirect(url_for("improvement.list_periods"))
    if not confirmed():
        return ask_to_confirm(
            f"Publish {period} to committee?",
            caption="Reporting periods",
            consequences=_publishing_consequences(period),
            warning="Published figures are frozen. A later correction is a revision, marked [r], and the "
            "figures published now stay visible to committee.",
            button=f"Publish {period} to committee",
            cancel_url=url_for("improvement.list_periods"),
        )
    return _started(*jobs.start(jobs.PUBLISH, period.month, current_user))


def _publishing_consequences(period) -> list[Consequence]:
    council_figures = dao.count_period_values(period, ScopeLevel.COUNCIL)
    return [
        Consequence("Month", f"{period}"),
        Consequence("Figures", f"{council_figures} council figures, with their service area and team breakdowns"),
        Consequence("Computed", display_datetime(period.computed_at)),
        Consequence(
            "Who will see them",
            "Committee viewers (councillors and the DfE adviser), with small numbers suppressed; the plan and "
            "the committee pack open on this month",
        ),
        Consequence("Ratings", "Each measure's rating rule for the month is kept with the figures"),
    ]


@blueprint.route("/improvement/periods/<period_key>/revise", methods=["GET", "POST"])
@permission_required(ImprovementPermission.PUBLISH_PERIODS)
def revise_period(period_key: str):
    period = _period_or_404(period_key)
    if not period.published:
        abort(404)
    form = ReviseForm()
    if form.validate_on_submit():
        if not form.note.data.strip():
            form.note.errors = [*form.note.errors, "Enter a note saying what was corrected"]
        else:
            return _started(*jobs.start(jobs.REVISE, period.month, current_user, note=form.note.data.strip()))
    return render_template("improvement/simple_form.html", form=form, title=f"Recompute {period} as a revision")


@blueprint.route("/improvement/plans/<int:plan_id>/committee-pack", methods=["POST"])
@permission_required(ImprovementPermission.DOWNLOAD_PACK)
def download_pack(plan_id: int):
    """Start building the pack for the month (?period=YYYY-MM, else the latest the user may see) and show the
    job's page, which offers the file when it is ready."""
    plan = get_or_404(dao.get_plan, plan_id)
    if not PackForm().validate_on_submit():
        abort(400)
    month = reference_month(not staff_view())
    if month is None:
        abort(404)
    job = jobs.start_pack(plan.id, month, current_user)
    db.session.commit()
    return redirect(url_for("jobs.show_job", job_id=job.id))
