"""Retention measures: leavers offered an exit interview, and the early-leaver rate."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from workforce.extensions import db
from workforce.kernel.measures import Measure, MeasureScope, MeasureValue, Polarity, Source, Unit
from workforce.people.models import Assignment
from workforce.retention import dao
from workforce.retention.models import LeaverChecklist


def _leavers(start: date, end: date, scope: MeasureScope):
    statement = select(Assignment.id).where(
        Assignment.is_leaving.is_(True), Assignment.end_date >= start, Assignment.end_date <= end
    )
    team_ids = scope.team_ids()
    if team_ids is not None:
        statement = statement.where(Assignment.team_id.in_(sorted(team_ids)))
    return statement


def exit_interview_offered_rate(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    """Leavers in the period whose checklist records an exit interview offer / leavers x 100."""
    leavers = _leavers(start, end, scope).subquery()
    total = db.session.execute(select(func.count()).select_from(leavers)).scalar_one()
    offered = db.session.execute(
        select(func.count())
        .select_from(LeaverChecklist)
        .where(
            LeaverChecklist.assignment_id.in_(select(leavers.c.id)),
            LeaverChecklist.exit_interview_offered_on.is_not(None),
        )
    ).scalar_one()
    return MeasureValue.ratio(offered, total, 100)


def early_leaver_rate(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    """Leavers in the period who left within 12 months of their first day / leavers x 100."""
    starts = dao.first_starts()
    team_ids = scope.team_ids()
    statement = (
        select(starts.c.first_start, Assignment.end_date)
        .join(starts, starts.c.staff_id == Assignment.staff_id)
        .where(Assignment.is_leaving.is_(True), Assignment.end_date >= start, Assignment.end_date <= end)
    )
    if team_ids is not None:
        statement = statement.where(Assignment.team_id.in_(sorted(team_ids)))
    rows = db.session.execute(statement).all()
    early = sum(1 for first_start, last_day in rows if dao.is_early(first_start, last_day))
    return MeasureValue.ratio(early, len(rows), 100)


MEASURES = [
    Measure(
        "retention-exit-interview-offered-rate",
        "Leavers offered an exit interview",
        "Leavers whose last day falls in the period and whose leaver checklist records that an exit "
        "interview was offered, as a percentage of those leavers.",
        Source.LOCAL,
        Unit.PERCENT,
        Polarity.HIGHER_IS_BETTER,
        exit_interview_offered_rate,
        module="retention",
        reads=frozenset({"assignments", "leaver_checklists", "teams"}),
    ),
    Measure(
        "retention-early-leaver-rate",
        "Early-leaver rate",
        "Leavers whose last day falls in the period and who left within 12 months of their first day with "
        "the council, as a percentage of all leavers in the period.",
        Source.LOCAL,
        Unit.PERCENT,
        Polarity.LOWER_IS_BETTER,
        early_leaver_rate,
        module="retention",
        reads=frozenset({"assignments", "teams"}),
    ),
]
