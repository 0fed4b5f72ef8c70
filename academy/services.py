"""Changing the academy's training records: catalogue, sessions, places and the waitlist, attendance,
completions and feedback. Each operation flushes and writes the audit trail; the view commits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete

from academy import dao, rules
from academy.constants import Attendance, CompletionSource, DeliveryMode, EarlyCareerProgramme, EnrolmentStatus
from academy.models import (
    Completion,
    Course,
    Enrolment,
    Feedback,
    Notice,
    Programme,
    TrainingRequirement,
    TrainingSession,
)
from workforce.extensions import db
from workforce.kernel import audit_trail, clock
from workforce.kernel.models import User
from workforce.kernel.plurals import plural
from workforce.kernel.refusals import Problems
from workforce.people.constants import CensusRole
from workforce.people.models import StaffMember


class AcademyError(ValueError):
    """A request the rules refuse; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def create_programme(name: str, description: str | None = None) -> Programme:
    programme = Programme(name=name.strip(), description=description or None)
    db.session.add(programme)
    db.session.flush()
    audit_trail.record_created(programme)
    return programme


def create_course(
    programme: Programme,
    title: str,
    delivery_mode: DeliveryMode,
    hours: float,
    validity_months: int | None = None,
    standards: list[str] | None = None,
) -> Course:
    course = Course(
        programme=programme,
        title=title.strip(),
        delivery_mode=delivery_mode,
        hours=hours,
        validity_months=validity_months,
        standards=sorted(standards or []),
    )
    db.session.add(course)
    db.session.flush()
    audit_trail.record_created(course, programme=programme.name)
    return course


def create_session(
    course: Course,
    starts_at: datetime,
    ends_at: datetime,
    facilitator: str,
    capacity: int,
    venue: str | None = None,
    online: bool = False,
    requires_approval: bool = False,
) -> TrainingSession:
    if ends_at <= starts_at:
        raise AcademyError("The finish time must be after the start time", "ends_at")
    if not online and not (venue or "").strip():
        raise AcademyError("Enter the venue, or say the session is online", "venue")
    session = TrainingSession(
        course=course,
        starts_at=starts_at,
        ends_at=ends_at,
        facilitator=facilitator.strip(),
        capacity=capacity,
        venue=None if online else venue.strip(),
        online=online,
        requires_approval=requires_approval,
    )
    db.session.add(session)
    db.session.flush()
    audit_trail.record_created(session, course=course.title)
    return session


def notify(staff_id: int, message: str) -> Notice:
    notice = Notice(staff_id=staff_id, message=message, created_at=clock.now())
    db.session.add(notice)
    return notice


def enrol(session: TrainingSession, staff: StaffMember, by: User | None, *, self_booked: bool = False) -> Enrolment:
    """Book a place, or a place on the waitlist when the session is full.

    A place the worker books on a session that needs approval waits for their manager; a place booked by
    the academy or a manager needs none.
    """
    if session.cancelled_at is not None:
        raise AcademyError("This session has been cancelled", "staff_id")
    existing = dao.find_enrolment(session.id, staff.id)
    if existing is not None and existing.status.open:
        raise AcademyError(f"{staff.name} already has a place or is on the waitlist", "staff_id")
    if session.places_left > 0:
        status = (
            EnrolmentStatus.AWAITING_APPROVAL if self_booked and session.requires_approval else EnrolmentStatus.ENROLLED
        )
    else:
        status = EnrolmentStatus.WAITLISTED
    enrolment = existing or Enrolment(session=session, staff_member=staff)
    if existing is None:
        db.session.add(enrolment)
    before = audit_trail.snapshot(enrolment) if existing is not None else None
    enrolment.status = status
    enrolment.enrolled_by_id = by.id if by is not None else None
    enrolment.waitlisted_at = clock.now() if status is EnrolmentStatus.WAITLISTED else None
    enrolment.attendance = None
    db.session.flush()
    if before is None:
        audit_trail.record_created(enrolment, staff=staff.name, session=str(session))
    else:
        audit_trail.record_updated(enrolment, before)
    return enrolment


@dataclass
class EnrolmentPlan:
    """What enrolling a group of people on a session does to each of them."""

    enrolled: list[StaffMember] = field(default_factory=list)
    waitlisted: list[StaffMember] = field(default_factory=list)
    #: People who already have a place, a place awaiting approval or a waitlist place: left as they are.
    already: list[StaffMember] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return len(self.enrolled) + len(self.waitlisted)


def plan_enrolments(session: TrainingSession, people: list[StaffMember]) -> EnrolmentPlan:
    """Who of `people` would get a place and who would join the waitlist, in the order given, by the rules
    of `enrol`: a place while any is left, then the waitlist (after those already on it). Changes nothing."""
    if session.cancelled_at is not None:
        raise AcademyError("This session has been cancelled", "by")
    holding = {enrolment.staff_id for enrolment in session.enrolments if enrolment.status.open}
    plan = EnrolmentPlan()
    places = session.places_left
    seen = set()
    for staff in people:
        if staff.id in seen:
            continue
        seen.add(staff.id)
        if staff.id in holding:
            plan.already.append(staff)
        elif places > 0:
            plan.enrolled.append(staff)
            places -= 1
        else:
            plan.waitlisted.append(staff)
    return plan


def enrol_many(session: TrainingSession, people: list[StaffMember], by: User) -> EnrolmentPlan:
    """Enrol a group at once (the academy books, so no place waits for approval): each person as `enrol`
    would, in the order given, each place in the audit trail. Returns what was done."""
    plan = plan_enrolments(session, people)
    if not plan.changes:
        raise AcademyError("Nobody to enrol: everyone chosen already has a place or is on the waitlist", "by")
    done = EnrolmentPlan(already=plan.already)
    for staff in [*plan.enrolled, *plan.waitlisted]:
        enrolment = enrol(session, staff, by)
        (done.waitlisted if enrolment.status is EnrolmentStatus.WAITLISTED else done.enrolled).append(staff)
    return done


def _promote_from_waitlist(session: TrainingSession) -> Enrolment | None:
    """Give the freed place to the person who has waited longest, and tell them."""
    if session.places_left <= 0:
        return None
    waiting = dao.next_on_waitlist(session)
    if waiting is None:
        return None
    before = audit_trail.snapshot(waiting)
    self_booked = waiting.enrolled_by_id is not None and waiting.enrolled_by_id == waiting.staff_member.user_id
    waiting.status = (
        EnrolmentStatus.AWAITING_APPROVAL if self_booked and session.requires_approval else EnrolmentStatus.ENROLLED
    )
    waiting.waitlisted_at = None
    db.session.flush()
    audit_trail.record_updated(waiting, before, note="Promoted from the waitlist")
    notify(waiting.staff_id, f"A place on {session} became free and is now yours")
    return waiting


def cancel_enrolment(enrolment: Enrolment) -> Enrolment | None:
    """Cancel a place (or a waitlist place); returns whoever was promoted into the freed place."""
    if not enrolment.status.open:
        raise AcademyError("This place is already cancelled")
    if enrolment.attendance is not None:
        raise AcademyError("Attendance has been taken for this place; change the register instead")
    held_place = enrolment.status.holds_place
    before = audit_trail.snapshot(enrolment)
    enrolment.status = EnrolmentStatus.CANCELLED
    enrolment.waitlisted_at = None
    db.session.flush()
    audit_trail.record_updated(enrolment, before, note="Place cancelled")
    return _promote_from_waitlist(enrolment.session) if held_place else None


def approve_enrolment(enrolment: Enrolment, approve: bool) -> Enrolment | None:
    """A manager approves or refuses a place awaiting approval; a refusal frees the place."""
    if enrolment.status is not EnrolmentStatus.AWAITING_APPROVAL:
        raise AcademyError("This place is not waiting for approval")
    before = audit_trail.snapshot(enrolment)
    enrolment.status = EnrolmentStatus.ENROLLED if approve else EnrolmentStatus.REFUSED
    db.session.flush()
    audit_trail.record_updated(enrolment, before, note="Place approved" if approve else "Place refused")
    if approve:
        notify(enrolment.staff_id, f"Your place on {enrolment.session} has been approved")
        return None
    notify(enrolment.staff_id, f"Your place on {enrolment.session} was not approved")
    return _promote_from_waitlist(enrolment.session)


def cancel_session(session: TrainingSession, reason: str) -> int:
    """Cancel a whole session; everyone with a place or on the waitlist sees a notice. Returns how many."""
    if session.cancelled_at is not None:
        raise AcademyError("This session is already cancelled")
    before = audit_trail.snapshot(session)
    session.cancelled_at = clock.now()
    session.cancellation_reason = reason.strip()
    told = 0
    places = []
    for enrolment in session.enrolments:
        if enrolment.status.open:
            places.append((enrolment, audit_trail.snapshot(enrolment)))
            enrolment.status = EnrolmentStatus.SESSION_CANCELLED
            enrolment.waitlisted_at = None
            notify(enrolment.staff_id, f"{session} has been cancelled: {session.cancellation_reason}")
            told += 1
    db.session.flush()
    audit_trail.record_updated(session, before, note=f"Session cancelled; {plural(told, 'person')} told")
    # Each person's place is their training record, so its change is in the trail too.
    audit_trail.record_updated_many(places, note="Session cancelled")
    return told


def record_completion(
    staff: StaffMember,
    course: Course,
    completed_on: date,
    source: CompletionSource,
    enrolment: Enrolment | None = None,
) -> Completion:
    completion = Completion(
        staff_member=staff,
        course=course,
        completed_on=completed_on,
        expires_on=rules.expiry_date(completed_on, course.validity_months),
        source=source,
        enrolment_id=enrolment.id if enrolment is not None else None,
    )
    db.session.add(completion)
    db.session.flush()
    audit_trail.record_created(completion, staff=staff.name, course=course.title)
    return completion


def _changeable(completion: Completion, field: str) -> None:
    if completion.withdrawn:
        raise AcademyError("This training record was withdrawn and cannot be changed", field)
    if completion.from_register:
        raise AcademyError("This training record comes from a session's register: change the register instead", field)


def correct_completion(
    completion: Completion, course: Course, completed_on: date, expires_on: date | None = None
) -> Completion:
    """Correct a completion's course, date or expiry (an empty expiry is worked out from the course's
    validity); the audit trail keeps what it said before. Every problem is reported at once."""
    _changeable(completion, "completed_on")
    problems = Problems()
    if completed_on > clock.today():
        problems.add("The date completed must be today or in the past", "completed_on")
    if expires_on is not None and course.validity_months is None:
        problems.add(f"{course.title} does not expire: leave the expiry date empty", "expires_on")
    elif expires_on is not None and expires_on <= completed_on:
        problems.add("The expiry date must be after the date completed", "expires_on")
    key = (completion.staff_id, course.id, completed_on)
    if key != (completion.staff_id, completion.course_id, completion.completed_on) and key in (
        dao.existing_completion_keys([completion.staff_id])
    ):
        problems.add(
            f"{completion.staff_member.name} already has a record of {course.title} completed on that day",
            "completed_on",
        )
    problems.raise_as(AcademyError)
    before = audit_trail.snapshot(completion)
    completion.course = course
    completion.completed_on = completed_on
    if expires_on is None:
        expires_on = rules.expiry_date(completed_on, course.validity_months)
    completion.expires_on = expires_on
    db.session.flush()
    audit_trail.record_updated(completion, before, note="Corrected")
    return completion


def withdraw_completion(completion: Completion, reason: str) -> Completion:
    """Withdraw a completion recorded in error: kept (nothing is deleted), marked withdrawn with the reason,
    and left out of the training matrix, the measures, the reminders and the exports."""
    _changeable(completion, "reason")
    before = audit_trail.snapshot(completion)
    completion.withdrawn_at = clock.now()
    completion.withdrawn_reason = reason.strip()
    db.session.flush()
    audit_trail.record_updated(completion, before, action=audit_trail.Action.ARCHIVED, note="Withdrawn")
    return completion


def session_length_hours(session) -> float:
    """How long a session runs, in hours: the most anyone can attend it."""
    return round((clock.as_utc(session.ends_at) - clock.as_utc(session.starts_at)).total_seconds() / 3600, 2)


def record_attendance(
    enrolment: Enrolment, attendance: Attendance, hours: float | None = None, remarks: str | None = None
) -> Enrolment:
    """Mark one place on the register; attending (present or late) records the completion."""
    if enrolment.status is not EnrolmentStatus.ENROLLED:
        raise AcademyError("Only people with a confirmed place are on the register")
    session = enrolment.session
    problems = Problems()
    if clock.as_utc(session.starts_at).date() > clock.today():
        problems.add(
            f"The register for {enrolment.staff_member.name} can be taken from the day of the session",
            f"status_{enrolment.id}",
        )
    length = session_length_hours(session)
    if hours is not None and hours > length:
        problems.add(
            f"Hours attended by {enrolment.staff_member.name} cannot be more than the session's {length:g} hours",
            f"hours_{enrolment.id}",
        )
    problems.raise_as(AcademyError)
    if attendance.attended and hours is None:
        hours = min(session.course.hours, length)
    before = audit_trail.snapshot(enrolment)
    enrolment.attendance = attendance
    enrolment.hours = hours if attendance.attended else 0.0
    enrolment.attendance_remarks = (remarks or "").strip() or None
    db.session.flush()
    audit_trail.record_updated(enrolment, before, note="Attendance recorded")
    db.session.execute(delete(Completion).where(Completion.enrolment_id == enrolment.id))
    day = session.starts_at.date()
    already = (enrolment.staff_id, session.course_id, day) in dao.existing_completion_keys([enrolment.staff_id])
    # A completion already held for that course and day (imported, say) is not recorded twice.
    if attendance.attended and not already:
        record_completion(enrolment.staff_member, session.course, day, CompletionSource.ATTENDANCE, enrolment)
    return enrolment


def give_feedback(
    enrolment: Enrolment,
    confidence_before: int,
    confidence_after: int,
    satisfaction: int,
    comments: str | None = None,
) -> Feedback:
    if enrolment.attendance is None or not enrolment.attendance.attended:
        raise AcademyError("You can give feedback on sessions you attended")
    if dao.get_feedback_for_enrolment(enrolment.id) is not None:
        raise AcademyError("You have already given feedback on this session")
    feedback = Feedback(
        enrolment=enrolment,
        session_id=enrolment.session_id,
        confidence_before=confidence_before,
        confidence_after=confidence_after,
        satisfaction=satisfaction,
        comments=(comments or "").strip() or None,
        given_on=clock.today(),
    )
    db.session.add(feedback)
    db.session.flush()
    # The trail names the session, not the answers: feedback stays anonymous to trainers.
    audit_trail.record(feedback, audit_trail.Action.CREATED, {}, note=f"Feedback given on {enrolment.session}")
    return feedback


def give_impact(feedback: Feedback, impact: str) -> Feedback:
    """The 3-month follow-up question: how the learning changed practice."""
    feedback.impact = impact.strip()
    feedback.impact_given_on = clock.today()
    db.session.flush()
    audit_trail.record(feedback, audit_trail.Action.UPDATED, {}, note="Impact follow-up given")
    return feedback


def create_requirement(
    course: Course,
    census_role: CensusRole | None,
    team_id: int | None,
    early_career_programme: EarlyCareerProgramme | None = None,
) -> TrainingRequirement:
    requirement = TrainingRequirement(
        course=course, census_role=census_role, team_id=team_id, early_career_programme=early_career_programme
    )
    db.session.add(requirement)
    db.session.flush()
    audit_trail.record_created(requirement, course=course.title)
    return requirement
