"""Leaver checklists, exit interviews and stay interviews, written to the audit trail."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import delete, insert

from workforce.extensions import db
from workforce.kernel import audit_trail
from workforce.kernel.models import User
from workforce.people.models import Assignment, StaffMember
from workforce.retention.constants import ExitOutcome, ExitTheme
from workforce.retention.models import ExitInterview, LeaverChecklist, StayInterview, exit_interview_themes


class RetentionError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _leaving(assignment: Assignment) -> None:
    if not assignment.is_leaving or assignment.end_date is None:
        raise RetentionError("This assignment has not ended with the person leaving")


def save_checklist(
    assignment: Assignment,
    cases_reallocated_on: date | None,
    equipment_returned_on: date | None,
    exit_interview_offered_on: date | None,
) -> LeaverChecklist:
    _leaving(assignment)
    checklist = db.session.execute(
        db.select(LeaverChecklist).where(LeaverChecklist.assignment_id == assignment.id)
    ).scalar()
    values = {
        "cases_reallocated_on": cases_reallocated_on,
        "equipment_returned_on": equipment_returned_on,
        "exit_interview_offered_on": exit_interview_offered_on,
    }
    if checklist is None:
        checklist = LeaverChecklist(assignment=assignment, team_id=assignment.team_id, **values)
        db.session.add(checklist)
        audit_trail.record_created(checklist)
        return checklist
    before = audit_trail.snapshot(checklist)
    for key, value in values.items():
        setattr(checklist, key, value)
    db.session.flush()
    audit_trail.record_updated(checklist, before)
    return checklist


def record_exit_interview(
    assignment: Assignment,
    held_on: date,
    themes: Iterable[ExitTheme],
    comments: str | None,
    outcome: ExitOutcome,
    recorded_by: User | None,
) -> ExitInterview:
    _leaving(assignment)
    themes = sorted(set(themes), key=list(ExitTheme).index)
    if not themes:
        raise RetentionError("Select at least one theme", "themes")
    interview = db.session.execute(
        db.select(ExitInterview).where(ExitInterview.assignment_id == assignment.id)
    ).scalar()
    if interview is not None:
        raise RetentionError("An exit interview is already recorded for this leaver")
    interview = ExitInterview(
        assignment=assignment,
        team_id=assignment.team_id,
        held_on=held_on,
        comments=(comments or "").strip() or None,
        outcome=outcome,
        recorded_by_id=recorded_by.id if recorded_by else None,
    )
    db.session.add(interview)
    db.session.flush()
    db.session.execute(delete(exit_interview_themes).where(exit_interview_themes.c.exit_interview_id == interview.id))
    db.session.execute(
        insert(exit_interview_themes), [{"exit_interview_id": interview.id, "theme": theme} for theme in themes]
    )
    audit_trail.record_created(interview, themes=[theme.value for theme in themes])
    return interview


def record_stay_interview(
    staff: StaffMember,
    team_id: int,
    held_on: date,
    what_keeps_you: str,
    what_might_make_you_leave: str,
    agreed_actions: str | None,
    held_by: User | None,
) -> StayInterview:
    if not what_keeps_you.strip():
        raise RetentionError("Enter what keeps them in their job", "what_keeps_you")
    interview = StayInterview(
        staff_member=staff,
        team_id=team_id,
        held_on=held_on,
        held_by_id=held_by.id if held_by else None,
        what_keeps_you=what_keeps_you.strip(),
        what_might_make_you_leave=what_might_make_you_leave.strip(),
        agreed_actions=(agreed_actions or "").strip() or None,
    )
    db.session.add(interview)
    audit_trail.record_created(interview)
    return interview
