"""A person's timeline: assignments, absences and the changes to their record, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.dates import display_date
from workforce.kernel.models import AuditEvent
from workforce.people.models import Absence, StaffMember


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    kind: str
    title: str
    detail: str = ""
    changes: dict | None = None
    #: The kind of record a change was made to, so its fields are named in the council's words.
    record_type: str = ""


#: How the timeline names the records a change was made to.
_RECORD_WORDS = {"Staff": "Staff record", "Assignment": "Assignment", "Absence": "Absence"}


def timeline_of(person: StaffMember, include_changes: bool = True) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for assignment in person.assignments:
        role = f"{assignment.census_role.label} in {assignment.team.name}"
        origin = assignment.start_origin.label if assignment.start_origin else "Moved within the service"
        entries.append(TimelineEntry(assignment.start_date, "Assignment", f"Started: {role}", origin))
        if assignment.end_date is not None:
            if assignment.is_leaving:
                reason = assignment.reason_for_leaving.label if assignment.reason_for_leaving else "No reason recorded"
                where = assignment.leaver_destination.label if assignment.leaver_destination else ""
                detail = f"{reason}. {where}".strip()
                entries.append(TimelineEntry(assignment.end_date, "Leaver", f"Left: {role}", detail))
            else:
                entries.append(TimelineEntry(assignment.end_date, "Assignment", f"Ended: {role}"))
    absences = db.session.execute(select(Absence).where(Absence.staff_id == person.id)).scalars()
    for absence in absences:
        until = f"to {display_date(absence.end_date)}" if absence.end_date else "continuing"
        if absence.withdrawn:
            until = f"{until}. Withdrawn: {absence.withdrawn_reason}"
        entries.append(TimelineEntry(absence.start_date, "Absence", absence.reason.label, until))
    if include_changes:
        for event in _audit_events(person):
            entries.append(
                TimelineEntry(
                    clock.as_utc(event.occurred_at).date(),
                    "Change",
                    f"{_RECORD_WORDS.get(event.record_type, event.record_type)} {event.action} by {event.actor_label}",
                    event.note or "",
                    event.changes,
                    event.record_type,
                )
            )
    return sorted(entries, key=lambda entry: entry.on, reverse=True)


def _audit_events(person: StaffMember) -> list[AuditEvent]:
    assignment_ids = [str(assignment.id) for assignment in person.assignments]
    absence_ids = [
        str(absence_id)
        for absence_id in db.session.execute(select(Absence.id).where(Absence.staff_id == person.id)).scalars()
    ]
    conditions = [and_(AuditEvent.record_type == "Staff", AuditEvent.record_id == str(person.id))]
    if assignment_ids:
        conditions.append(and_(AuditEvent.record_type == "Assignment", AuditEvent.record_id.in_(assignment_ids)))
    if absence_ids:
        conditions.append(and_(AuditEvent.record_type == "Absence", AuditEvent.record_id.in_(absence_ids)))
    return list(db.session.execute(select(AuditEvent).where(or_(*conditions)).order_by(AuditEvent.id)).scalars())
