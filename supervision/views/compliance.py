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
from supervision.schedule import DUE_SOON_DAYS, schedule_rows, schedules
from supervision.views import blueprint
from workforce.extensions import db
from workforce.kernel import clock, freshness
from workforce.kernel.dates import add_months, display_date
from workforce.kernel.forms import save_or_show
from workforce.kernel.models import Team
from workforce.kernel.permissions import current_scope, get_in_scope_or_404, permission_required
from workforce.kernel.spreadsheets import send_workbook
from workforce.people.models import StaffMember

#: People on one page of the schedule list.
PER_PAGE = 50
#: The schedule list's views: everyone, overdue only, due within 7 days.
SHOWS = {"all": None, "overdue": {ScheduleStatus.OVERDUE}, "due-soon": {ScheduleStatus.DUE_SOON}}


@blueprint.route("/schedule")
@permission_required(SupervisionPermission.VIEW_COMPLIANCE)
@freshness.kept_page
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
    teams = dao.team_names()
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
    return dao.list_open_teams(current_scope())


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
    sessions = dao.list_team_month_sessions(team.id, first, last)
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
        done = save_or_show(
            form,
            lambda: services.add_policy(values, current_user),
            refused=services.SupervisionError,
            saved=f"Supervision policy from {display_date(values['effective_from'])} added",
            then=url_for("supervision.manage_policy"),
            fallback="effective_from",
        )
        if done:
            return done
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
        done = save_or_show(
            form,
            lambda: services.create_agreement(
                supervisee,
                supervisor,
                dao.team_on(supervisee.id, form.starts_on.data),
                Frequency(form.frequency.data),
                SupervisionType(form.supervision_type.data),
                form.starts_on.data,
                form.review_on.data,
                today if form.signed_by_supervisor.data else None,
                today if form.signed_by_supervisee.data else None,
            ),
            refused=services.SupervisionError,
            saved=f"Supervision agreement with {supervisee.name} saved",
            then=url_for("supervision.list_agreements"),
            fallback="supervisee",
        )
        if done:
            return done
    return render_template("supervision/agreement_form.html", form=form)


@blueprint.route("/teams/<int:team_id>/export")
@permission_required(SupervisionPermission.VIEW_COMPLIANCE)
def export_team_compliance(team_id: int):
    """The team's supervision compliance as an Excel workbook (only for a team the user may see)."""
    team = get_in_scope_or_404(Team, team_id, lambda record: record.id)
    today = clock.today()
    workbook = exports.team_compliance_workbook(team, today)
    return send_workbook(workbook, f"supervision-compliance-team-{team.id}-{today.isoformat()}.xlsx")
