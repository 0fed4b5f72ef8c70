"""Caseload pages: council and service overview, team caseloads, a worker's history, alerts, imports,
column mappings and thresholds. Every list and figure goes through the user's scope."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from workforce.caseloads import charts, dao, imports, jobs, services
from workforce.caseloads import settings as caseload_settings
from workforce.caseloads.alerts import alerts_for
from workforce.caseloads.constants import CaseloadPermission, CaseType, ExtractShape, Programme, SourceSystem
from workforce.caseloads.forms import CaseloadMappingForm, CaseTypeWeightsForm, ThresholdForm, UploadCaseloadsForm
from workforce.caseloads.mappings import shape_of, source_system_of
from workforce.caseloads.measures import holders_in_post, holders_in_post_on_each
from workforce.caseloads.models import CaseloadImportJob
from workforce.caseloads.workloads import ThresholdBook, band_counts, recorded_weights, worker_caseloads
from workforce.extensions import db
from workforce.kernel import clock, freshness
from workforce.kernel.dates import month_ends
from workforce.kernel.forms import save_or_show
from workforce.kernel.jobs import live_progress
from workforce.kernel.measures import MeasureScope
from workforce.kernel.models import ServiceArea, Team
from workforce.kernel.permissions import current_scope, get_in_scope_or_404, permission_required, user_can
from workforce.people.constants import CensusRole
from workforce.people.models import StaffMember

blueprint = Blueprint("caseloads", __name__, template_folder="templates")

TREND_MONTHS = 24


def _trend(scope: MeasureScope) -> list[tuple[str, float | None, int, float]]:
    """(month, cases per FTE, cases, FTE) for each of the last 24 months, from the latest snapshot of each
    (kept while the tables it reads are unchanged)."""
    today = clock.today()
    return freshness.kept(("caseloads.trend", scope, today), lambda: _compute_trend(scope, today))


def _compute_trend(scope: MeasureScope, today: date) -> list[tuple[str, float | None, int, float]]:
    rows = []
    ends = month_ends(today, TREND_MONTHS)
    figures = holders_in_post_on_each(ends, scope)
    for end in ends:
        held, fte, _headcount = figures[end]
        rows.append((end.strftime("%b %Y"), round(held / fte, 1) if fte else None, held, round(fte, 2)))
    return rows


def _visible_teams() -> list[Team]:
    return dao.list_open_teams(current_scope())


def _team_summaries(snapshot, teams: list[Team]) -> list[dict]:
    if snapshot is None:
        return []
    team_ids = tuple(team.id for team in teams)
    totals = freshness.kept(
        ("caseloads.team-totals", snapshot.id, snapshot.snapshot_date, team_ids),
        lambda: _team_totals(snapshot, team_ids),
    )
    summaries = []
    for team in teams:
        cases, fte, over = totals.get(team.id, (0, 0, 0))
        summaries.append(
            {"team": team, "cases": cases, "fte": fte, "average": cases / fte if fte else None, "over": over}
        )
    return summaries


def _team_totals(snapshot, team_ids: tuple[int, ...]) -> dict[int, tuple[int, float, int]]:
    """Team id -> (cases, case holders' FTE, case holders over their threshold) in the snapshot."""
    totals: dict[int, tuple[int, float, int]] = {}
    for worker in worker_caseloads(snapshot, team_ids):
        if worker.total_cases > 0 and worker.in_post and worker.staff_id:
            cases, fte, over = totals.get(worker.team_id, (0, 0, 0))
            over_threshold = 1 if worker.status and worker.status.value == "over" else 0
            totals[worker.team_id] = (cases + worker.total_cases, fte + worker.fte, over + over_threshold)
    return totals


@blueprint.route("/caseloads")
@permission_required(CaseloadPermission.VIEW_CASELOADS)
@freshness.kept_page
def home():
    snapshot = dao.get_latest_snapshot(clock.today())
    teams = _visible_teams()
    context = {"snapshot": snapshot, "teams": _team_summaries(snapshot, teams), "overview": None}
    if user_can(CaseloadPermission.VIEW_OVERVIEW):
        context["overview"] = _overview(snapshot, MeasureScope.council())
        context["service_areas"] = dao.list_service_areas()
    alerts = alerts_for(snapshot, None if current_scope().all_teams else [t.id for t in teams]) if snapshot else []
    context["alert_count"] = len(alerts)
    return render_template("caseloads/home.html", **context)


def _overview(snapshot, scope: MeasureScope) -> dict:
    """The scope's caseload figures, bands, trend and charts: worked out from every case holder of the
    snapshot, so kept (with the generations of the tables read) until a snapshot, assignment, threshold or
    other table they read changes."""
    today = clock.today()
    key = ("caseloads.overview", snapshot.id if snapshot else None, scope, today)
    return freshness.kept(key, lambda: _compute_overview(snapshot, scope, today))


def _compute_overview(snapshot, scope: MeasureScope, today) -> dict:
    held, fte, headcount = freshness.kept(("caseloads.holders", scope, today), lambda: holders_in_post(today, scope))
    workers = worker_caseloads(snapshot, scope.team_ids()) if snapshot else []
    holders = [w for w in workers if w.in_post and w.total_cases > 0 and w.staff_id]
    bands = band_counts(holders)
    bars, bars_height = charts.bar_chart(bands)
    trend = _trend(scope)
    threshold = ThresholdBook(clock.today()).for_worker(None, Programme.EXPERIENCED)
    chart = charts.line_chart(
        [(label, value) for label, value, _cases, _fte in trend],
        reference=(threshold.limit_per_fte, f"Threshold {threshold.limit_per_fte:g}"),
    )
    return {
        "cases": held,
        "fte": fte,
        "headcount": headcount,
        "average": held / fte if fte else None,
        "over": sum(1 for w in holders if w.status and w.status.value == "over"),
        "bands": bands,
        "bars": bars,
        "bars_height": bars_height,
        "trend": trend,
        "chart": chart,
    }


@blueprint.route("/caseloads/service-areas/<int:service_area_id>")
@permission_required(CaseloadPermission.VIEW_OVERVIEW)
def service_area_caseloads(service_area_id: int):
    area = db.session.get(ServiceArea, service_area_id)
    if area is None:
        abort(404)
    snapshot = dao.get_latest_snapshot(clock.today())
    teams = [team for team in area.teams if team.archived_at is None]
    return render_template(
        "caseloads/service_area.html",
        area=area,
        snapshot=snapshot,
        teams=_team_summaries(snapshot, teams),
        overview=_overview(snapshot, MeasureScope.service_area(area.id)),
    )


@blueprint.route("/caseloads/teams/<int:team_id>")
@permission_required(CaseloadPermission.VIEW_CASELOADS)
def team_caseloads(team_id: int):
    team = get_in_scope_or_404(Team, team_id, lambda record: record.id)
    snapshot = dao.get_latest_snapshot(clock.today())
    workers, earlier, alerts = [], {}, []
    if snapshot is not None:
        workers = worker_caseloads(snapshot, [team.id])
        before = dao.get_latest_snapshot(snapshot.snapshot_date - timedelta(days=85))
        if before is not None:
            earlier = {w.staff_id: w.caseload_per_fte for w in worker_caseloads(before, [team.id]) if w.staff_id}
        alerts = alerts_for(snapshot, [team.id])
    trend = _trend(MeasureScope.team(team.id))
    chart = charts.line_chart([(label, value) for label, value, _c, _f in trend])
    return render_template(
        "caseloads/team.html",
        team=team,
        snapshot=snapshot,
        workers=workers,
        earlier=earlier,
        alerts=alerts,
        trend=trend,
        chart=chart,
        case_types=list(CaseType),
    )


@blueprint.route("/caseloads/workers/<int:staff_id>")
@permission_required(CaseloadPermission.VIEW_CASELOADS)
def worker_caseload(staff_id: int):
    staff = db.session.get(StaffMember, staff_id)
    if staff is None or not current_scope().covers_team(dao.find_worker_team(staff_id)):
        abort(404)
    history = dao.list_worker_history(staff_id, since=clock.today() - timedelta(days=31 * TREND_MONTHS))
    snapshot = dao.get_latest_snapshot(clock.today())
    current = None
    if snapshot is not None:
        current = next((w for w in worker_caseloads(snapshot) if w.staff_id == staff_id), None)
    series = [(snap.snapshot_date.strftime("%b %Y"), float(count.total_cases)) for snap, count in reversed(history)]
    return render_template(
        "caseloads/worker.html",
        staff=staff,
        history=history,
        current=current,
        chart=charts.line_chart(series),
        case_types=list(CaseType),
    )


@blueprint.route("/caseloads/alerts")
@permission_required(CaseloadPermission.VIEW_CASELOADS)
def list_alerts():
    snapshot = dao.get_latest_snapshot(clock.today())
    scope = current_scope()
    team_ids = None if scope.all_teams else sorted(scope.team_ids)
    alerts = alerts_for(snapshot, team_ids) if snapshot else []
    teams = {team.id: team for team in _visible_teams()}
    return render_template("caseloads/alerts.html", snapshot=snapshot, alerts=alerts, teams=teams)


@blueprint.route("/caseloads/imports")
@permission_required(CaseloadPermission.IMPORT_CASELOADS)
def list_imports():
    return render_template(
        "caseloads/imports.html",
        snapshots=dao.list_snapshots(limit=36),
        jobs=dao.list_import_jobs(),
        mappings=[(mapping, source_system_of(mapping), shape_of(mapping)) for mapping in dao.list_mappings()],
    )


@blueprint.route("/caseloads/imports/new", methods=["GET", "POST"])
@permission_required(CaseloadPermission.IMPORT_CASELOADS)
def upload_caseloads():
    form = UploadCaseloadsForm()
    mappings = dao.list_mappings()
    form.mapping.choices = [(0, "Standard headers (no mapping)")] + [(m.id, m.name) for m in mappings]
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read()
        mapping = next((m for m in mappings if m.id == form.mapping.data), None)
        import_request = imports.SnapshotImport(
            data=data,
            filename=upload.filename,
            snapshot_date=form.snapshot_date.data,
            source_system=SourceSystem(form.source_system.data),
            mapping=mapping,
            allow_unknown_workers=form.allow_unknown_workers.data,
            imported_by_id=current_user.id,
        )
        job = jobs.create_job(import_request)
        db.session.commit()
        return redirect(url_for("caseloads.import_status", job_id=job.id))
    return render_template("caseloads/upload.html", form=form)


def _job_or_404(job_id: int) -> CaseloadImportJob:
    job = db.session.get(CaseloadImportJob, job_id)
    if job is None:
        abort(404)
    return job


@blueprint.route("/caseloads/imports/<int:job_id>")
@permission_required(CaseloadPermission.IMPORT_CASELOADS)
def import_status(job_id: int):
    job = _job_or_404(job_id)
    # WCAG 2.2.1: the page refreshes itself while the import runs, and the user can turn that off.
    auto_refresh = request.args.get("refresh") != "off"
    background = job.background_job
    return render_template(
        "caseloads/import_status.html",
        job=job,
        report=jobs.report_of(job),
        auto_refresh=auto_refresh,
        background=background,
        progress=live_progress(background) if background else None,
    )


@blueprint.route("/caseloads/imports/<int:job_id>/problems")
@permission_required(CaseloadPermission.IMPORT_CASELOADS)
def download_import_problems(job_id: int):
    job = _job_or_404(job_id)
    report = jobs.report_of(job)
    name = f"caseload-import-{job.id}-problems"
    if request.args.get("format") == "csv":
        return report.send_csv(name + ".csv")
    return report.send_xlsx(name + ".xlsx")


@blueprint.route("/caseloads/mappings/new", methods=["GET", "POST"])
@permission_required(CaseloadPermission.IMPORT_CASELOADS)
def new_mapping():
    form = CaseloadMappingForm()
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.save_mapping(
                form.name.data,
                SourceSystem(form.source_system.data),
                ExtractShape(form.shape.data),
                form.columns(),
                current_user.id,
            ),
            refused=services.CaseloadError,
            saved=lambda mapping: f"Column mapping {mapping.name} saved",
            then=url_for("caseloads.list_imports"),
        )
        if done:
            return done
    return render_template("caseloads/mapping.html", form=form)


@blueprint.route("/caseloads/thresholds", methods=["GET", "POST"])
@permission_required(CaseloadPermission.MANAGE_THRESHOLDS)
def thresholds():
    form = ThresholdForm()
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.add_threshold(
                form.effective_from.data,
                Programme(form.programme.data),
                form.limit_per_fte.data,
                form.amber_from.data,
                CensusRole(int(form.census_role.data)) if form.census_role.data else None,
                current_user.id,
            ),
            refused=services.CaseloadError,
            saved="Threshold added",
            then=url_for("caseloads.thresholds"),
        )
        if done:
            return done
    book = ThresholdBook(clock.today())
    in_force = [book.for_worker(None, programme) for programme in Programme]
    return render_template(
        "caseloads/thresholds.html",
        form=form,
        saved=dao.list_thresholds(),
        in_force=in_force,
        weighting=caseload_settings.get("caseload_weighting"),
        weights=dao.list_weights(),
    )


@blueprint.route("/caseloads/weights", methods=["GET", "POST"])
@permission_required(CaseloadPermission.MANAGE_THRESHOLDS)
def case_type_weights():
    current = recorded_weights(clock.today())
    form = CaseTypeWeightsForm()
    if request.method == "GET":
        form.weighting.data = "yes" if caseload_settings.get("caseload_weighting") else "no"
        form.effective_from.data = clock.today()
        for case_type, weight in current.items():
            getattr(form, case_type.value.lower()).data = weight
    if form.validate_on_submit():
        return save_or_show(
            form,
            lambda: services.save_weights(
                form.weighting.data == "yes",
                form.effective_from.data,
                form.weights(),
                recorded_weights(form.effective_from.data),
                current_user.id,
            ),
            saved="Case type weights saved",
            then=url_for("caseloads.thresholds"),
        )
    return render_template("caseloads/weights.html", form=form)
