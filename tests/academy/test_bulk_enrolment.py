"""Enrolling a team, or everyone a requirement applies to who lacks the course in date, on a session: the
confirmation page lists who gets a place, who is already booked and who waits; then one save."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from academy.constants import EnrolmentStatus
from academy.models import Enrolment
from tests.academy.builders import (
    create_completion,
    create_course,
    create_enrolment,
    create_person,
    create_requirement,
    create_session,
)
from tests.builders import create_team, create_team_manager, create_user
from tests.conftest import error_summary
from workforce.kernel import clock
from workforce.kernel.models import AuditEvent
from workforce.kernel.roles import Role
from workforce.people.constants import CensusRole


def _names(page, list_id):
    found = page.select_one(f"#{list_id}")
    return [item.get_text(strip=True).split(" (")[0] for item in found.select("li")] if found else []


def _statuses(session, db):
    rows = db.session.execute(select(Enrolment).where(Enrolment.session_id == session.id)).scalars()
    return {enrolment.staff_member.name: enrolment.status for enrolment in rows}


def test_enrolling_a_team_asks_first_then_books_places_and_waitlists_the_rest(client_request, db):
    team, other_team = create_team(), create_team()
    people = sorted((create_person(team) for _ in range(3)), key=lambda s: (s.last_name, s.first_name, s.id))
    outsider = create_person(other_team)
    session = create_session(capacity=3)
    booked = create_enrolment(session, create_person(create_team()))
    already = create_enrolment(session, people[0])
    client_request.login(create_user(Role.ACADEMY_LEAD))
    form = {"by": "team", "team_ids": [team.id]}
    page = client_request.post("academy.enrol_many", form, session_id=session.id, _expected_status=200)
    # One place is left of three: the first new person gets it, the second waits.
    assert _names(page, "will-be-enrolled") == [people[1].name]
    assert _names(page, "will-be-waitlisted") == [people[2].name]
    assert _names(page, "already-enrolled") == [people[0].name]
    assert outsider.name not in page.get_text()
    assert len(session.enrolments) == 2, "the confirmation page changes nothing"
    client_request.post("academy.enrol_many", {**form, "confirmed": "yes"}, session_id=session.id)
    statuses = _statuses(session, db)
    assert statuses[people[1].name] is EnrolmentStatus.ENROLLED
    assert statuses[people[2].name] is EnrolmentStatus.WAITLISTED
    assert statuses[people[0].name] is already.status is EnrolmentStatus.ENROLLED
    assert statuses[booked.staff_member.name] is EnrolmentStatus.ENROLLED
    assert outsider.name not in statuses
    trail = db.session.execute(select(AuditEvent).where(AuditEvent.record_type == "Enrolment")).scalars().all()
    assert sorted(int(event.record_id) for event in trail) == sorted(
        e.id for e in session.enrolments if e.staff_id in (people[1].id, people[2].id)
    )


def test_new_waitlist_places_queue_behind_those_already_waiting(client_request, db):
    team = create_team()
    session = create_session(capacity=1)
    create_enrolment(session)
    waiting = create_enrolment(
        session, status=EnrolmentStatus.WAITLISTED, waitlisted_at=clock.now() - timedelta(days=2)
    )
    newcomer = create_person(team)
    client_request.login(create_user(Role.ACADEMY_LEAD))
    client_request.post(
        "academy.enrol_many", {"by": "team", "team_ids": [team.id], "confirmed": "yes"}, session_id=session.id
    )
    waitlist = sorted(
        (e for e in session.enrolments if e.status is EnrolmentStatus.WAITLISTED),
        key=lambda e: (e.waitlisted_at, e.id),
    )
    assert [e.staff_id for e in waitlist] == [waiting.staff_id, newcomer.id]


def test_enrolling_by_requirement_takes_only_those_without_the_course_in_date(client_request, db):
    course = create_course(validity_months=12)
    team = create_team()
    requirement = create_requirement(course, census_role=CensusRole.CASE_HOLDER)
    never = create_person(team)
    expired = create_person(team)
    create_completion(expired, course, clock.today() - timedelta(days=400))
    in_date = create_person(team)
    create_completion(in_date, course, clock.today() - timedelta(days=30))
    not_required = create_person(team, census_role=CensusRole.FIRST_LINE_MANAGER)
    session = create_session(course, capacity=10)
    client_request.login(create_user(Role.ACADEMY_LEAD))
    form = {"by": "requirement", "requirement_id": requirement.id}
    page = client_request.post("academy.enrol_many", form, session_id=session.id, _expected_status=200)
    assert sorted(_names(page, "will-be-enrolled")) == sorted([never.name, expired.name])
    client_request.post("academy.enrol_many", {**form, "confirmed": "yes"}, session_id=session.id)
    assert set(_statuses(session, db)) == {never.name, expired.name}
    assert in_date.name not in _statuses(session, db) and not_required.name not in _statuses(session, db)


def test_only_requirements_of_the_sessions_course_are_offered(client_request, db):
    session = create_session()
    mine = create_requirement(session.course)
    other = create_requirement(create_course())
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.get("academy.enrol_many", session_id=session.id)
    values = [option["value"] for option in page.select("#requirement_id option")]
    assert str(mine.id) in values and str(other.id) not in values
    page = client_request.post(
        "academy.enrol_many",
        {"by": "requirement", "requirement_id": other.id, "confirmed": "yes"},
        session_id=session.id,
        _expected_status=200,
    )
    assert error_summary(page)
    assert session.enrolments == []


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({}, "Select who you want to enrol"),
        ({"by": "team"}, "Select at least one team"),
        ({"by": "requirement"}, "Select the training requirement"),
    ],
)
def test_a_bulk_enrolment_with_a_problem_says_what_to_fix(client_request, db, form, message):
    session = create_session()
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.post("academy.enrol_many", form, session_id=session.id, _expected_status=200)
    assert message in error_summary(page)


def test_nobody_new_to_enrol_is_told_and_changes_nothing(client_request, db):
    team = create_team()
    session = create_session()
    create_enrolment(session, create_person(team))
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.post(
        "academy.enrol_many", {"by": "team", "team_ids": [team.id]}, session_id=session.id, _expected_status=200
    )
    assert "Nobody to enrol: everyone chosen already has a place or is on the waitlist" in error_summary(page)
    empty = create_team()
    page = client_request.post(
        "academy.enrol_many", {"by": "team", "team_ids": [empty.id]}, session_id=session.id, _expected_status=200
    )
    assert "Nobody to enrol: there is nobody in post that this choice covers" in error_summary(page)
    assert len(session.enrolments) == 1


def test_a_cancelled_session_cannot_be_bulk_enrolled(client_request, db):
    session = create_session(cancelled_at=clock.now(), cancellation_reason="Trainer ill")
    client_request.login(create_user(Role.ACADEMY_LEAD))
    client_request.get("academy.enrol_many", session_id=session.id, _expected_status=404)


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.SOCIAL_WORKER, Role.HR, Role.SENIOR_LEADER])
def test_only_the_academy_lead_enrols_in_bulk(client_request, db, role):
    team = create_team()
    create_person(team)
    session = create_session()
    user = create_team_manager(team) if role is Role.TEAM_MANAGER else create_user(role)
    client_request.login(user)
    client_request.get("academy.enrol_many", session_id=session.id, _expected_status=403)
    client_request.post(
        "academy.enrol_many",
        {"by": "team", "team_ids": [team.id], "confirmed": "yes"},
        session_id=session.id,
        _expected_status=403,
    )
    assert session.enrolments == []


def test_the_session_page_offers_bulk_enrolment_to_the_academy_lead(client_request, db):
    session = create_session(starts_at=date(2026, 3, 17))
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.get("academy.show_session", session_id=session.id)
    assert page.select_one(f"a[href='/academy/sessions/{session.id}/enrol-many']")
