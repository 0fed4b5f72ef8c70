"""The leavers list on the retention page: leavers in the period and everyone whose last day is still to come.

HR records a leaver as soon as notice is given, so a person with a future last day is a leaver HR is
working on (checklist, exit interview) and is listed, marked "Leaving 31 January 2027".
"""

from __future__ import annotations

from datetime import date

from flask import url_for
from markupsafe import Markup
from sqlalchemy import Select, or_, select

from workforce.kernel.lists import Column, Filter, ListDefinition, display_text, team_filter
from workforce.kernel.models import Team
from workforce.kernel.permissions import Scope, user_can
from workforce.people.models import Assignment, StaffMember
from workforce.retention import dao
from workforce.retention.constants import RetentionPermission
from workforce.retention.models import ExitInterview, LeaverChecklist

FAR_FUTURE = date(9999, 12, 31)


def leavers_list_query(scope: Scope | None, start: date, end: date, today: date) -> Select:
    """Leavers whose last day is in the period, and those whose last day is after today."""
    query = dao.leavers_query(scope, start, FAR_FUTURE)
    return query.where(or_(Assignment.end_date <= end, Assignment.end_date > today))


def _person(attribute):
    return select(getattr(StaffMember, attribute)).where(StaffMember.id == Assignment.staff_id).scalar_subquery()


def last_day_text(leaver: dao.Leaver, today: date) -> str:
    day = display_text(leaver.assignment.end_date)
    return f"Leaving {day}" if leaver.assignment.end_date > today else f"Left {day}"


def _actions(leaver: dao.Leaver, context) -> Markup:
    links = []
    assignment_id = leaver.assignment.id
    if user_can(RetentionPermission.RECORD_RETENTION):
        href = url_for("retention.leaver_checklist", assignment_id=assignment_id)
        links.append(
            Markup(
                '<a class="govuk-link" href="{}">Checklist<span class="govuk-visually-hidden"> for {}</span></a>'
            ).format(href, leaver.assignment.staff_member.name)
        )
    if user_can(RetentionPermission.MANAGE_EXIT_INTERVIEWS) and not leaver.exit_interview:
        href = url_for("retention.record_exit_interview", assignment_id=assignment_id)
        links.append(
            Markup(
                '<a class="govuk-link" href="{}">Exit interview<span class="govuk-visually-hidden"> for {}</span></a>'
            ).format(href, leaver.assignment.staff_member.name)
        )
    return Markup(" ").join(links)


def _checklist(query, value):
    complete = (
        LeaverChecklist.cases_reallocated_on.is_not(None)
        & LeaverChecklist.equipment_returned_on.is_not(None)
        & LeaverChecklist.exit_interview_offered_on.is_not(None)
    )
    return query.where(complete) if value == "complete" else query.where(or_(LeaverChecklist.id.is_(None), ~complete))


def _interview(query, value):
    return query.where(ExitInterview.id.is_not(None) if value == "recorded" else ExitInterview.id.is_(None))


def leavers_list(teams: list[Team], today: date) -> ListDefinition:
    def when(query, value):
        return query.where(Assignment.end_date > today if value == "leaving" else Assignment.end_date <= today)

    return ListDefinition(
        endpoint="retention.retention_page",
        columns=[
            Column(
                "name",
                "Name",
                lambda item, context: item.assignment.staff_member.name,
                sort=[_person("last_name"), _person("first_name")],
            ),
            Column(
                "team",
                "Team",
                lambda item, context: item.assignment.team.name,
                sort=select(Team.name).where(Team.id == Assignment.team_id).scalar_subquery(),
            ),
            Column(
                "last-day",
                "Last day",
                lambda item, context: item.assignment.end_date,
                sort=Assignment.end_date,
                html=lambda item, context: last_day_text(item, today),
            ),
            Column("early", "Early leaver", lambda item, context: "Yes" if item.early else "No"),
            Column(
                "checklist",
                "Checklist",
                lambda item, context: "Complete" if item.checklist and item.checklist.complete else "Incomplete",
            ),
            Column(
                "exit-interview",
                "Exit interview",
                lambda item, context: item.exit_interview.outcome.label if item.exit_interview else "None",
            ),
            Column("actions", "Actions", lambda item, context: "", html=_actions, download=False),
        ],
        id_column=Assignment.id,
        default_sort="last-day",
        default_order="descending",
        filters=[
            Filter(
                "when",
                "Left or leaving",
                when,
                choices=[("", "Any"), ("left", "Left"), ("leaving", "Leaving (last day to come)")],
            ),
            team_filter(Assignment.team_id, teams),
            Filter(
                "checklist",
                "Checklist",
                _checklist,
                choices=[("", "Any"), ("complete", "Complete"), ("incomplete", "Incomplete")],
            ),
            Filter(
                "interview",
                "Exit interview",
                _interview,
                choices=[("", "Any"), ("recorded", "Recorded"), ("none", "Not recorded")],
            ),
        ],
        search_columns=[
            select(StaffMember.first_name + " " + StaffMember.last_name)
            .where(StaffMember.id == Assignment.staff_id)
            .scalar_subquery()
        ],
        search_label="Name",
        noun="leaver",
        plural="leavers",
        filename="leavers",
        sheet_title="Leavers",
        scalars=False,
        item_factory=lambda row: dao.Leaver(*row),
        carry=("start", "end"),
    )
