"""Schedules and compliance for managers, the team month view, the policy and supervision agreements."""

from __future__ import annotations

import math
from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from supervision import dao, exports, services
from supervision.constants import Frequency, ScheduleStatus, SessionStatus, SupervisionPermission, SupervisionType
from supervision.forms import AgreementForm, PolicyForm
from supervision.models import Supervision
from supervision.policy import add_months
from supervision.schedule import DUE_SOON_DAYS, schedules
from supervision.views import blueprint
from workforce.extensions import db
from workforce.kernel import clock, freshness
from workforce.kernel.dates import display_date
from workforce.kernel.models import Team
from workforce.kernel.permissions import current_scope, get_in_scope_or_404, permission_required
from workforce.kernel.spreadsheets import send_workbook
from workforce.people.models import StaffMember

#: People on one page of the schedule list.
PER_PAGE = 50
#: The schedule list's views: everyone, overdue only, due within 7 days.
SHOWS = {"all": None, "overdue": {ScheduleStatus.OVERDUE}, "due-soon": {ScheduleStatus.DUE_SOON}}


def schedule_rows(on: date, team_ids=None, staff_ids=None) -> list[dict]:
    """One row per worker in post on the date, with their last session, next due date and status.

    A working list: a team's or a supervisor's is read from the records on every request (each worker's
    last qualifying session is found in SQL), so it is right the moment a session is saved. The whole
    council's (senior leaders, HR) covers every worker, so it is kept with the generations of the tables it
    reads (`freshness.kept`): just as right the moment a save to one of them commits, and not recomputed for
    a sign-in or a save elsewhere."""
    teams = None if team_ids is None else frozenset(team_ids)
    staff = None if staff_ids is None else frozenset(staff_ids)
    if teams is None and staff is None:
        rows = freshness.kept(("supervision.schedule-rows", on), lambda: _compute_schedule_rows(on))
        return [dict(row) for row in rows]
    return _compute_schedule_rows(on, teams, staff)


def _compute_schedule_rows(on: date, team_ids=None, staff_ids=None) -> list[dict]:
    rows = []
    for item in schedules(on, on, team_ids, staff_ids, status_only=True):
        status = item.status_on(on)
        if status in (None, ScheduleStatus.LEFT):
            continue
        team_id = item.worker.team_on(on)
        if team_ids is not None and team_id not in team_ids and item.worker.staff_id not in (staff_ids or ()):
            continue
        rows.append(
            {
                "staff_id": item.worker.staff_id,
                "name": item.worker.name,
                "team_id": team_id,
                "last_held_on": item.last_held_on(on),
                "due_on": item.due_on(on),
                "status": status,
            }
        )
    rows.sort(key=lambda row: (row["due_on"] or date.max, row["name"]))
    return rows


@blueprint.route("/schedule")
@permission_required(SupervisionPermission.VIEW_COMPLIANCE)
def show_schedule():
    """Each worker's next due date; the overdue list and the due-in-7-days list are filters of it."""
    show = request.args.get("show", "all")
    if show not in SHOWS:
        abort(404)
    today = clock.today()
    team_ids, staff_ids = dao.schedule_filter_for(current_user)
    rows = schedule_rows(today, team_ids, staff_ids)
    counts = {
        key: sum(1 for row in rows if statuses is None or row["status"] in statuses) for key, statuses in SHOWS.items()
    }
    if SHOWS[show] is not None:
        rows = [row for row in rows if row["status"] in SHOWS[show]]
    pages = max(1, math.ceil(len(rows) / PER_PAGE))
    page = min(max(1, request.args.get("page", 1, type=int)), pages)
    teams = {team.id: team.name for team in db.session.query(Team).all()}
    return render_template(
        "supervision/schedule.html",
        rows=rows[(page - 1) * PER_PAGE : page * PER_PAGE],
        total=len(rows),
        page=page,
        pages=pages,
        show=show,
        counts=counts,
        teams=teams,
        today=today,
        due_soon_days=DUE_SOON_DAYS,
        visible_teams=_visible_teams(),
    )


def _visible_teams() -> list[Team]:
    scope = current_scope()
    query = db.select(Team).where(Team.archived_at.is_(None)).order_by(Team.name)
    return list(db.session.execute(scope.apply(query, Team.id)).scalars())


def _parse_month(text: str | None) -> date:
    today = clock.today()
    if not text:
        return date(today.year, today.month, 1)
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        abort(404)


@blueprint.route("/teams/<int:team_id>/month")
@permission_required(SupervisionPermission.VIEW_COMPLIANCE)
def show_team_month(team_id: int):
    """A month for one team: each worker's sessions in the month, their due date and whether the month is met."""
    team = get_in_scope_or_404(Team, team_id, lambda record: record.id)
    first = _parse_month(request.args.get("month"))
    last = add_months(first, 1) - timedelta(days=1)
    horizon = min(last, clock.today()) if first <= clock.today() else first
    sessions = db.session.execute(
        db.select(Supervision)
        .where(
            Supervision.team_id == team.id,
            Supervision.superseded_at.is_(None),
            ((Supervision.held_on >= first) & (Supervision.held_on <= last))
            | ((Supervision.held_on.is_(None)) & (Supervision.planned_on >= first) & (Supervision.planned_on <= last)),
        )
        .order_by(Supervision.held_on, Supervision.planned_on)
    ).scalars()
    by_worker: dict[int, list[Supervision]] = {}
    for session in sessions:
        by_worker.setdefault(session.supervisee_id, []).append(session)
    rows = []
    for item in schedules(first, last, {team.id}):
        if item.worker.team_on(item.last_eligible_day(first, last) or first) != team.id and not by_worker.get(
            item.worker.staff_id
        ):
            continue
        rows.append(
            {
                "staff_id": item.worker.staff_id,
                "name": item.worker.name,
                "sessions": by_worker.get(item.worker.staff_id, []),
                "due_on": item.due_on(horizon),
                "status": item.status_on(horizon),
                "met": item.month_result(first, last) if first <= clock.today() else None,
            }
        )
    return render_template(
        "supervision/month.html",
        team=team,
        first=first,
        rows=rows,
        previous_month=add_months(first, -1),
        next_month=add_months(first, 1),
        held=SessionStatus.HELD,
    )


@blueprint.route("/policy", methods=["GET", "POST"])
@permission_required(SupervisionPermission.MANAGE_POLICY)
def manage_policy():
    form = PolicyForm()
    if form.validate_on_submit():
        values = {
            "effective_from": form.effective_from.data,
            "standard_frequency": Frequency(form.standard_frequency.data),
            "newly_qualified_weekly_weeks": form.newly_qualified_weekly_weeks.data,
            "newly_qualified_fortnightly_months": form.newly_qualified_fortnightly_months.data,
            "minimum_minutes": form.minimum_minutes.data,
            "long_absence_days": form.long_absence_days.data,
            "supervisor_must_be_registered": form.supervisor_must_be_registered.data,
        }
        try:
            services.add_policy(values, current_user)
        except services.SupervisionError as problem:
            db.session.rollback()
            form.effective_from.errors = [*form.effective_from.errors, str(problem)]
        else:
            db.session.commit()
            flash(f"Supervision policy from {display_date(values['effective_from'])} added", "success")
            return redirect(url_for("supervision.manage_policy"))
    return render_template("supervision/policy.html", form=form, policies=dao.list_policies())


@blueprint.route("/agreements")
@permission_required(SupervisionPermission.VIEW)
def list_agreements():
    return render_template("supervision/agreements.html", agreements=dao.list_agreements(current_user))


@blueprint.route("/agreements/new", methods=["GET", "POST"])
@permission_required(SupervisionPermission.RECORD)
def create_agreement():
    supervisor = dao.get_staff_for_user(current_user)
    if supervisor is None:
        flash("Your WPQ account is not linked to a staff record. Ask HR to link it before making agreements.")
        return redirect(url_for("supervision.list_agreements"))
    supervisees = dao.list_recordable_supervisees(current_user, clock.today())
    form = AgreementForm()
    form.supervisee.choices = [(person.id, person.name) for person in supervisees]
    if request.method == "GET":
        form.starts_on.data = clock.today()
        form.review_on.data = add_months(clock.today(), 12)
    if form.validate_on_submit():
        supervisee = db.session.get(StaffMember, form.supervisee.data)
        today = clock.today()
        try:
            services.create_agreement(
                supervisee,
                supervisor,
                dao.team_on(supervisee.id, form.starts_on.data),
                Frequency(form.frequency.data),
                SupervisionType(form.supervision_type.data),
                form.starts_on.data,
                form.review_on.data,
                today if form.signed_by_supervisor.data else None,
                today if form.signed_by_supervisee.data else None,
            )
        except services.SupervisionError as problem:
            db.session.rollback()
            field = getattr(form, problem.field, form.supervisee)
            field.errors = [*field.errors, str(problem)]
        else:
            db.session.commit()
            flash(f"Supervision agreement with {supervisee.name} saved", "success")
            return redirect(url_for("supervision.list_agreements"))
    return render_template("supervision/agreement_form.html", form=form)


@blueprint.route("/teams/<int:team_id>/export")
@permission_required(SupervisionPermission.VIEW_COMPLIANCE)
def export_team_compliance(team_id: int):
    """The team's supervision compliance as an Excel workbook (only for a team the user may see)."""
    team = get_in_scope_or_404(Team, team_id, lambda record: record.id)
    today = clock.today()
    workbook = exports.team_compliance_workbook(team, today)
    return send_workbook(workbook, f"supervision-compliance-team-{team.id}-{today.isoformat()}.xlsx")
