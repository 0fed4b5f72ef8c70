"""Retention pages: leavers and their checklists, exit interviews, stay interviews, the retention page."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from workforce.extensions import db
from workforce.kernel import clock, freshness
from workforce.kernel.dates import display_date
from workforce.kernel.forms import save_or_show
from workforce.kernel.lists import DOWNLOAD_FORMATS, show_list
from workforce.kernel.permissions import current_scope, permission_required
from workforce.people.dao import list_teams_for_user
from workforce.people.models import StaffMember
from workforce.retention import dao, reports, services
from workforce.retention.constants import ExitOutcome, ExitTheme, RetentionPermission
from workforce.retention.forms import ExitInterviewForm, LeaverChecklistForm, PeriodForm, StayInterviewForm
from workforce.retention.lists import leavers_list, leavers_list_query
from workforce.retention.services import RetentionError

blueprint = Blueprint("retention", __name__, template_folder="templates")

VIEW = RetentionPermission.VIEW_RETENTION


def _period() -> tuple[PeriodForm, date, date]:
    form = PeriodForm(request.args)
    end = clock.today()
    start = end - timedelta(days=365)
    if form.validate():
        start = form.start.data or start
        end = form.end.data or end
    return form, start, end


@blueprint.route("/retention")
@permission_required(VIEW)
@freshness.kept_page
def retention_page():
    form, start, end = _period()
    scope = current_scope()
    today = clock.today()
    definition = leavers_list(list_teams_for_user(current_user), today)
    query = leavers_list_query(scope, start, end, today)
    if request.args.get("download") in DOWNLOAD_FORMATS:
        return show_list(definition, query, "retention/retention.html")
    report = reports.retention_report(scope, start, end)
    return show_list(
        definition,
        query,
        "retention/retention.html",
        report=report,
        form=form,
        start=start,
        end=end,
        themes=list(ExitTheme),
    )


@blueprint.route("/retention/leavers/<int:assignment_id>/checklist", methods=["GET", "POST"])
@permission_required(RetentionPermission.RECORD_RETENTION)
def leaver_checklist(assignment_id: int):
    assignment = dao.get_leaving_assignment_in_scope_or_404(assignment_id)
    checklist = dao.get_leaver_checklist(assignment.id)
    form = LeaverChecklistForm(obj=checklist)
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.save_checklist(
                assignment,
                form.cases_reallocated_on.data,
                form.equipment_returned_on.data,
                form.exit_interview_offered_on.data,
            ),
            refused=RetentionError,
            saved="Leaver checklist saved",
            then=url_for("retention.retention_page"),
        )
        if done:
            return done
    return render_template(
        "retention/form.html",
        form=form,
        title=f"Leaver checklist: {assignment.staff_member.name}",
        caption=f"{assignment.team.name}, left {display_date(assignment.end_date)}",
    )


@blueprint.route("/retention/leavers/<int:assignment_id>/exit-interview", methods=["GET", "POST"])
@permission_required(RetentionPermission.MANAGE_EXIT_INTERVIEWS)
def record_exit_interview(assignment_id: int):
    assignment = dao.get_leaving_assignment_in_scope_or_404(assignment_id)
    form = ExitInterviewForm()
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.record_exit_interview(
                assignment,
                form.held_on.data,
                [ExitTheme(value) for value in form.themes.data],
                form.comments.data,
                ExitOutcome(form.outcome.data),
                current_user,
            ),
            refused=RetentionError,
            saved="Exit interview recorded",
            then=url_for("retention.retention_page"),
        )
        if done:
            return done
    return render_template(
        "retention/form.html",
        form=form,
        title=f"Exit interview: {assignment.staff_member.name}",
        caption=f"{assignment.team.name}, left {display_date(assignment.end_date)}",
    )


@blueprint.route("/retention/stay-interviews")
@permission_required(VIEW)
def list_stay_interviews():
    interviews = dao.list_stay_interviews(current_scope())
    return render_template("retention/stay_interviews.html", interviews=interviews)


@blueprint.route("/retention/stay-interviews/new", methods=["GET", "POST"])
@permission_required(RetentionPermission.RECORD_RETENTION)
def record_stay_interview():
    form = StayInterviewForm()
    people = dao.list_current_staff(current_scope(), clock.today())
    teams = {staff.id: team_id for staff, team_id in people}
    form.staff.choices = [(staff.id, f"{staff.name} ({staff.employee_number})") for staff, _team in people]
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.record_stay_interview(
                db.session.get(StaffMember, form.staff.data),
                teams[form.staff.data],
                form.held_on.data,
                form.what_keeps_you.data,
                form.what_might_make_you_leave.data,
                form.agreed_actions.data,
                current_user,
            ),
            refused=RetentionError,
            saved="Stay interview recorded",
            then=url_for("retention.list_stay_interviews"),
        )
        if done:
            return done
    return render_template("retention/form.html", form=form, title="Record a stay interview", caption=None)
