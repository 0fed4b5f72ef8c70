"""Supervision measures for the improvement-plan roll-up, each computed for a date range and a scope."""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, func, select

from supervision.constants import Grade, ScheduleStatus, SessionStatus
from supervision.models import QualityAudit, Supervision
from supervision.schedule import counted_months, schedules
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.measures import (
    Measure,
    MeasureScope,
    MeasureValue,
    Polarity,
    Source,
    Unit,
    shared,
    shared_by_teams,
)
from workforce.kernel.working_days import add_working_days

#: LGA Standard 5 asks that records are agreed promptly; the council's local standard is 5 working days.
SIGN_OFF_WORKING_DAYS = 5


def _horizon(end: date) -> date:
    """Figures never run past today: days not yet lived cannot be overdue."""
    return min(end, clock.today())


def _schedules(start: date, end: date, team_ids: frozenset[int] | None):
    """The schedules of the workers in post between the dates in the teams (None: every worker). Only
    `shared_by_teams` asks, with None inside a roll-up, so one set of every worker's schedules serves every
    scope and both the month and the overdue measures."""
    return shared(("supervision-schedules", start, end, team_ids), lambda: schedules(start, end, team_ids))


def _months(start: date, end: date, scope: MeasureScope, newly_qualified_only: bool) -> MeasureValue:
    end = _horizon(end)
    if end < start:
        return MeasureValue.ratio(0, 0, 100)
    months = shared_by_teams(
        ("supervision-worker-months", start, end),
        scope.team_ids(),
        lambda teams: counted_months(_schedules(start, end, teams), start, end),
        team_of=lambda month: month[0],
    )
    counted = [met for _team, met, nq in months if nq or not newly_qualified_only]
    return MeasureValue.ratio(sum(1 for met in counted if met), len(counted), 100)


def worker_months_supervised(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    return _months(start, end, scope, newly_qualified_only=False)


def newly_qualified_compliance(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    return _months(start, end, scope, newly_qualified_only=True)


def overdue_count(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    on = _horizon(end)
    # The schedules of everyone in post at some time in the period (the ones the month measures read): a
    # worker who left before the day is never overdue on it, so the count is that of the workers in post on it.
    first = min(start, on)
    overdue_teams = shared_by_teams(
        ("supervision-overdue-teams", first, on),
        scope.team_ids(),
        lambda teams: [
            item.worker.team_on(on)
            for item in _schedules(first, on, teams)
            if item.status_on(on) is ScheduleStatus.OVERDUE
        ],
        team_of=lambda team: team,
    )
    return MeasureValue.total(len(overdue_teams))


def _as_date(value) -> date | None:
    """SQLite gives date() results back as text, PostgreSQL as dates."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _signature_days(start: date, end: date, team_ids: frozenset[int] | None) -> list[tuple]:
    """(team, day held, day of the second signature, records) of held original records in the dates.

    SQL counts records by team, the day held and the day the second signature came (in a roll-up, for every
    team once, shared by every scope)."""
    return shared_by_teams(
        ("supervision-signature-days", start, end),
        team_ids,
        lambda teams: _read_signature_days(start, end, teams),
        team_of=lambda row: row[0],
    )


def second_signature_day():
    """The day the second of the two signatures came, in SQL (None until both have signed)."""
    both_signed = Supervision.supervisor_signed_at.is_not(None) & Supervision.supervisee_signed_at.is_not(None)
    return case(
        (
            both_signed & (Supervision.supervisor_signed_at > Supervision.supervisee_signed_at),
            func.date(Supervision.supervisor_signed_at),
        ),
        (both_signed, func.date(Supervision.supervisee_signed_at)),
        else_=None,
    ).label("second_signature_day")


def held_originals(start: date, end: date, team_ids: frozenset[int] | None) -> list:
    """The conditions on held original records in the dates (in the teams given)."""
    conditions = [
        Supervision.status == SessionStatus.HELD,
        Supervision.previous_version_id.is_(None),
        Supervision.held_on >= start,
        Supervision.held_on <= end,
    ]
    if team_ids is not None:
        conditions.append(Supervision.team_id.in_(sorted(team_ids)))
    return conditions


def signature_deadline_passed(held_on: date, today: date) -> date | None:
    """The record's sign-off deadline, or None while it has not yet passed (the record is not counted)."""
    deadline = add_working_days(held_on, SIGN_OFF_WORKING_DAYS)
    return None if deadline >= today else deadline


def _read_signature_days(start: date, end: date, team_ids: frozenset[int] | None) -> list[tuple]:
    signed = second_signature_day()
    query = (
        select(Supervision.team_id, Supervision.held_on, signed, func.count(Supervision.id))
        .where(*held_originals(start, end, team_ids))
        .group_by(Supervision.team_id, Supervision.held_on, signed)
    )
    return [tuple(row) for row in db.session.execute(query)]


def signed_within_five_working_days(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    """Held sessions whose original record both people signed within 5 working days of the session.

    The deadline of each day held (which needs the bank-holiday calendar) is applied to the counts SQL gives
    by day held and day of the second signature.
    """
    today = clock.today()
    total = on_time = 0
    for _team_id, held_on, signed_on, count in _signature_days(start, end, scope.team_ids()):
        deadline = signature_deadline_passed(held_on, today)
        if deadline is None:
            continue
        total += count
        signed_on = _as_date(signed_on)
        if signed_on is not None and signed_on <= deadline:
            on_time += count
    return MeasureValue.ratio(on_time, total, 100)


GOOD_OR_BETTER = (Grade.OUTSTANDING, Grade.GOOD)

#: What a worker's schedule depends on (`supervision.schedule.load_histories`): a change to any of them can
#: change the month and overdue figures.
SCHEDULE_TABLES = frozenset(
    {
        "absences",
        "academy_early_career",
        "assignments",
        "staff",
        "supervision_agreements",
        "supervision_policies",
        "supervisions",
        "teams",
    }
)


def completed_quality_audits(start: date, end: date, scope: MeasureScope) -> list:
    conditions = [QualityAudit.completed_on >= start, QualityAudit.completed_on <= end, QualityAudit.grade.is_not(None)]
    team_ids = scope.team_ids()
    if team_ids is not None:
        conditions.append(QualityAudit.team_id.in_(sorted(team_ids)))
    return conditions


def quality_good_or_better(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    """Supervision-quality audits completed in the period graded good or outstanding."""
    good = case((QualityAudit.grade.in_(GOOD_OR_BETTER), 1), else_=0)
    query = select(func.count(QualityAudit.id), func.coalesce(func.sum(good), 0)).where(
        *completed_quality_audits(start, end, scope)
    )
    total, good_count = db.session.execute(query).one()
    return MeasureValue.ratio(good_count, total, 100)


MEASURES = [
    Measure(
        "supervision-worker-months-supervised",
        "Worker-months supervised as policy requires",
        "Of the months in which each supervised worker was in post and not on a long absence, the percentage "
        "in which they were never overdue under the supervision policy (newly qualified: weekly for 6 weeks, "
        "fortnightly to 6 months; others monthly or every 4 weeks; sessions of at least the minimum length).",
        Source.LOCAL,
        Unit.PERCENT,
        Polarity.HIGHER_IS_BETTER,
        worker_months_supervised,
        module="supervision",
        reads=SCHEDULE_TABLES,
    ),
    Measure(
        "supervision-newly-qualified-compliance",
        "Newly qualified workers supervised on schedule",
        "The same as worker-months supervised as policy requires, for months in which the worker was newly "
        "qualified (the academy's early-career record, or qualified less than 12 months before).",
        Source.LOCAL,
        Unit.PERCENT,
        Polarity.HIGHER_IS_BETTER,
        newly_qualified_compliance,
        module="supervision",
        reads=SCHEDULE_TABLES,
    ),
    Measure(
        "supervision-signed-within-5-working-days",
        "Supervision records signed by both within 5 working days",
        "Of sessions held in the period whose 5-working-day deadline has passed, the percentage whose record "
        "the supervisor and the supervisee both signed by the end of the fifth working day after the session "
        "(England bank holidays excluded). Amendments do not restart the clock.",
        Source.LOCAL,
        Unit.PERCENT,
        Polarity.HIGHER_IS_BETTER,
        signed_within_five_working_days,
        module="supervision",
        reads=frozenset({"supervisions", "teams"}),
    ),
    Measure(
        "supervision-quality-good-or-better",
        "Supervision quality audits graded good or better",
        "Of supervision-quality audits completed in the period, the percentage graded good or outstanding on "
        "the four-point scale.",
        Source.LOCAL,
        Unit.PERCENT,
        Polarity.HIGHER_IS_BETTER,
        quality_good_or_better,
        module="supervision",
        reads=frozenset({"supervision_quality_audits", "teams"}),
    ),
    Measure(
        "supervision-overdue-count",
        "Workers overdue for supervision",
        "The number of supervised workers in post, not on a long absence, whose next session was due before "
        "the end of the period (or today, if sooner) and has not been held.",
        Source.LOCAL,
        Unit.COUNT,
        Polarity.LOWER_IS_BETTER,
        overdue_count,
        module="supervision",
        reads=SCHEDULE_TABLES,
    ),
]
