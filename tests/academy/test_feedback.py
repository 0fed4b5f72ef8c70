"""Feedback: given once by people who attended, shown to trainers only in aggregate and from 5 answers."""

import pytest

from academy import services
from academy.constants import Attendance
from tests.academy.builders import create_enrolment, create_person, create_session
from tests.builders import create_user
from tests.conftest import error_summary
from workforce.extensions import db
from workforce.kernel.models import AuditEvent
from workforce.kernel.roles import Role


def _attended(session, **person):
    enrolment = create_enrolment(session, create_person(**person), attendance=Attendance.PRESENT)
    return enrolment


def _answers(session, count):
    enrolments = []
    for number in range(count):
        enrolment = _attended(session, first_name=f"Person{number}", last_name="Named")
        services.give_feedback(enrolment, 2, 4, 5, f"Comment {number}")
        enrolments.append(enrolment)
    db.session.commit()
    return enrolments


def test_feedback_is_suppressed_under_5_responses(client_request, db):
    session = create_session()
    _answers(session, 4)
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.get("academy.session_feedback", session_id=session.id)
    assert page.select_one("#feedback-suppressed") is not None
    assert "Comment 1" not in page.get_text()


def test_feedback_is_anonymous_to_trainers(client_request, db):
    session = create_session()
    enrolments = _answers(session, 5)
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.get("academy.session_feedback", session_id=session.id)
    text = page.get_text()
    assert "Average confidence before (1 to 5)" in text
    assert "2.0" in text and "4.0" in text
    assert "Comment 3" in text
    for enrolment in enrolments:
        assert enrolment.staff_member.first_name not in text
    feedback_events = (
        db.session.execute(db.select(AuditEvent).where(AuditEvent.record_type == "Feedback")).scalars().all()
    )
    assert all("Named" not in event.record_label and not event.changes for event in feedback_events)


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SENIOR_LEADER])
def test_only_the_academy_sees_the_feedback_totals(client_request, db, role):
    client_request.login(create_user(role))
    client_request.get("academy.session_feedback", session_id=create_session().id, _expected_status=403)


def test_a_worker_gives_feedback_once_on_a_session_they_attended(client_request, db):
    worker = create_user(Role.SOCIAL_WORKER)
    enrolment = create_enrolment(create_session(), create_person(user=worker), attendance=Attendance.PRESENT)
    client_request.login(worker)
    answers = {"confidence_before": "2", "confidence_after": "4", "satisfaction": "5", "comments": "Useful"}
    client_request.post(
        "academy.give_feedback", answers, enrolment_id=enrolment.id, _follow_redirects=True, _expected_status=200
    )
    page = client_request.post(
        "academy.give_feedback", answers, enrolment_id=enrolment.id, _follow_redirects=True, _expected_status=200
    )
    assert "already given feedback" in page.get_text()
    client_request.post("academy.give_impact", {"impact": "I plan visits differently"}, enrolment_id=enrolment.id)
    assert services.dao.get_feedback_for_enrolment(enrolment.id).impact == "I plan visits differently"


def test_feedback_needs_every_rating(client_request, db):
    worker = create_user(Role.SOCIAL_WORKER)
    enrolment = create_enrolment(create_session(), create_person(user=worker), attendance=Attendance.PRESENT)
    client_request.login(worker)
    page = client_request.post(
        "academy.give_feedback", {"comments": "x"}, enrolment_id=enrolment.id, _expected_status=200
    )
    assert error_summary(page) == [
        "Select how confident you were before the session",
        "Select how confident you are now",
        "Select how satisfied you were",
    ]


def test_a_worker_cannot_give_feedback_for_someone_else(client_request, db):
    enrolment = create_enrolment(attendance=Attendance.PRESENT)
    worker = create_user(Role.SOCIAL_WORKER)
    create_person(user=worker)
    client_request.login(worker)
    client_request.get("academy.give_feedback", enrolment_id=enrolment.id, _expected_status=404)


def test_someone_who_did_not_attend_cannot_give_feedback(db):
    enrolment = create_enrolment(attendance=Attendance.ABSENT)
    with pytest.raises(services.AcademyError):
        services.give_feedback(enrolment, 3, 3, 3)
