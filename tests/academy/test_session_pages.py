"""Session pages: creating a session, booking, the waitlist, cancelling, the register, and who may do what."""

import pytest
from sqlalchemy import select

from academy.constants import Attendance, EnrolmentStatus
from academy.models import TrainingSession
from tests.academy.builders import create_course, create_enrolment, create_person, create_session
from tests.builders import create_team, create_team_manager, create_user
from tests.conftest import error_summary
from workforce.kernel.models import AuditEvent
from workforce.kernel.roles import Role

GOOD_SESSION = {
    "date": "2026-03-17",
    "start_time": "09:30",
    "end_time": "16:30",
    "venue": "Civic Centre, Room 2",
    "facilitator": "Ruth Ahmed",
    "capacity": "12",
}


def test_the_academy_lead_creates_a_session(client_request, db):
    course = create_course()
    client_request.login(create_user(Role.ACADEMY_LEAD))
    client_request.post("academy.create_session", {**GOOD_SESSION, "course_id": course.id})
    session = db.session.execute(db.select(TrainingSession)).scalar_one()
    assert (session.capacity, session.venue, session.starts_at.hour) == (12, "Civic Centre, Room 2", 9)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date": ""}, "Enter the date of the session"),
        ({"date": "17/03/2026"}, "Date of the session must be a real date"),
        ({"start_time": "9am"}, "Enter the start time in the format 09:30"),
        ({"end_time": "09:00"}, "The finish time must be after the start time"),
        ({"venue": ""}, "Enter the venue, or say the session is online"),
        ({"facilitator": ""}, "Enter the facilitator"),
        ({"capacity": "0"}, "Enter places from 1 to 500"),
    ],
)
def test_a_session_form_with_a_problem_says_what_to_fix_and_keeps_what_was_typed(client_request, db, changes, message):
    course = create_course()
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.post(
        "academy.create_session", {**GOOD_SESSION, "course_id": course.id, **changes}, _expected_status=200
    )
    assert message in error_summary(page)
    assert page.select_one("#facilitator")["value"] == changes.get("facilitator", "Ruth Ahmed")


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.SOCIAL_WORKER, Role.HR])
def test_only_the_academy_lead_creates_sessions(client_request, db, role):
    client_request.login(create_user(role))
    client_request.get("academy.create_session", _expected_status=403)


def test_a_committee_viewer_cannot_see_the_academy(client_request, db):
    client_request.login(create_user(Role.COMMITTEE_VIEWER))
    client_request.get("academy.index", _expected_status=403)
    client_request.get("academy.my_training", _expected_status=403)


def test_a_worker_books_their_own_place_and_joins_the_waitlist_when_full(client_request, db):
    session = create_session(capacity=1)
    create_enrolment(session)
    worker = create_user(Role.SOCIAL_WORKER)
    create_person(user=worker)
    client_request.login(worker)
    page = client_request.post(
        "academy.book_place", session_id=session.id, _follow_redirects=True, _expected_status=200
    )
    assert "you are on the waitlist" in page.select_one(".govuk-notification-banner").get_text()
    assert page.select_one("#your-place-status").get_text(strip=True).startswith("Waitlisted")


def test_a_worker_without_a_staff_record_cannot_book(client_request, db):
    session = create_session()
    client_request.login(create_user(Role.SOCIAL_WORKER))
    client_request.post("academy.book_place", session_id=session.id, _expected_status=404)


def test_a_worker_sees_only_their_own_place_on_a_session(client_request, db):
    session = create_session()
    other = create_enrolment(session)
    worker = create_user(Role.SOCIAL_WORKER)
    create_enrolment(session, create_person(user=worker))
    client_request.login(worker)
    page = client_request.get("academy.show_session", session_id=session.id)
    assert other.staff_member.name not in page.get_text()


def test_a_team_manager_enrols_someone_in_their_team_but_not_in_another(client_request, db):
    team, other_team = create_team(), create_team()
    manager = create_team_manager(team)
    mine, theirs = create_person(team), create_person(other_team)
    session = create_session()
    client_request.login(manager)
    page = client_request.get("academy.show_session", session_id=session.id)
    options = [option.get_text() for option in page.select("#staff_id option")]
    assert any(mine.name in option for option in options)
    assert not any(theirs.name in option for option in options)
    client_request.post("academy.enrol_person", {"staff_id": mine.id}, session_id=session.id)
    assert session.enrolments[0].staff_member == mine
    client_request.post("academy.enrol_person", {"staff_id": theirs.id}, session_id=session.id)
    assert len(session.enrolments) == 1


def test_a_team_manager_cannot_cancel_a_place_of_another_team(client_request, db):
    enrolment = create_enrolment(create_session(), create_person(create_team()))
    client_request.login(create_team_manager(create_team()))
    client_request.post("academy.cancel_place", enrolment_id=enrolment.id, _expected_status=404)
    assert enrolment.status is EnrolmentStatus.ENROLLED


def test_a_worker_cannot_cancel_someone_elses_place(client_request, db):
    enrolment = create_enrolment()
    worker = create_user(Role.SOCIAL_WORKER)
    create_person(user=worker)
    client_request.login(worker)
    client_request.post("academy.cancel_place", enrolment_id=enrolment.id, _expected_status=404)


def test_a_team_manager_approves_a_place_in_their_team(client_request, db):
    team = create_team()
    enrolment = create_enrolment(
        create_session(requires_approval=True), create_person(team), status=EnrolmentStatus.AWAITING_APPROVAL
    )
    client_request.login(create_team_manager(team))
    client_request.post("academy.approve_place", enrolment_id=enrolment.id)
    assert enrolment.status is EnrolmentStatus.ENROLLED


def test_cancelling_a_session_needs_a_reason(client_request, db):
    session = create_session()
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.post(
        "academy.cancel_session",
        {"reason": "", "version": session.version},
        session_id=session.id,
        _expected_status=200,
    )
    assert error_summary(page) == ["Enter why the session is cancelled"]
    client_request.post(
        "academy.cancel_session", {"reason": "Venue closed", "version": session.version}, session_id=session.id
    )
    assert session.cancelled_at is not None


def test_cancelling_a_session_audits_every_place_it_cancels(client_request, db):
    session = create_session()
    enrolment = create_enrolment(session)
    client_request.login(create_user(Role.ACADEMY_LEAD))
    client_request.post(
        "academy.cancel_session", {"reason": "Venue closed", "version": session.version}, session_id=session.id
    )
    assert enrolment.status is EnrolmentStatus.SESSION_CANCELLED
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.record_type == "Enrolment", AuditEvent.record_id == str(enrolment.id))
    ).scalar_one()
    assert event.changes["status"]["after"] == EnrolmentStatus.SESSION_CANCELLED.value


def test_the_academy_lead_takes_the_register(client_request, db):
    session = create_session()
    came, missed = create_enrolment(session), create_enrolment(session)
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.get("academy.take_register", session_id=session.id)
    assert page.select_one(f"#status_{came.id}") is not None
    client_request.post(
        "academy.take_register",
        {
            f"status_{came.id}": "present",
            f"status_{missed.id}": "excused",
            f"remarks_{missed.id}": "Court hearing",
            "version": session.version,
        },
        session_id=session.id,
    )
    assert came.attendance is Attendance.PRESENT
    assert (missed.attendance, missed.attendance_remarks) == (Attendance.EXCUSED, "Court hearing")


def test_register_hours_must_be_a_sensible_number(client_request, db):
    session = create_session()
    enrolment = create_enrolment(session)
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.post(
        "academy.take_register",
        {f"status_{enrolment.id}": "present", f"hours_{enrolment.id}": "-2"},
        session_id=session.id,
        _expected_status=200,
    )
    assert error_summary(page) == [f"Enter hours for {enrolment.staff_member.name} from 0 to 500"]
    assert enrolment.attendance is None


def test_notices_of_a_cancelled_session_show_in_the_workers_account(client_request, db):
    from academy import services

    worker = create_user(Role.SOCIAL_WORKER)
    session = create_session()
    create_enrolment(session, create_person(user=worker))
    services.cancel_session(session, "Facilitator unwell")
    db.session.commit()
    client_request.login(worker)
    page = client_request.get("academy.my_training")
    assert "has been cancelled: Facilitator unwell" in page.select_one("#academy-notices").get_text()
    home = client_request.get("pages.home")
    assert "has been cancelled: Facilitator unwell" in home.get_text()


def test_a_team_manager_sees_places_waiting_for_approval_on_their_home_page(client_request, db):
    team = create_team()
    mine = create_enrolment(
        create_session(requires_approval=True), create_person(team), status=EnrolmentStatus.AWAITING_APPROVAL
    )
    theirs = create_enrolment(
        create_session(requires_approval=True), create_person(create_team()), status=EnrolmentStatus.AWAITING_APPROVAL
    )
    client_request.login(create_team_manager(team))
    text = client_request.get("pages.home").get_text()
    assert "Training places waiting for your approval" in text
    assert mine.staff_member.name in text
    assert theirs.staff_member.name not in text
