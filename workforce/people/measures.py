"""Workforce measures (the DfE CSWW census guide): the DfE census measures and local variants, computed in SQL.

Convention for a measure over a period (start, end): stock measures (in post, agency, vacancies) are
taken at `end`; flow measures (starters, leavers, days lost) count the period, both days included.

Census conventions applied here:
- in post on a date means started on or before it and not left by it: a person whose last day is the
  snapshot date (leaving on 30 September) is a leaver of that year and not in post at the snapshot;
- council-employed means any employment type except agency (DfE: an agency worker is one not paid
  directly by the council); agency workers count in the agency figures only, never in post or turnover;
- a starter is an assignment with a census start origin (internal moves carry none); a leaver is an
  assignment marked as leaving the council's children's social work;
- FTE is summed over a person's assignments; headcount counts each person once.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from sqlalchemy import and_, case, distinct, func, or_, select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.types import Float

from workforce.extensions import db
from workforce.kernel.dates import year_before
from workforce.kernel.measures import Measure, MeasureScope, MeasureValue, Polarity, Source, Unit
from workforce.kernel.working_days import working_days_between
from workforce.people.constants import AbsenceReason, EmploymentType, RegistrationStatus
from workforce.people.models import Absence, Assignment, Post, StaffMember


class days_between(ColumnElement):  # a SQL construct, named like the function it stands for
    """Whole days from `first` to `later` (later - first), on SQLite and PostgreSQL."""

    type = Float()
    inherit_cache = True

    def __init__(self, first, later):
        self.first = first
        self.later = later


@compiles(days_between)
def _days_between_default(element, compiler, **kw):
    return f"({compiler.process(element.later, **kw)} - {compiler.process(element.first, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    later = compiler.process(element.later, **kw)
    first = compiler.process(element.first, **kw)
    return f"(julianday({later}) - julianday({first}))"


# Building blocks


def in_post_on(on: date):
    return and_(Assignment.start_date <= on, or_(Assignment.end_date.is_(None), Assignment.end_date > on))


def council_employed():
    return Assignment.employment_type != EmploymentType.AGENCY


def agency():
    return Assignment.employment_type == EmploymentType.AGENCY


def in_scope(column, scope: MeasureScope):
    team_ids = scope.team_ids()
    if team_ids is None:
        return True
    return column.in_(sorted(team_ids))


def _scalar(query) -> float:
    return float(db.session.execute(query).scalar() or 0)


def fte_in_post(on: date, scope: MeasureScope) -> float:
    return _scalar(
        select(func.coalesce(func.sum(Assignment.fte), 0)).where(
            in_post_on(on), council_employed(), in_scope(Assignment.team_id, scope)
        )
    )


def headcount_in_post(on: date, scope: MeasureScope) -> int:
    return int(
        _scalar(
            select(func.count(distinct(Assignment.staff_id))).where(
                in_post_on(on), council_employed(), in_scope(Assignment.team_id, scope)
            )
        )
    )


def headcount_by_role(on: date, scope: MeasureScope) -> dict[int, int]:
    """Headcount in post by census role: a person in two posts counts once, in the more senior role."""
    senior = (
        select(Assignment.staff_id, func.min(Assignment.census_role).label("role"))
        .where(in_post_on(on), council_employed(), in_scope(Assignment.team_id, scope))
        .group_by(Assignment.staff_id)
        .subquery()
    )
    rows = db.session.execute(select(senior.c.role, func.count()).group_by(senior.c.role)).all()
    return {int(role): count for role, count in rows}


def agency_fte_on(on: date, scope: MeasureScope) -> float:
    return _scalar(
        select(func.coalesce(func.sum(Assignment.fte), 0)).where(
            in_post_on(on), agency(), in_scope(Assignment.team_id, scope)
        )
    )


def starters_fte_between(start: date, end: date, scope: MeasureScope) -> float:
    return _scalar(
        select(func.coalesce(func.sum(Assignment.fte), 0)).where(
            Assignment.start_date.between(start, end),
            Assignment.start_origin.is_not(None),
            council_employed(),
            in_scope(Assignment.team_id, scope),
        )
    )


def _leaving_between(start: date, end: date, scope: MeasureScope):
    return and_(
        Assignment.is_leaving.is_(True),
        Assignment.end_date.between(start, end),
        council_employed(),
        in_scope(Assignment.team_id, scope),
    )


def leavers_fte_between(start: date, end: date, scope: MeasureScope) -> float:
    return _scalar(select(func.coalesce(func.sum(Assignment.fte), 0)).where(_leaving_between(start, end, scope)))


def post_establishment(on: date, scope: MeasureScope):
    """One row per funded post in scope: budgeted FTE, council-employed FTE filling it, agency FTE on it."""
    filled = (
        select(Assignment.post_id, func.sum(Assignment.fte).label("fte"))
        .where(in_post_on(on), council_employed(), Assignment.post_id.is_not(None))
        .group_by(Assignment.post_id)
        .subquery()
    )
    covered = (
        select(Assignment.post_id, func.sum(Assignment.fte).label("fte"))
        .where(in_post_on(on), agency(), Assignment.post_id.is_not(None))
        .group_by(Assignment.post_id)
        .subquery()
    )
    filled_fte = func.coalesce(filled.c.fte, 0)
    agency_fte = func.coalesce(covered.c.fte, 0)
    vacancy = case((Post.budgeted_fte > filled_fte, Post.budgeted_fte - filled_fte), else_=0)
    cover = case((agency_fte < vacancy, agency_fte), else_=vacancy)
    return (
        select(
            Post.id.label("post_id"),
            Post.team_id.label("team_id"),
            Post.budgeted_fte.label("budgeted"),
            filled_fte.label("filled"),
            agency_fte.label("agency"),
            vacancy.label("vacancy"),
            cover.label("cover"),
        )
        .outerjoin(filled, filled.c.post_id == Post.id)
        .outerjoin(covered, covered.c.post_id == Post.id)
        .where(
            Post.funded_from <= on,
            or_(Post.funded_to.is_(None), Post.funded_to >= on),
            in_scope(Post.team_id, scope),
        )
        .subquery()
    )


def vacancy_fte_on(on: date, scope: MeasureScope) -> float:
    posts = post_establishment(on, scope)
    return _scalar(select(func.coalesce(func.sum(posts.c.vacancy), 0)))


def agency_cover_fte_on(on: date, scope: MeasureScope) -> float:
    posts = post_establishment(on, scope)
    return _scalar(select(func.coalesce(func.sum(posts.c.cover), 0)))


@lru_cache(maxsize=4096)
def _working_days(first: date, last: date) -> int:
    return working_days_between(first, last)


def working_days_lost_between(start: date, end: date, scope: MeasureScope) -> int:
    """Working days lost to sickness by council-employed staff in scope, clipped to the period.

    SQL clips each absence to the period and groups identical date ranges; the working-day calendar
    (weekdays less England and Wales bank holidays) then counts each distinct range once.
    """
    clipped_start = case((Absence.start_date < start, start), else_=Absence.start_date)
    clipped_end = case(
        (or_(Absence.end_date.is_(None), Absence.end_date > end), end),
        else_=Absence.end_date,
    )
    employed = (
        select(Assignment.id)
        .where(
            Assignment.staff_id == Absence.staff_id,
            council_employed(),
            in_scope(Assignment.team_id, scope),
            Assignment.start_date <= end,
            or_(Assignment.end_date.is_(None), Assignment.end_date >= start),
        )
        .exists()
    )
    # Grouped by label: PostgreSQL does not match expressions with bound parameters across clauses.
    rows = db.session.execute(
        select(clipped_start.label("first_day"), clipped_end.label("last_day"), func.count())
        .where(
            Absence.reason == AbsenceReason.SICKNESS,
            Absence.withdrawn_at.is_(None),
            Absence.start_date <= end,
            or_(Absence.end_date.is_(None), Absence.end_date >= start),
            employed,
        )
        .group_by(text("first_day"), text("last_day"))
    ).all()
    return sum(_working_days(_as_date(first), _as_date(last)) * count for first, last, count in rows)


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


# The measures


def inpost_fte(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    return MeasureValue.total(round(fte_in_post(end, scope), 4))


def inpost_headcount(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    return MeasureValue.total(headcount_in_post(end, scope))


def starters_fte(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    return MeasureValue.total(round(starters_fte_between(start, end, scope), 4))


def leavers_fte(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    return MeasureValue.total(round(leavers_fte_between(start, end, scope), 4))


def turnover_rate_fte(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    return MeasureValue.ratio(leavers_fte_between(start, end, scope), fte_in_post(end, scope), 100)


def agency_fte(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    return MeasureValue.total(round(agency_fte_on(end, scope), 4))


def agency_rate_fte(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    agency_total = agency_fte_on(end, scope)
    return MeasureValue.ratio(agency_total, agency_total + fte_in_post(end, scope), 100)


def vacancy_fte(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    return MeasureValue.total(round(vacancy_fte_on(end, scope), 4))


def vacancy_rate_fte(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    vacancies = vacancy_fte_on(end, scope)
    return MeasureValue.ratio(vacancies, vacancies + fte_in_post(end, scope), 100)


def agency_cover_rate_fte(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    return MeasureValue.ratio(agency_cover_fte_on(end, scope), agency_fte_on(end, scope), 100)


def working_days_lost_fte(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    return MeasureValue.total(working_days_lost_between(start, end, scope))


def absence_rate_fte(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    days_lost = working_days_lost_between(start, end, scope)
    return MeasureValue.ratio(days_lost, fte_in_post(end, scope) * _working_days(start, end), 100)


def days_lost_per_fte(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    return MeasureValue.ratio(working_days_lost_between(start, end, scope), fte_in_post(end, scope))


def turnover_rate_rolling_12_months(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    return turnover_rate_fte(year_before(end), end, scope)


def _years_before(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def under_two_years_service_rate(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    """Council-employed people in post at `end` whose latest start in the service was under 2 years ago."""
    in_post = (
        select(Assignment.staff_id)
        .where(in_post_on(end), council_employed(), in_scope(Assignment.team_id, scope))
        .distinct()
        .subquery()
    )
    latest_start = (
        select(Assignment.staff_id, func.max(Assignment.start_date).label("started"))
        .where(Assignment.start_origin.is_not(None), Assignment.start_date <= end, council_employed())
        .group_by(Assignment.staff_id)
        .subquery()
    )
    cutoff = _years_before(end, 2)
    row = db.session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((latest_start.c.started > cutoff, 1), else_=0)), 0),
        )
        .select_from(in_post)
        .outerjoin(latest_start, latest_start.c.staff_id == in_post.c.staff_id)
    ).one()
    return MeasureValue.ratio(int(row[1]), int(row[0]), 100)


def leavers_within_12_months_rate(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    """Leavers (headcount) in the period who left within 12 months of their latest start."""
    leavers = (
        select(Assignment.staff_id, func.max(Assignment.end_date).label("left_on"))
        .where(_leaving_between(start, end, scope))
        .group_by(Assignment.staff_id)
        .subquery()
    )
    started = (
        select(leavers.c.staff_id, leavers.c.left_on, func.max(Assignment.start_date).label("started"))
        .join(Assignment, Assignment.staff_id == leavers.c.staff_id)
        .where(
            Assignment.start_origin.is_not(None),
            Assignment.start_date <= leavers.c.left_on,
            council_employed(),
        )
        .group_by(leavers.c.staff_id, leavers.c.left_on)
        .subquery()
    )
    total = int(_scalar(select(func.count()).select_from(leavers)))
    quick = int(
        _scalar(
            select(func.count()).select_from(started).where(days_between(started.c.started, started.c.left_on) < 365)
        )
    )
    return MeasureValue.ratio(quick, total, 100)


def registration_compliance_rate(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    """Registered social workers in post at `end` (agency included) whose registration runs past `end`."""
    people = (
        select(Assignment.staff_id).where(in_post_on(end), in_scope(Assignment.team_id, scope)).distinct().subquery()
    )
    needs_registration = or_(
        StaffMember.registration_status.is_(None),
        StaffMember.registration_status != RegistrationStatus.NOT_REQUIRED,
    )
    compliant = and_(
        StaffMember.registration_status == RegistrationStatus.REGISTERED,
        StaffMember.registered_until >= end,
    )
    row = db.session.execute(
        select(func.count(), func.coalesce(func.sum(case((compliant, 1), else_=0)), 0))
        .select_from(people)
        .join(StaffMember, StaffMember.id == people.c.staff_id)
        .where(needs_registration)
    ).one()
    return MeasureValue.ratio(int(row[1]), int(row[0]), 100)


def _measure(identifier, title, definition, unit, polarity, compute, source=Source.DFE, reads=frozenset()) -> Measure:
    return Measure(
        identifier,
        title,
        definition,
        source,
        unit,
        polarity,
        compute,
        module="people",
        census_comparable=source is Source.DFE,
        reads=reads,
    )


WORKFORCE_MEASURES: tuple[Measure, ...] = (
    _measure(
        "inpost_fte",
        "Social workers in post (FTE)",
        "Sum of the FTE (contracted hours / standard hours, 0-1) of council-employed social workers in post "
        "at the end date. A person in two posts contributes the FTE of both. Agency workers are excluded.",
        Unit.FTE,
        Polarity.HIGHER_IS_BETTER,
        inpost_fte,
        reads=frozenset({"assignments", "teams"}),
    ),
    _measure(
        "inpost_headcount",
        "Social workers in post (headcount)",
        "Distinct council-employed social workers in post at the end date; a person in two posts counts once "
        "(in the more senior role).",
        Unit.COUNT,
        Polarity.HIGHER_IS_BETTER,
        inpost_headcount,
        reads=frozenset({"assignments", "teams"}),
    ),
    _measure(
        "starters_fte",
        "Starters (FTE)",
        "FTE of council-employed social workers who started a child and family social work post in the "
        "period (assignments with a census start origin; internal moves are not starters).",
        Unit.FTE,
        Polarity.NEUTRAL,
        starters_fte,
        reads=frozenset({"assignments", "teams"}),
    ),
    _measure(
        "leavers_fte",
        "Leavers (FTE)",
        "FTE of council-employed social workers who left child and family social work in the period "
        "(last day worked within the period; leaving on 30 September counts in the year to 30 September).",
        Unit.FTE,
        Polarity.LOWER_IS_BETTER,
        leavers_fte,
        reads=frozenset({"assignments", "teams"}),
    ),
    _measure(
        "turnover_rate_fte",
        "Turnover rate (FTE)",
        "FTE leavers in the period / FTE in post at the end date x 100. Agency workers are never counted.",
        Unit.PERCENT,
        Polarity.LOWER_IS_BETTER,
        turnover_rate_fte,
        reads=frozenset({"assignments", "teams"}),
    ),
    _measure(
        "agency_fte",
        "Agency workers (FTE)",
        "Sum of the FTE of agency social workers (not paid directly by the council) working at the end date.",
        Unit.FTE,
        Polarity.LOWER_IS_BETTER,
        agency_fte,
        reads=frozenset({"assignments", "teams"}),
    ),
    _measure(
        "agency_rate_fte",
        "Agency rate (FTE)",
        "Agency FTE / (agency FTE + council-employed FTE in post) x 100, at the end date.",
        Unit.PERCENT,
        Polarity.LOWER_IS_BETTER,
        agency_rate_fte,
        reads=frozenset({"assignments", "teams"}),
    ),
    _measure(
        "vacancy_fte",
        "Vacancies (FTE)",
        "For each funded post at the end date, budgeted FTE less the FTE of council-employed staff in it "
        "(never below 0), summed. A post covered by an agency worker is still a vacancy.",
        Unit.FTE,
        Polarity.LOWER_IS_BETTER,
        vacancy_fte,
        reads=frozenset({"assignments", "posts", "teams"}),
    ),
    _measure(
        "vacancy_rate_fte",
        "Vacancy rate (FTE)",
        "Vacancy FTE / (vacancy FTE + FTE in post) x 100 at the end date; a post covered by an agency "
        "worker is still a vacancy.",
        Unit.PERCENT,
        Polarity.LOWER_IS_BETTER,
        vacancy_rate_fte,
        reads=frozenset({"assignments", "posts", "teams"}),
    ),
    _measure(
        "agency_cover_rate_fte",
        "Agency workers covering vacancies (%)",
        "Agency FTE covering vacancies / agency FTE x 100 at the end date. An agency worker covers a "
        "vacancy when they work in a post that is vacant, up to the vacant FTE of that post.",
        Unit.PERCENT,
        Polarity.NEUTRAL,
        agency_cover_rate_fte,
        reads=frozenset({"assignments", "posts", "teams"}),
    ),
    _measure(
        "working_days_lost_fte",
        "Working days lost to sickness",
        "Working days (Monday to Friday less England and Wales bank holidays) of sickness absence of "
        "council-employed social workers within the period.",
        Unit.DAYS,
        Polarity.LOWER_IS_BETTER,
        working_days_lost_fte,
        reads=frozenset({"absences", "assignments", "teams"}),
    ),
    _measure(
        "absence_rate_fte",
        "Sickness absence rate",
        "Working days lost to sickness / (FTE in post at the end date x working days in the period) x 100.",
        Unit.PERCENT,
        Polarity.LOWER_IS_BETTER,
        absence_rate_fte,
        reads=frozenset({"absences", "assignments", "teams"}),
    ),
    _measure(
        "days_lost_per_fte",
        "Working days lost per FTE (local)",
        "Working days lost to sickness in the period / FTE in post at the end date; shown alongside the "
        "sickness absence rate.",
        Unit.DAYS,
        Polarity.LOWER_IS_BETTER,
        days_lost_per_fte,
        Source.LOCAL,
        reads=frozenset({"absences", "assignments", "teams"}),
    ),
    _measure(
        "turnover_rate_fte_rolling_12_months",
        "Turnover rate, rolling 12 months (local)",
        "Local variant for monthly reporting: FTE leavers in the 12 months to the end date / FTE in post at "
        "the end date x 100, whatever the period's start.",
        Unit.PERCENT,
        Polarity.LOWER_IS_BETTER,
        turnover_rate_rolling_12_months,
        Source.LOCAL,
        reads=frozenset({"assignments", "teams"}),
    ),
    _measure(
        "under_two_years_service_rate",
        "Social workers with under 2 years' service (local)",
        "Council-employed social workers in post at the end date whose latest start in the service was "
        "less than 2 years before it / all council-employed social workers in post x 100.",
        Unit.PERCENT,
        Polarity.LOWER_IS_BETTER,
        under_two_years_service_rate,
        Source.LOCAL,
        reads=frozenset({"assignments", "teams"}),
    ),
    _measure(
        "leavers_within_12_months_rate",
        "Leavers within 12 months of starting (local)",
        "Council-employed leavers in the period who left less than 365 days after their latest start / all "
        "leavers in the period (headcount) x 100.",
        Unit.PERCENT,
        Polarity.LOWER_IS_BETTER,
        leavers_within_12_months_rate,
        Source.LOCAL,
        reads=frozenset({"assignments", "teams"}),
    ),
    _measure(
        "registration_compliance_rate",
        "Social Work England registration compliance (local)",
        "Staff in post at the end date (agency included) who need registration and whose status is "
        "registered with a registered-until date on or after the end date / all staff in post who need "
        "registration x 100.",
        Unit.PERCENT,
        Polarity.HIGHER_IS_BETTER,
        registration_compliance_rate,
        Source.LOCAL,
        reads=frozenset({"assignments", "staff", "teams"}),
    ),
)
