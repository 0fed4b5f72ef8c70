"""The staff list: who is in post, who is starting and who has left, searchable, sortable and downloadable.

HR confirms starters before their first day and records leavers ahead of their last, so the list shows
both where HR looks for them: by default everyone in post and everyone starting, each marked ("Starts
5 January 2027", "Leaving 31 January 2027"), with a filter for in post, future starters and leavers.
"""

from __future__ import annotations

from datetime import date

from flask import url_for
from markupsafe import Markup, escape
from sqlalchemy import and_, exists, func, not_, or_, select
from sqlalchemy.orm import joinedload

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.lists import Column, Filter, ListDefinition, display_text, enum_filter, team_filter
from workforce.kernel.models import Team
from workforce.people.constants import CensusRole, EmploymentType
from workforce.people.models import Assignment, StaffMember

IN_POST_AND_STARTING = "current"
IN_POST = "in-post"
FUTURE_STARTERS = "future"
LEAVERS = "leavers"
EVERYONE = "all"
STATUS_CHOICES = [
    (IN_POST_AND_STARTING, "In post and future starters"),
    (IN_POST, "In post"),
    (FUTURE_STARTERS, "Future starters"),
    (LEAVERS, "Leavers"),
    (EVERYONE, "Everyone"),
]


def _assignment(*conditions):
    return exists().where(Assignment.staff_id == StaffMember.id, *conditions)


def _current(on: date):
    return [Assignment.start_date <= on, or_(Assignment.end_date.is_(None), Assignment.end_date >= on)]


def _not_ended(on: date):
    return or_(Assignment.end_date.is_(None), Assignment.end_date >= on)


def status_condition(value: str, on: date):
    in_post = _assignment(*_current(on))
    starting = _assignment(Assignment.start_date > on)
    if value == IN_POST:
        return in_post
    if value == FUTURE_STARTERS:
        return and_(not_(in_post), starting)
    if value == LEAVERS:
        return and_(not_(in_post), not_(starting), _assignment())
    if value == EVERYONE:
        return None
    return or_(in_post, starting)


def _where_they_are(condition, on: date):
    """People whose current or coming assignment meets `condition`, or, for leavers, whose last one did."""
    still_here = _assignment(_not_ended(on))
    return or_(
        _assignment(_not_ended(on), condition),
        and_(not_(still_here), _assignment(condition)),
    )


def _status_filter(on: date):
    def apply(query, value):
        condition = status_condition(value, on)
        return query if condition is None else query.where(condition)

    return apply


def assignments_by_staff(items) -> dict[int, list[Assignment]]:
    """Every assignment of the people on the page, with its team, in one query."""
    found: dict[int, list[Assignment]] = {person.id: [] for person in items}
    if not found:
        return found
    rows = db.session.execute(
        select(Assignment)
        .options(joinedload(Assignment.team))
        .where(Assignment.staff_id.in_(list(found)))
        .order_by(Assignment.staff_id, Assignment.start_date, Assignment.id)
    ).scalars()
    for assignment in rows:
        found[assignment.staff_id].append(assignment)
    return found


def shown_assignments(assignments: list[Assignment], on: date) -> list[Assignment]:
    """The assignments that describe someone now: current ones, else the coming ones, else the last."""
    current = [a for a in assignments if a.current_on(on)]
    if current:
        return current
    coming = [a for a in assignments if a.start_date > on]
    if coming:
        first = min(a.start_date for a in coming)
        return [a for a in coming if a.start_date == first]
    if assignments:
        last = max(a.end_date or date.min for a in assignments)
        return [a for a in assignments if (a.end_date or date.min) == last]
    return []


def current_fte(assignments: list[Assignment], on: date) -> float:
    return sum(a.fte for a in assignments if a.current_on(on))


def status_of(assignments: list[Assignment], on: date) -> str:
    current = [a for a in assignments if a.current_on(on)]
    if current:
        ends = [a.end_date for a in current]
        # A last day is recorded for every current post and nothing follows: they are on their way out.
        if all(end is not None for end in ends) and not any(a.start_date > on for a in assignments):
            return f"Leaving {display_text(max(ends))}"
        return "In post"
    coming = [a.start_date for a in assignments if a.start_date > on]
    if coming:
        return f"Starts {display_text(min(coming))}"
    if assignments:
        return f"Left {display_text(max(a.end_date or date.min for a in assignments))}"
    return "Not in post"


def _status_html(item, context) -> Markup:
    text = status_of(context[item.id], clock.today())
    colour = "" if text == "In post" else (" govuk-tag--blue" if text.startswith("Starts") else " govuk-tag--grey")
    return Markup('<strong class="govuk-tag{}">{}</strong>').format(colour, escape(text))


def staff_list(teams: list[Team]) -> ListDefinition:
    """The staff list's definition for today (its sort keys and filters depend on the date)."""
    today = clock.today()
    shown = _not_ended(today)
    team_name = (
        select(func.min(Team.name))
        .join(Assignment, Assignment.team_id == Team.id)
        .where(Assignment.staff_id == StaffMember.id, shown)
        .scalar_subquery()
    )
    fte = (
        select(func.coalesce(func.sum(Assignment.fte), 0))
        .where(Assignment.staff_id == StaffMember.id, *_current(today))
        .scalar_subquery()
    )
    role = select(func.min(Assignment.census_role)).where(Assignment.staff_id == StaffMember.id, shown)
    first_start = select(func.min(Assignment.start_date)).where(Assignment.staff_id == StaffMember.id)

    def where_they_are(condition):
        return _where_they_are(condition, today)

    def names(attribute: str, separator: str = ", "):
        def value(item, context):
            labels = []
            for assignment in shown_assignments(context[item.id], today):
                label = getattr(assignment, attribute)
                label = getattr(label, "label", None) or getattr(label, "name", label)
                if label not in labels:
                    labels.append(label)
            return separator.join(str(label) for label in labels) or "None"

        return value

    return ListDefinition(
        endpoint="people.list_staff",
        columns=[
            Column(
                "name",
                "Name",
                value=lambda item, context: item.name,
                sort=[StaffMember.last_name, StaffMember.first_name],
                html=lambda item, context: Markup('<a class="govuk-link" href="{}">{}</a>').format(
                    url_for("people.show_staff", staff_id=item.id), item.name
                ),
            ),
            Column(
                "employee-number",
                "Employee number",
                lambda item, context: item.employee_number,
                sort=StaffMember.employee_number,
            ),
            Column("role", "Role", names("census_role"), sort=role.scalar_subquery()),
            Column("team", "Team", names("team"), sort=team_name),
            Column(
                "employment",
                "Employment",
                lambda item, context: item.employment_type.label,
                sort=StaffMember.employment_type,
            ),
            Column(
                "fte",
                "FTE",
                lambda item, context: round(current_fte(context[item.id], today), 2),
                sort=fte,
                numeric=True,
                number_format="two decimal places",
                html=lambda item, context: f"{current_fte(context[item.id], today):.2f}",
            ),
            Column(
                "status",
                "Status",
                lambda item, context: status_of(context[item.id], today),
                sort=first_start.scalar_subquery(),
                html=_status_html,
            ),
        ],
        id_column=StaffMember.id,
        default_sort="name",
        filters=[
            Filter("status", "Status", _status_filter(today), choices=STATUS_CHOICES, default=IN_POST_AND_STARTING),
            team_filter(Assignment.team_id, teams, where=where_they_are),
            enum_filter("role", "Role", Assignment.census_role, CensusRole, where=where_they_are),
            enum_filter("employment_type", "Employment type", StaffMember.employment_type, EmploymentType),
        ],
        search_columns=[
            StaffMember.first_name + " " + StaffMember.last_name,
            StaffMember.employee_number,
            func.coalesce(StaffMember.swe_number, ""),
        ],
        search_label="Name, employee or SWE number",
        noun="person",
        plural="people",
        filename="staff",
        sheet_title="Staff",
        context=assignments_by_staff,
    )
