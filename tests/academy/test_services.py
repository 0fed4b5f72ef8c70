"""Places, the waitlist and its promotion, approval, session cancellation and the register."""

from datetime import date

import pytest

from academy import dao, services
from academy.constants import Attendance, EnrolmentStatus
from academy.models import Completion
from tests.academy.builders import create_course, create_enrolment, create_person, create_session
from tests.builders import create_user
from workforce.kernel.models import AuditEvent
from workforce.kernel.roles import Role


def _notices(staff):
    return [notice.message for notice in dao.list_notices(staff.id)]


def test_a_full_session_puts_the_next_person_on_the_waitlist(db):
    session = create_session(capacity=1)
    first = services.enrol(session, create_person(), None)
    second = services.enrol(session, create_person(), None)
    assert first.status is EnrolmentStatus.ENROLLED
    assert second.status is EnrolmentStatus.WAITLISTED


def test_waitlist_promotion_when_a_place_frees_gives_it_to_the_longest_waiting(db, frozen_clock):
    from datetime import timedelta

    session = create_session(capacity=1)
    holder = services.enrol(session, create_person(), None)
    frozen_clock.advance(timedelta(minutes=1))
    earliest = services.enrol(session, create_person(), None)
    frozen_clock.advance(timedelta(minutes=1))
    later = services.enrol(session, create_person(), None)

    promoted = services.cancel_enrolment(holder)

    assert promoted is earliest
    assert earliest.status is EnrolmentStatus.ENROLLED
    assert later.status is EnrolmentStatus.WAITLISTED
    assert holder.status is EnrolmentStatus.CANCELLED
    assert _notices(earliest.staff_member) == [f"A place on {session} became free and is now yours"]


def test_cancelling_a_waitlist_place_promotes_nobody(db):
    session = create_session(capacity=1)
    services.enrol(session, create_person(), None)
    waiting = services.enrol(session, create_person(), None)
    third = services.enrol(session, create_person(), None)
    assert services.cancel_enrolment(waiting) is None
    assert third.status is EnrolmentStatus.WAITLISTED


def test_a_person_cannot_hold_two_places_on_one_session(db):
    session = create_session()
    person = create_person()
    services.enrol(session, person, None)
    with pytest.raises(services.AcademyError, match="already has a place"):
        services.enrol(session, person, None)


def test_a_worker_who_books_a_session_needing_approval_waits_for_their_manager(db):
    session = create_session(requires_approval=True, capacity=1)
    worker = create_user(Role.SOCIAL_WORKER)
    enrolment = services.enrol(session, create_person(user=worker), worker, self_booked=True)
    assert enrolment.status is EnrolmentStatus.AWAITING_APPROVAL
    assert session.places_left == 0
    services.approve_enrolment(enrolment, True)
    assert enrolment.status is EnrolmentStatus.ENROLLED


def test_a_refused_place_goes_to_the_waitlist(db):
    session = create_session(requires_approval=True, capacity=1)
    worker = create_user(Role.SOCIAL_WORKER)
    asked = services.enrol(session, create_person(user=worker), worker, self_booked=True)
    waiting = services.enrol(session, create_person(), None)
    assert services.approve_enrolment(asked, False) is waiting
    assert asked.status is EnrolmentStatus.REFUSED
    assert waiting.status is EnrolmentStatus.ENROLLED


def test_cancelling_a_session_tells_everyone_enrolled_or_waiting_in_their_account(db):
    session = create_session(capacity=1)
    placed = services.enrol(session, create_person(), None)
    waiting = services.enrol(session, create_person(), None)
    told = services.cancel_session(session, "Facilitator unwell")
    assert told == 2
    for enrolment in (placed, waiting):
        assert enrolment.status is EnrolmentStatus.SESSION_CANCELLED
        assert _notices(enrolment.staff_member) == [f"{session} has been cancelled: Facilitator unwell"]
    with pytest.raises(services.AcademyError):
        services.enrol(session, create_person(), None)


def test_attending_records_a_completion_that_expires_after_the_course_validity(db):
    course = create_course(validity_months=12, hours=6)
    enrolment = create_enrolment(create_session(course))
    services.record_attendance(enrolment, Attendance.LATE, 5.0, "Train delayed")
    completion = db.session.execute(db.select(Completion)).scalar_one()
    assert (completion.completed_on, completion.expires_on) == (date(2026, 3, 17), date(2027, 3, 17))
    assert (enrolment.hours, enrolment.attendance_remarks) == (5.0, "Train delayed")


def test_changing_attendance_to_absent_removes_the_completion(db):
    enrolment = create_enrolment()
    services.record_attendance(enrolment, Attendance.PRESENT)
    assert enrolment.hours == 6.0
    services.record_attendance(enrolment, Attendance.ABSENT)
    assert db.session.execute(db.select(Completion)).scalars().all() == []
    assert enrolment.hours == 0.0


def test_only_confirmed_places_are_on_the_register(db):
    enrolment = create_enrolment(status=EnrolmentStatus.WAITLISTED)
    with pytest.raises(services.AcademyError):
        services.record_attendance(enrolment, Attendance.PRESENT)


def test_changes_to_places_are_in_the_audit_trail(db):
    session = create_session(capacity=1)
    holder = services.enrol(session, create_person(), None)
    services.enrol(session, create_person(), None)
    services.cancel_enrolment(holder)
    notes = db.session.execute(db.select(AuditEvent.note).where(AuditEvent.record_type == "Enrolment")).scalars().all()
    assert "Place cancelled" in notes
    assert "Promoted from the waitlist" in notes
