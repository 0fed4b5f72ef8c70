"""Retention measures: leavers offered an exit interview, and the early-leaver rate."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, func, select

from workforce.extensions import db
from workforce.kernel.dates import display_date
from workforce.kernel.measures import (
    BehindRecord,
    DrillDown,
    Measure,
    MeasureRecords,
    MeasureScope,
    MeasureValue,
    Polarity,
    RecordList,
    Source,
    Unit,
)
from workforce.people.models import Assignment
from workforce.retention import dao
from workforce.retention.constants import RetentionPermission
from workforce.retention.models import LeaverChecklist


def _leavers(start: date, end: date, scope: MeasureScope):
    statement = select(Assignment.id).where(
        Assignment.is_leaving.is_(True), Assignment.end_date >= start, Assignment.end_date <= end
    )
    team_ids = scope.team_ids()
    if team_ids is not None:
        statement = statement.where(Assignment.team_id.in_(sorted(team_ids)))
    return statement


def _offered():
    return LeaverChecklist.exit_interview_offered_on.is_not(None)


def exit_interview_offered_rate(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    """Leavers in the period whose checklist records an exit interview offer / leavers x 100."""
    leavers = _leavers(start, end, scope).subquery()
    total = db.session.execute(select(func.count()).select_from(leavers)).scalar_one()
    offered = db.session.execute(
        select(func.count())
        .select_from(LeaverChecklist)
        .where(
            LeaverChecklist.assignment_id.in_(select(leavers.c.id)),
            _offered(),
        )
    ).scalar_one()
    return MeasureValue.ratio(offered, total, 100)


def early_leaver_rate(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    """Leavers in the period who left within 12 months of their first day / leavers x 100."""
    rows = early_leavers(start, end, scope)
    early = sum(1 for _assignment, first_start, is_early in rows if is_early)
    return MeasureValue.ratio(early, len(rows), 100)


def early_leavers(start: date, end: date, scope: MeasureScope) -> list[tuple[Assignment, date, bool]]:
    """(leaving assignment, the person's first day, left within 12 months) for leavers in the period."""
    starts = dao.first_starts()
    statement = (
        select(Assignment, starts.c.first_start)
        .join(starts, starts.c.staff_id == Assignment.staff_id)
        .where(Assignment.is_leaving.is_(True), Assignment.end_date >= start, Assignment.end_date <= end)
        .order_by(Assignment.end_date, Assignment.id)
    )
    team_ids = scope.team_ids()
    if team_ids is not None:
        statement = statement.where(Assignment.team_id.in_(sorted(team_ids)))
    return [
        (assignment, first_start, dao.is_early(first_start, assignment.end_date))
        for assignment, first_start in db.session.execute(statement)
    ]


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


def _leaver(assignment: Assignment, detail: str) -> BehindRecord:
    staff = assignment.staff_member
    name = f"{staff.last_name}, {staff.first_name} ({staff.employee_number})"
    return BehindRecord("Leaver", name, assignment.team_id, f"left {display_date(assignment.end_date)}{detail}", 1.0)


def exit_interview_records(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    leavers = _leavers(start, end, scope).subquery()
    rows = db.session.execute(
        select(Assignment, LeaverChecklist.exit_interview_offered_on)
        .join(leavers, leavers.c.id == Assignment.id)
        .outerjoin(LeaverChecklist, and_(LeaverChecklist.assignment_id == Assignment.id, _offered()))
        .order_by(Assignment.end_date, Assignment.id)
    ).all()
    listed = [
        (
            offered,
            _leaver(assignment, f", exit interview offered {display_date(offered)}" if offered else ", not offered"),
        )
        for assignment, offered in rows
    ]
    return MeasureRecords(
        RecordList(
            "Leavers offered an exit interview", "Count", tuple(record for offered, record in listed if offered)
        ),
        RecordList("Leavers in the period", "Count", tuple(record for _offered, record in listed)),
    )


def early_leaver_records(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    listed = [
        (early, _leaver(assignment, f", first day {display_date(first_start)}"))
        for assignment, first_start, early in early_leavers(start, end, scope)
    ]
    return MeasureRecords(
        RecordList("Leavers within 12 months of their first day", "Count", tuple(r for early, r in listed if early)),
        RecordList("Leavers in the period", "Count", tuple(record for _early, record in listed)),
    )


DRILL_DOWNS = {
    "retention-exit-interview-offered-rate": DrillDown(exit_interview_records, RetentionPermission.VIEW_RETENTION),
    "retention-early-leaver-rate": DrillDown(early_leaver_records, RetentionPermission.VIEW_RETENTION),
}
