"""Retention queries: leavers, their checklists and interviews, stay interviews; all scoped by team."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from workforce.extensions import db
from workforce.kernel.permissions import Scope, get_in_scope_or_404
from workforce.people.models import Assignment, StaffMember
from workforce.retention.constants import EARLY_LEAVER_MONTHS
from workforce.retention.models import ExitInterview, LeaverChecklist, StayInterview


@dataclass(frozen=True)
class Leaver:
    assignment: Assignment
    first_start: date
    checklist: LeaverChecklist | None
    exit_interview: ExitInterview | None

    @property
    def service_days(self) -> int:
        return (self.assignment.end_date - self.first_start).days

    @property
    def early(self) -> bool:
        return is_early(self.first_start, self.assignment.end_date)


def is_early(first_start: date, end: date) -> bool:
    """Left within 12 months of their first day."""
    months = (end.year - first_start.year) * 12 + end.month - first_start.month - (end.day < first_start.day)
    return months < EARLY_LEAVER_MONTHS


def first_starts() -> Select:
    return (
        select(Assignment.staff_id, func.min(Assignment.start_date).label("first_start"))
        .group_by(Assignment.staff_id)
        .subquery()
    )


def leavers_query(scope: Scope | None, start: date, end: date, team_ids=None) -> Select:
    """Assignments that ended with the person leaving between start and end, with their first start."""
    starts = first_starts()
    query = (
        select(Assignment, starts.c.first_start, LeaverChecklist, ExitInterview)
        .join(starts, starts.c.staff_id == Assignment.staff_id)
        .outerjoin(LeaverChecklist, LeaverChecklist.assignment_id == Assignment.id)
        .outerjoin(ExitInterview, ExitInterview.assignment_id == Assignment.id)
        .where(Assignment.is_leaving.is_(True), Assignment.end_date >= start, Assignment.end_date <= end)
        .order_by(Assignment.end_date.desc(), Assignment.id)
    )
    if team_ids is not None:
        query = query.where(Assignment.team_id.in_(sorted(team_ids)))
    if scope is not None:
        query = scope.apply(query, Assignment.team_id)
    return query


def list_leavers(scope: Scope | None, start: date, end: date, team_ids=None) -> list[Leaver]:
    query = leavers_query(scope, start, end, team_ids).options(
        joinedload(Assignment.staff_member), joinedload(Assignment.team)
    )
    rows = db.session.execute(query).all()
    return [Leaver(*row) for row in rows]


def get_leaving_assignment_in_scope_or_404(assignment_id: int) -> Assignment:
    from flask import abort

    assignment = get_in_scope_or_404(Assignment, assignment_id, lambda record: record.team_id)
    if not assignment.is_leaving:
        abort(404)
    return assignment


def list_stay_interviews(scope: Scope) -> list[StayInterview]:
    query = select(StayInterview).order_by(StayInterview.held_on.desc(), StayInterview.id.desc())
    return list(db.session.execute(scope.apply(query, StayInterview.team_id)).scalars())


def list_current_staff(scope: Scope, on: date) -> list[tuple[StaffMember, int]]:
    """People in post on a date in the user's teams, with the team of their current assignment."""
    query = (
        select(StaffMember, Assignment.team_id)
        .join(Assignment, Assignment.staff_id == StaffMember.id)
        .where(Assignment.start_date <= on, (Assignment.end_date.is_(None)) | (Assignment.end_date >= on))
        .order_by(StaffMember.last_name, StaffMember.first_name, Assignment.id)
    )
    seen, result = set(), []
    for staff, team_id in db.session.execute(scope.apply(query, Assignment.team_id)).all():
        if staff.id not in seen:
            seen.add(staff.id)
            result.append((staff, team_id))
    return result


def get_leaver_checklist(assignment_id: int) -> LeaverChecklist | None:
    return db.session.execute(select(LeaverChecklist).where(LeaverChecklist.assignment_id == assignment_id)).scalar()
