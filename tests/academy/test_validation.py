"""Dates and hours that cannot be right are refused where they are typed: CPD, the register."""

from datetime import UTC, date, datetime

import pytest

from academy import careers, dao, services
from academy.constants import Attendance, CpdType
from tests.academy.builders import create_enrolment, create_person, create_session
from tests.builders import create_user
from tests.conftest import error_summary
from workforce.kernel.roles import Role

TODAY = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("recorded_on", "accepted"),
    [("2026-03-19", True), ("2026-03-20", True), ("2026-03-21", False), ("2027-01-01", False)],
)
def test_cpd_cannot_be_dated_after_today(client_request, db, frozen_clock, recorded_on, accepted):
    frozen_clock.set(TODAY)
    worker = create_user(Role.SOCIAL_WORKER)
    person = create_person(user=worker)
    client_request.login(worker)
    data = {"cpd_type": "reading", "recorded_on": recorded_on, "learning": "Research", "impact": "Better plans"}
    if accepted:
        client_request.post("academy.record_cpd", data)
        assert [record.recorded_on.isoformat() for record in dao.list_cpd(person.id)] == [recorded_on]
    else:
        page = client_request.post("academy.record_cpd", data, _expected_status=200)
        assert error_summary(page) == ["The date of the CPD must be today or in the past"]
        assert dao.list_cpd(person.id) == []


def test_the_cpd_service_refuses_a_future_date_too(db, frozen_clock):
    frozen_clock.set(TODAY)
    with pytest.raises(services.AcademyError, match="today or in the past"):
        careers.add_cpd(create_person(), CpdType.READING, date(2026, 3, 21), "Research", "Better plans")


@pytest.mark.parametrize(
    ("hours", "accepted"),
    [("7", True), ("6.5", True), ("7.5", False), ("12", False)],
)
def test_hours_attended_cannot_exceed_the_length_of_the_session(client_request, db, frozen_clock, hours, accepted):
    frozen_clock.set(TODAY)
    session = create_session()  # 17 March 2026, 09:30 to 16:30: seven hours
    enrolment = create_enrolment(session)
    client_request.login(create_user(Role.ACADEMY_LEAD))
    data = {f"status_{enrolment.id}": "present", f"hours_{enrolment.id}": hours, "version": session.version}
    if accepted:
        client_request.post("academy.take_register", data, session_id=session.id)
        assert enrolment.hours == float(hours)
    else:
        page = client_request.post("academy.take_register", data, _expected_status=200, session_id=session.id)
        name = enrolment.staff_member.name
        assert error_summary(page) == [f"Hours attended by {name} cannot be more than the session's 7 hours"]
        assert enrolment.attendance is None


def test_every_row_of_the_register_is_checked_in_one_save(client_request, db, frozen_clock):
    frozen_clock.set(TODAY)
    session = create_session()
    first, second, third = create_enrolment(session), create_enrolment(session), create_enrolment(session)
    client_request.login(create_user(Role.ACADEMY_LEAD))
    data = {
        f"status_{first.id}": "present",
        f"hours_{first.id}": "12",
        f"status_{second.id}": "present",
        f"hours_{second.id}": "6",
        f"status_{third.id}": "late",
        f"hours_{third.id}": "9",
        "version": session.version,
    }
    page = client_request.post("academy.take_register", data, _expected_status=200, session_id=session.id)
    assert len(error_summary(page)) == 2
    assert (first.attendance, second.attendance, third.attendance) == (None, None, None)


def test_the_register_cannot_be_taken_before_the_session(db, frozen_clock):
    frozen_clock.set(datetime(2026, 3, 16, 9, 0, tzinfo=UTC))
    enrolment = create_enrolment(create_session())
    with pytest.raises(services.AcademyError, match="can be taken from the day of the session"):
        services.record_attendance(enrolment, Attendance.PRESENT)


def test_attending_without_hours_counts_the_course_hours_but_never_more_than_the_session(db, frozen_clock):
    frozen_clock.set(TODAY)
    from tests.academy.builders import create_course

    enrolment = create_enrolment(create_session(create_course(hours=12)))
    services.record_attendance(enrolment, Attendance.PRESENT)
    assert enrolment.hours == 7.0


def _worker_with_cpd(client_request):
    worker = create_user(Role.SOCIAL_WORKER)
    person = create_person(user=worker)
    record = careers.add_cpd(person, CpdType.READING, date(2026, 3, 1), "Research in practice", "Better plans")
    client_request.login(worker)
    return person, record


def test_a_worker_corrects_their_cpd_record_and_the_audit_trail_keeps_the_old_text(client_request, db, frozen_clock):
    from workforce.kernel.models import AuditEvent

    frozen_clock.set(TODAY)
    person, record = _worker_with_cpd(client_request)
    page = client_request.get("academy.edit_cpd", cpd_id=record.id)
    assert page.select_one("#learning").get_text() == "Research in practice"
    data = {
        "cpd_type": "reading",
        "recorded_on": "2026-03-02",
        "learning": "Research in Practice briefing",
        "impact": "Better plans",
    }
    page = client_request.post(
        "academy.edit_cpd", {**data, "recorded_on": "2026-04-01"}, _expected_status=200, cpd_id=record.id
    )
    assert error_summary(page) == ["The date of the CPD must be today or in the past"]
    client_request.post("academy.edit_cpd", data, cpd_id=record.id)
    assert (record.recorded_on, record.learning) == (date(2026, 3, 2), "Research in Practice briefing")
    event = (
        db.session.query(AuditEvent)
        .filter_by(record_type="CpdRecord", record_id=str(record.id), note="Corrected")
        .one()
    )
    assert event.changes["learning"]["before"] == "Research in practice"


def test_withdrawing_a_cpd_record_asks_first_then_stops_it_counting(client_request, db, frozen_clock):
    frozen_clock.set(TODAY)
    person, record = _worker_with_cpd(client_request)
    page = client_request.get("academy.withdraw_cpd", cpd_id=record.id)
    assert page.h1.get_text(strip=True) == "Withdraw this CPD record?"
    assert record.withdrawn_at is None
    client_request.post("academy.withdraw_cpd", {"confirmed": "yes"}, cpd_id=record.id)
    assert record.withdrawn_at is not None
    assert dao.list_cpd(person.id) == []
    client_request.get("academy.edit_cpd", _expected_status=404, cpd_id=record.id)


def test_nobody_else_corrects_or_withdraws_a_workers_cpd(client_request, db, frozen_clock):
    frozen_clock.set(TODAY)
    _person, record = _worker_with_cpd(client_request)
    other = create_user(Role.SOCIAL_WORKER)
    create_person(user=other)
    client_request.login(other)
    client_request.get("academy.edit_cpd", _expected_status=404, cpd_id=record.id)
    client_request.post("academy.withdraw_cpd", {"confirmed": "yes"}, _expected_status=404, cpd_id=record.id)
    assert record.withdrawn_at is None
