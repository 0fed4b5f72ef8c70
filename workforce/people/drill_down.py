"""The records behind each workforce measure: the assignments, posts and absences its SQL counts.

Each list is read with the same building blocks (`in_post_on`, `council_employed`, `_leaving_between`,
`post_establishment`...) as the figure in `workforce.people.measures`, so the lists add up to the figure.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, case, func, or_, select

from workforce.extensions import db
from workforce.kernel.dates import display_date, year_before
from workforce.kernel.measures import BehindRecord, DrillDown, MeasureRecords, MeasureScope, RecordList
from workforce.people import measures as m
from workforce.people.constants import AbsenceReason, PeoplePermission, RegistrationStatus
from workforce.people.models import Absence, Assignment, Post, StaffMember

FTE = "FTE"
COUNT = "Count"


def _name(staff: StaffMember) -> str:
    return f"{staff.last_name}, {staff.first_name} ({staff.employee_number})"


def _assignments(title: str, *conditions, detail=None) -> RecordList:
    rows = db.session.execute(
        select(Assignment, StaffMember)
        .join(StaffMember, StaffMember.id == Assignment.staff_id)
        .where(*conditions)
        .order_by(StaffMember.last_name, StaffMember.first_name, Assignment.id)
    ).all()
    records = tuple(
        BehindRecord(
            "Assignment",
            _name(staff),
            assignment.team_id,
            detail(assignment) if detail else _assignment_detail(assignment),
            float(assignment.fte),
        )
        for assignment, staff in rows
    )
    return RecordList(title, FTE, records)


def _assignment_detail(assignment: Assignment) -> str:
    ends = f", left {display_date(assignment.end_date)}" if assignment.end_date else ""
    return f"{assignment.employment_type.value}, started {display_date(assignment.start_date)}{ends}"


def in_post_list(on: date, scope: MeasureScope) -> RecordList:
    return _assignments(
        f"Council-employed assignments in post on {display_date(on)}",
        m.in_post_on(on),
        m.council_employed(),
        m.in_scope(Assignment.team_id, scope),
    )


def agency_list(on: date, scope: MeasureScope) -> RecordList:
    return _assignments(
        f"Agency assignments on {display_date(on)}", m.in_post_on(on), m.agency(), m.in_scope(Assignment.team_id, scope)
    )


def _scaled(records: RecordList, title: str, factor: float, label: str) -> RecordList:
    return RecordList(
        title,
        label,
        tuple(
            BehindRecord(item.kind, item.reference, item.team_id, item.detail, item.amount * factor)
            for item in records.records
        ),
    )


def _joined(title: str, label: str, *lists: RecordList) -> RecordList:
    return RecordList(title, label, tuple(record for each in lists for record in each.records))


def starters_list(start: date, end: date, scope: MeasureScope) -> RecordList:
    return _assignments(
        "Starters in the period",
        Assignment.start_date.between(start, end),
        Assignment.start_origin.is_not(None),
        m.council_employed(),
        m.in_scope(Assignment.team_id, scope),
    )


def leavers_list(start: date, end: date, scope: MeasureScope) -> RecordList:
    return _assignments("Leavers in the period", m._leaving_between(start, end, scope))


def posts_list(on: date, scope: MeasureScope, column: str, title: str) -> RecordList:
    posts = m.post_establishment(on, scope)
    amount = getattr(posts.c, column)
    rows = db.session.execute(
        select(Post, posts.c.budgeted, posts.c.filled, posts.c.agency, amount)
        .join(posts, posts.c.post_id == Post.id)
        .where(amount > 0)
        .order_by(Post.post_number)
    ).all()
    records = tuple(
        BehindRecord(
            "Funded post",
            f"{post.post_number} {post.job_title}",
            post.team_id,
            f"budgeted {budgeted:g} FTE, council-employed {filled:g} FTE, agency {agency_fte:g} FTE",
            float(value),
        )
        for post, budgeted, filled, agency_fte, value in rows
    )
    return RecordList(title, FTE, records)


def absences_list(start: date, end: date, scope: MeasureScope) -> RecordList:
    """Sickness absences of council-employed staff in scope, each clipped to the period as the figure is."""
    clipped_start = case((Absence.start_date < start, start), else_=Absence.start_date)
    clipped_end = case((or_(Absence.end_date.is_(None), Absence.end_date > end), end), else_=Absence.end_date)
    employed_team = (
        select(func.min(Assignment.team_id))
        .where(
            Assignment.staff_id == Absence.staff_id,
            m.council_employed(),
            m.in_scope(Assignment.team_id, scope),
            Assignment.start_date <= end,
            or_(Assignment.end_date.is_(None), Assignment.end_date >= start),
        )
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Absence, StaffMember, clipped_start, clipped_end, employed_team)
        .join(StaffMember, StaffMember.id == Absence.staff_id)
        .where(
            Absence.reason == AbsenceReason.SICKNESS,
            Absence.withdrawn_at.is_(None),
            Absence.start_date <= end,
            or_(Absence.end_date.is_(None), Absence.end_date >= start),
            employed_team.is_not(None),
        )
        .order_by(StaffMember.last_name, Absence.start_date, Absence.id)
    ).all()
    records = tuple(
        BehindRecord(
            "Sickness absence",
            _name(staff),
            team_id,
            f"{display_date(m._as_date(first))} to {display_date(m._as_date(last))} within the period",
            float(m._working_days(m._as_date(first), m._as_date(last))),
        )
        for _absence, staff, first, last, team_id in rows
    )
    return RecordList("Sickness absences in the period", "Working days", records)


def _people(title: str, rows, detail) -> RecordList:
    return RecordList(
        title,
        COUNT,
        tuple(
            BehindRecord("Staff member", _name(staff), team_id, detail(*rest), 1.0) for staff, team_id, *rest in rows
        ),
    )


def headcount_list(on: date, scope: MeasureScope) -> RecordList:
    """Each council-employed person in post once, in the team of their more senior assignment."""
    ranked = (
        select(
            Assignment.staff_id,
            Assignment.team_id,
            Assignment.census_role,
            func.row_number()
            .over(partition_by=Assignment.staff_id, order_by=(Assignment.census_role, Assignment.id))
            .label("rank"),
        )
        .where(m.in_post_on(on), m.council_employed(), m.in_scope(Assignment.team_id, scope))
        .subquery()
    )
    rows = db.session.execute(
        select(StaffMember, ranked.c.team_id, ranked.c.census_role)
        .join(ranked, ranked.c.staff_id == StaffMember.id)
        .where(ranked.c.rank == 1)
        .order_by(StaffMember.last_name, StaffMember.first_name)
    ).all()
    return _people(f"People in post on {display_date(on)}", rows, lambda role: f"census role {role.value}")


def _in_post_people(on: date, scope: MeasureScope):
    """(staff, team) of each council-employed person in post, as `under_two_years_service_rate` counts them."""
    team = (
        select(func.min(Assignment.team_id))
        .where(
            Assignment.staff_id == StaffMember.id,
            m.in_post_on(on),
            m.council_employed(),
            m.in_scope(Assignment.team_id, scope),
        )
        .scalar_subquery()
    )
    return team


def under_two_years(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    team = _in_post_people(end, scope)
    latest_start = (
        select(func.max(Assignment.start_date))
        .where(
            Assignment.staff_id == StaffMember.id,
            Assignment.start_origin.is_not(None),
            Assignment.start_date <= end,
            m.council_employed(),
        )
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(StaffMember, team, latest_start).where(team.is_not(None)).order_by(StaffMember.last_name)
    ).all()
    cutoff = m._years_before(end, 2)

    def detail(started):
        return f"latest start {display_date(m._as_date(started))}" if started else "no recorded start"

    recent = [row for row in rows if row[2] is not None and m._as_date(row[2]) > cutoff]
    return MeasureRecords(
        _people("In post with under 2 years' service", recent, detail),
        _people(f"People in post on {display_date(end)}", rows, detail),
    )


def leavers_within_12_months(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    leavers = (
        select(
            Assignment.staff_id,
            func.max(Assignment.end_date).label("left_on"),
            func.min(Assignment.team_id).label("team_id"),
        )
        .where(m._leaving_between(start, end, scope))
        .group_by(Assignment.staff_id)
        .subquery()
    )
    started = (
        select(func.max(Assignment.start_date))
        .where(
            Assignment.staff_id == leavers.c.staff_id,
            Assignment.start_origin.is_not(None),
            Assignment.start_date <= leavers.c.left_on,
            m.council_employed(),
        )
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(StaffMember, leavers.c.team_id, leavers.c.left_on, started)
        .join(leavers, leavers.c.staff_id == StaffMember.id)
        .order_by(StaffMember.last_name)
    ).all()

    def detail(left_on, first):
        began = f"latest start {display_date(m._as_date(first))}, " if first else ""
        return f"{began}left {display_date(m._as_date(left_on))}"

    quick = [row for row in rows if row[3] is not None and (m._as_date(row[2]) - m._as_date(row[3])).days < 365]
    return MeasureRecords(
        _people("Leavers who left within 12 months of starting", quick, detail),
        _people("Leavers in the period", rows, detail),
    )


def registration(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    team = (
        select(func.min(Assignment.team_id))
        .where(Assignment.staff_id == StaffMember.id, m.in_post_on(end), m.in_scope(Assignment.team_id, scope))
        .scalar_subquery()
    )
    needs_registration = or_(
        StaffMember.registration_status.is_(None),
        StaffMember.registration_status != RegistrationStatus.NOT_REQUIRED,
    )
    compliant = and_(
        StaffMember.registration_status == RegistrationStatus.REGISTERED, StaffMember.registered_until >= end
    )
    rows = db.session.execute(
        select(StaffMember, team, case((compliant, True), else_=False))
        .where(team.is_not(None), needs_registration)
        .order_by(StaffMember.last_name)
    ).all()

    def describe(row):
        staff = row[0]
        status = staff.registration_status.value if staff.registration_status else "no status recorded"
        until = f", registered until {display_date(staff.registered_until)}" if staff.registered_until else ""
        return (staff, row[1], f"{status}{until}")

    described = [describe(row) for row in rows]
    compliant_rows = [described[index] for index, row in enumerate(rows) if row[2]]
    return MeasureRecords(
        _people("Registered past the end date", compliant_rows, lambda text: text),
        _people("Staff in post who need registration", described, lambda text: text),
    )


def _total(records) -> DrillDown:
    return DrillDown(lambda start, end, scope: MeasureRecords(records(start, end, scope)), PeoplePermission.VIEW_STAFF)


def _ratio(records) -> DrillDown:
    return DrillDown(lambda start, end, scope: MeasureRecords(*records(start, end, scope)), PeoplePermission.VIEW_STAFF)


def _listed(records) -> DrillDown:
    return DrillDown(records, PeoplePermission.VIEW_STAFF)


def _absence_denominator(start: date, end: date, scope: MeasureScope) -> RecordList:
    days = m._working_days(start, end)
    return _scaled(
        in_post_list(end, scope), f"FTE in post x {days} working days in the period", days, "FTE x working days"
    )


DRILL_DOWNS: dict[str, DrillDown] = {
    "inpost_fte": _total(lambda start, end, scope: in_post_list(end, scope)),
    "inpost_headcount": _total(lambda start, end, scope: headcount_list(end, scope)),
    "starters_fte": _total(starters_list),
    "leavers_fte": _total(leavers_list),
    "turnover_rate_fte": _ratio(lambda start, end, scope: (leavers_list(start, end, scope), in_post_list(end, scope))),
    "agency_fte": _total(lambda start, end, scope: agency_list(end, scope)),
    "agency_rate_fte": _ratio(
        lambda start, end, scope: (
            agency_list(end, scope),
            _joined(
                "Agency and council-employed assignments in post",
                FTE,
                agency_list(end, scope),
                in_post_list(end, scope),
            ),
        )
    ),
    "vacancy_fte": _total(lambda start, end, scope: posts_list(end, scope, "vacancy", "Vacant FTE of funded posts")),
    "vacancy_rate_fte": _ratio(
        lambda start, end, scope: (
            posts_list(end, scope, "vacancy", "Vacant FTE of funded posts"),
            _joined(
                "Vacant FTE and council-employed FTE in post",
                FTE,
                posts_list(end, scope, "vacancy", "Vacant FTE of funded posts"),
                in_post_list(end, scope),
            ),
        )
    ),
    "agency_cover_rate_fte": _ratio(
        lambda start, end, scope: (
            posts_list(end, scope, "cover", "Agency FTE covering vacant FTE of funded posts"),
            agency_list(end, scope),
        )
    ),
    "working_days_lost_fte": _total(absences_list),
    "absence_rate_fte": _ratio(
        lambda start, end, scope: (absences_list(start, end, scope), _absence_denominator(start, end, scope))
    ),
    "days_lost_per_fte": _ratio(lambda start, end, scope: (absences_list(start, end, scope), in_post_list(end, scope))),
    "turnover_rate_fte_rolling_12_months": _ratio(
        lambda start, end, scope: (
            leavers_list(year_before(end), end, scope),
            in_post_list(end, scope),
        )
    ),
    "under_two_years_service_rate": _listed(under_two_years),
    "leavers_within_12_months_rate": _listed(leavers_within_12_months),
    "registration_compliance_rate": _listed(registration),
}
