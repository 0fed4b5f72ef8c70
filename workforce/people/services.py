"""Changes to staff records, posts, assignments and absences: each flushes and writes the audit trail."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from workforce.extensions import db
from workforce.kernel import audit_trail, clock
from workforce.kernel.audit_trail import Action
from workforce.kernel.imports import normalise_swe_number
from workforce.kernel.models import Team, User
from workforce.kernel.working_days import working_days_between
from workforce.people.constants import (
    AbsenceReason,
    CensusRole,
    EmploymentType,
    LeaverDestination,
    ReasonForLeaving,
    RegistrationStatus,
    StartOrigin,
)
from workforce.people.models import Absence, Assignment, Post, StaffMember

#: The fields of a staff record a form or an import may set.
STAFF_FIELDS = (
    "employee_number",
    "first_name",
    "last_name",
    "swe_number",
    "email",
    "date_of_birth",
    "sex",
    "ethnicity",
    "qualification_level",
    "qualification_date",
    "step_up",
    "frontline",
    "employment_type",
    "contracted_hours",
    "standard_hours",
)

POST_FIELDS = (
    "post_number",
    "team_id",
    "census_role",
    "job_title",
    "grade",
    "budgeted_fte",
    "case_holding",
    "funded_from",
    "funded_to",
)


class StaffError(ValueError):
    """A change refused for a reason the user can fix; `field` names the form field it concerns."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def _clean_staff_values(values: dict[str, Any], staff_member: StaffMember | None = None) -> dict[str, Any]:
    cleaned = {key: value for key, value in values.items() if key in STAFF_FIELDS}
    if "swe_number" in cleaned:
        try:
            cleaned["swe_number"] = normalise_swe_number(cleaned["swe_number"])
        except ValueError as error:
            raise StaffError(str(error), "swe_number") from None
        if cleaned["swe_number"]:
            other = db.session.execute(
                select(StaffMember).where(StaffMember.swe_number == cleaned["swe_number"])
            ).scalar()
            if other is not None and other is not staff_member:
                raise StaffError(f"{cleaned['swe_number']} is already on the record of {other}", "swe_number")
    if "email" in cleaned:
        cleaned["email"] = (cleaned["email"] or "").strip().lower() or None
        if cleaned["email"]:
            other = db.session.execute(select(StaffMember).where(StaffMember.email == cleaned["email"])).scalar()
            if other is not None and other is not staff_member:
                raise StaffError(f"{cleaned['email']} is already on the record of {other}", "email")
    if "employee_number" in cleaned:
        cleaned["employee_number"] = str(cleaned["employee_number"]).strip()
        if not cleaned["employee_number"]:
            raise StaffError("Enter the employee number", "employee_number")
        other = db.session.execute(
            select(StaffMember).where(StaffMember.employee_number == cleaned["employee_number"])
        ).scalar()
        if other is not None and other is not staff_member:
            raise StaffError(f"Employee number {cleaned['employee_number']} is already used", "employee_number")
    standard = cleaned.get("standard_hours", staff_member.standard_hours if staff_member else 37.0)
    contracted = cleaned.get("contracted_hours", staff_member.contracted_hours if staff_member else 37.0)
    if standard is not None and standard <= 0:
        raise StaffError("Standard hours must be more than 0", "standard_hours")
    if contracted is not None and contracted < 0:
        raise StaffError("Contracted hours must be 0 or more", "contracted_hours")
    return cleaned


def create_staff_member(**values: Any) -> StaffMember:
    cleaned = _clean_staff_values(values)
    staff_member = StaffMember(**cleaned)
    db.session.add(staff_member)
    db.session.flush()
    audit_trail.record_created(staff_member)
    return staff_member


def update_staff_member(staff_member: StaffMember, **values: Any) -> StaffMember:
    cleaned = _clean_staff_values(values, staff_member)
    before = audit_trail.snapshot(staff_member)
    for key, value in cleaned.items():
        setattr(staff_member, key, value)
    db.session.flush()
    audit_trail.record_updated(staff_member, before)
    return staff_member


def set_line_manager(staff_member: StaffMember, line_manager: StaffMember | None) -> None:
    if line_manager is not None:
        chain, current = set(), line_manager
        while current is not None and current.id not in chain:
            if current.id == staff_member.id:
                raise StaffError("A person cannot be line managed by someone they manage", "line_manager")
            chain.add(current.id)
            current = current.line_manager
    before = audit_trail.snapshot(staff_member)
    staff_member.line_manager = line_manager
    db.session.flush()
    audit_trail.record_updated(staff_member, before)


def link_user(staff_member: StaffMember, user: User | None) -> None:
    before = audit_trail.snapshot(staff_member)
    staff_member.user = user
    db.session.flush()
    audit_trail.record_updated(staff_member, before)


def record_registration_check(
    staff_member: StaffMember,
    status: RegistrationStatus,
    registered_until: date | None,
    checked_on: date,
    checked_by: User | None,
) -> None:
    if status is RegistrationStatus.REGISTERED and registered_until is None:
        raise StaffError("Enter the date the registration runs until", "registered_until")
    if checked_on > clock.today():
        raise StaffError("The date of the check must be today or in the past", "checked_on")
    before = audit_trail.snapshot(staff_member)
    staff_member.registration_status = status
    staff_member.registered_until = registered_until
    staff_member.registration_checked_on = checked_on
    staff_member.registration_checked_by = checked_by
    db.session.flush()
    audit_trail.record_updated(staff_member, before, note="Registration checked on the public register")


def archive_staff_member(staff_member: StaffMember) -> None:
    before = audit_trail.snapshot(staff_member)
    staff_member.archived_at = clock.now()
    db.session.flush()
    audit_trail.record_updated(staff_member, before, action=Action.ARCHIVED)


# Posts


def _check_post(values: dict[str, Any]) -> None:
    budgeted = values.get("budgeted_fte")
    if budgeted is not None and not 0 <= budgeted <= 1:
        raise StaffError("Budgeted FTE must be from 0 to 1", "budgeted_fte")
    if values.get("funded_to") and values.get("funded_from") and values["funded_to"] < values["funded_from"]:
        raise StaffError("The funded-to date must be on or after the funded-from date", "funded_to")


def create_post(**values: Any) -> Post:
    cleaned = {key: value for key, value in values.items() if key in POST_FIELDS}
    _check_post(cleaned)
    if db.session.execute(select(Post).where(Post.post_number == cleaned.get("post_number"))).scalar():
        raise StaffError(f"Post number {cleaned.get('post_number')} is already used", "post_number")
    post = Post(**cleaned)
    db.session.add(post)
    db.session.flush()
    audit_trail.record_created(post)
    return post


def update_post(post: Post, **values: Any) -> Post:
    cleaned = {key: value for key, value in values.items() if key in POST_FIELDS}
    _check_post({**{key: getattr(post, key) for key in POST_FIELDS}, **cleaned})
    number = cleaned.get("post_number")
    if number and db.session.execute(select(Post).where(Post.post_number == number, Post.id != post.id)).scalar():
        raise StaffError(f"Post number {number} is already used", "post_number")
    before = audit_trail.snapshot(post)
    for key, value in cleaned.items():
        setattr(post, key, value)
    db.session.flush()
    audit_trail.record_updated(post, before)
    return post


# Assignments: starting and ending work in a post


def start_assignment(
    staff_member: StaffMember,
    *,
    start_date: date,
    post: Post | None = None,
    team: Team | None = None,
    census_role: CensusRole | None = None,
    start_origin: StartOrigin | None = None,
    fte: float | None = None,
    employment_type: EmploymentType | None = None,
) -> Assignment:
    """Put a person in a post from `start_date`. A start origin marks a starter (census StartOrigin);
    leave it empty for a move inside the service."""
    if post is None and team is None:
        raise StaffError("Select the post or the team", "post")
    team = team or post.team
    census_role = census_role or (post.census_role if post else None)
    if census_role is None:
        raise StaffError("Select the role", "census_role")
    fte = staff_member.fte if fte is None else fte
    if not 0 <= fte <= 1:
        raise StaffError("FTE must be from 0 to 1", "fte")
    assignment = Assignment(
        staff_member=staff_member,
        post=post,
        team=team,
        census_role=census_role,
        employment_type=employment_type or staff_member.employment_type,
        fte=fte,
        case_holding=post.case_holding if post else True,
        start_date=start_date,
        start_origin=start_origin,
    )
    db.session.add(assignment)
    db.session.flush()
    audit_trail.record_created(assignment, note=f"Started in {team.name}")
    return assignment


def end_assignment(
    assignment: Assignment,
    *,
    end_date: date,
    leaving: bool,
    reason: ReasonForLeaving | None = None,
    destination: LeaverDestination | None = None,
) -> Assignment:
    """End an assignment on its last day; a leaver needs the census reason for leaving and destination."""
    if end_date < assignment.start_date:
        raise StaffError("The last day must be on or after the start date", "end_date")
    if leaving and (reason is None or destination is None):
        field = "reason_for_leaving" if reason is None else "leaver_destination"
        raise StaffError("Select the reason for leaving and the destination", field)
    before = audit_trail.snapshot(assignment)
    assignment.end_date = end_date
    assignment.is_leaving = leaving
    assignment.reason_for_leaving = reason if leaving else None
    assignment.leaver_destination = destination if leaving else None
    db.session.flush()
    audit_trail.record_updated(assignment, before, note="Left the service" if leaving else "Assignment ended")
    return assignment


def record_leaver(
    staff_member: StaffMember,
    *,
    last_day: date,
    reason: ReasonForLeaving,
    destination: LeaverDestination,
) -> list[Assignment]:
    """End every open assignment of a person who leaves the council's children's social work."""
    open_assignments = [assignment for assignment in staff_member.assignments if assignment.end_date is None]
    if not open_assignments:
        raise StaffError(f"{staff_member} has no current assignment to end", "last_day")
    for assignment in open_assignments:
        if last_day < assignment.start_date:
            raise StaffError("The last day must be on or after the start of every current assignment", "last_day")
    return [
        end_assignment(assignment, end_date=last_day, leaving=True, reason=reason, destination=destination)
        for assignment in open_assignments
    ]


# Absences


def _check_absence(staff_id: int, start_date: date, end_date: date | None, leave_out: int | None = None) -> None:
    if end_date is not None and end_date < start_date:
        raise StaffError("The last day of absence must be on or after the first day", "end_date")
    overlapping = db.session.execute(
        select(Absence).where(
            Absence.staff_id == staff_id,
            Absence.id != (leave_out or 0),
            Absence.withdrawn_at.is_(None),
            Absence.start_date <= (end_date or date.max),
            (Absence.end_date.is_(None)) | (Absence.end_date >= start_date),
        )
    ).scalar()
    if overlapping is not None:
        raise StaffError(f"This overlaps an absence already recorded: {overlapping}", "start_date")


def record_absence(
    staff_member: StaffMember, *, reason: AbsenceReason, start_date: date, end_date: date | None
) -> Absence:
    _check_absence(staff_member.id, start_date, end_date)
    absence = Absence(staff_member=staff_member, reason=reason, start_date=start_date, end_date=end_date)
    db.session.add(absence)
    db.session.flush()
    audit_trail.record_created(absence)
    return absence


def correct_absence(absence: Absence, *, reason: AbsenceReason, start_date: date, end_date: date | None) -> Absence:
    """Correct an absence's reason or dates; the audit trail keeps what it said before."""
    if absence.withdrawn:
        raise StaffError("This absence was withdrawn and cannot be changed", "start_date")
    _check_absence(absence.staff_id, start_date, end_date, leave_out=absence.id)
    before = audit_trail.snapshot(absence)
    absence.reason, absence.start_date, absence.end_date = reason, start_date, end_date
    db.session.flush()
    audit_trail.record_updated(absence, before, note="Corrected")
    return absence


def withdraw_absence(absence: Absence, reason: str) -> Absence:
    """Withdraw an absence recorded in error: kept (nothing is deleted), marked withdrawn with the reason,
    and left out of the sickness measures, the census return and who is absent."""
    if absence.withdrawn:
        raise StaffError("This absence is already withdrawn", "reason")
    before = audit_trail.snapshot(absence)
    absence.withdrawn_at = clock.now()
    absence.withdrawn_reason = reason.strip()
    db.session.flush()
    audit_trail.record_updated(absence, before, action=Action.ARCHIVED, note="Withdrawn")
    return absence


def end_absence(absence: Absence, end_date: date) -> Absence:
    if end_date < absence.start_date:
        raise StaffError("The last day of absence must be on or after the first day", "end_date")
    before = audit_trail.snapshot(absence)
    absence.end_date = end_date
    db.session.flush()
    audit_trail.record_updated(absence, before)
    return absence


def working_days_lost(absence: Absence, up_to: date | None = None) -> int:
    """Working days in an absence (to `up_to`, default today, while it continues)."""
    last = absence.end_date or (up_to or clock.today())
    return working_days_between(absence.start_date, last)


def move_to_post(staff_member: StaffMember, post: Post, start_date: date) -> Assignment:
    """A move within the service: current assignments end the day before; not a leaver, not a starter."""
    last_day = start_date - timedelta(days=1)
    for assignment in staff_member.assignments:
        if assignment.end_date is None or assignment.end_date >= start_date:
            if assignment.start_date > last_day:
                raise StaffError("The move must start after every current assignment began", "start_date")
            end_assignment(assignment, end_date=last_day, leaving=False)
    return start_assignment(staff_member, post=post, start_date=start_date, start_origin=None)
