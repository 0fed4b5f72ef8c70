"""Correcting and withdrawing training records (completions): the academy lead alone, every problem at once,
a confirmation before withdrawing, the audit trail, and a withdrawn record leaving the matrix and measures."""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from academy import api
from academy.constants import CompletionSource, MatrixState
from academy.matrix import build_matrix, matrix_counts
from tests.academy.builders import (
    create_completion,
    create_course,
    create_enrolment,
    create_person,
    create_requirement,
    create_session,
)
from tests.builders import create_team, create_team_manager, create_user
from tests.conftest import date_shown, error_summary
from workforce.kernel.contract import registry
from workforce.kernel.measures import MeasureScope
from workforce.kernel.models import AuditEvent
from workforce.kernel.permissions import scope_of
from workforce.kernel.roles import Role

TODAY = datetime(2026, 4, 1, 12, 0)


@pytest.fixture
def record(db, frozen_clock):
    """A person in a team holding a 36-month course (required of everyone), recorded by hand."""
    frozen_clock.set(TODAY)
    team = create_team()
    course = create_course(title="Safeguarding children level 3", validity_months=36)
    create_requirement(course)
    person = create_person(team, first_name="Cara", last_name="Current")
    completion = create_completion(person, course, date(2025, 1, 10))
    return team, course, person, completion


def _events(db, completion):
    return (
        db.session.execute(
            select(AuditEvent).where(AuditEvent.record_type == "Completion", AuditEvent.record_id == str(completion.id))
        )
        .scalars()
        .all()
    )


def test_the_academy_lead_corrects_the_course_date_and_expiry(client_request, db, record):
    _, _, person, completion = record
    other = create_course(title="Court skills", validity_months=12)
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.get("academy.correct_completion", completion_id=completion.id)
    assert date_shown(page, "completed_on") == "2025-01-10"
    client_request.post(
        "academy.correct_completion",
        {"course_id": other.id, "completed_on": "2025-02-03", "expires_on": "2026-01-31"},
        completion_id=completion.id,
    )
    assert (completion.course, completion.completed_on, completion.expires_on) == (
        other,
        date(2025, 2, 3),
        date(2026, 1, 31),
    )
    [event] = _events(db, completion)
    assert event.note == "Corrected" and "completed_on" in event.changes


def test_an_empty_expiry_is_worked_out_from_the_courses_validity(client_request, db, record):
    _, course, _, completion = record
    client_request.login(create_user(Role.ACADEMY_LEAD))
    client_request.post(
        "academy.correct_completion",
        {"course_id": course.id, "completed_on": "2025-03-01"},
        completion_id=completion.id,
    )
    assert completion.expires_on == date(2028, 3, 1)


def test_every_problem_is_reported_at_once_and_nothing_typed_is_lost(client_request, db, record):
    _, course, _, completion = record
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.post(
        "academy.correct_completion",
        {"course_id": course.id, "completed_on": "2026-05-01", "expires_on": "2026-04-30"},
        completion_id=completion.id,
        _expected_status=200,
    )
    problems = error_summary(page)
    assert "The date completed must be today or in the past" in problems
    assert "The expiry date must be after the date completed" in problems
    assert date_shown(page, "completed_on") == "2026-05-01"
    assert date_shown(page, "expires_on") == "2026-04-30"
    assert completion.completed_on == date(2025, 1, 10)


def test_a_course_that_does_not_expire_takes_no_expiry_and_a_day_holds_one_record(client_request, db, record):
    _, course, person, completion = record
    lifelong = create_course(title="Induction", validity_months=None)
    create_completion(person, course, date(2025, 6, 1))
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.post(
        "academy.correct_completion",
        {"course_id": lifelong.id, "completed_on": "2025-01-10", "expires_on": "2026-01-10"},
        completion_id=completion.id,
        _expected_status=200,
    )
    assert "Induction does not expire: leave the expiry date empty" in error_summary(page)
    page = client_request.post(
        "academy.correct_completion",
        {"course_id": course.id, "completed_on": "2025-06-01"},
        completion_id=completion.id,
        _expected_status=200,
    )
    assert "Cara Current already has a record of Safeguarding children level 3 completed on that day" in error_summary(
        page
    )
    assert completion.completed_on == date(2025, 1, 10)


def test_withdrawing_asks_first_then_keeps_the_record_marked_with_the_reason(client_request, db, record):
    _, _, person, completion = record
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.post(
        "academy.withdraw_completion", {"reason": ""}, completion_id=completion.id, _expected_status=200
    )
    assert "Enter why this is being withdrawn" in error_summary(page)
    form = {"reason": "Recorded against the wrong person"}
    page = client_request.post("academy.withdraw_completion", form, completion_id=completion.id, _expected_status=200)
    assert "Recorded against the wrong person" in page.select_one("[data-confirmation]").get_text()
    assert completion.withdrawn_at is None, "the confirmation page changes nothing"
    client_request.post("academy.withdraw_completion", {**form, "confirmed": "yes"}, completion_id=completion.id)
    assert completion.withdrawn and completion.withdrawn_reason == "Recorded against the wrong person"
    [event] = _events(db, completion)
    assert (event.action, event.note) == ("archived", "Withdrawn")
    assert event.changes["withdrawn_reason"]["after"] == "Recorded against the wrong person"
    page = client_request.get("academy.person_training", staff_id=person.id)
    row = page.select_one("#completions tbody tr").get_text()
    assert "Withdrawn" in row and "Recorded against the wrong person" in row
    assert page.select_one(f"a[href*='/completions/{completion.id}/']") is None
    client_request.get("academy.correct_completion", completion_id=completion.id, _expected_status=404)


def test_a_withdrawn_record_leaves_the_matrix_its_counts_and_the_measures(app, client_request, db, record):
    team, course, person, completion = record
    lead = create_user(Role.ACADEMY_LEAD)
    scope = scope_of(lead)

    def state():
        matrix = build_matrix(scope, TODAY.date())
        return next(row for row in matrix.rows if row.staff == person).cells[0].state

    def compliance():
        return registry(app).measures.compute(
            "academy_mandatory_training_compliance", date(2026, 1, 1), date(2026, 3, 31), MeasureScope.team(team.id)
        )

    def in_api():
        return [record.id for record in db.session.execute(api.records_in_scope(lead)).scalars()]

    assert state() is MatrixState.CURRENT
    assert matrix_counts(scope, TODAY.date(), team.id)[MatrixState.CURRENT] == 1
    assert matrix_counts(scope, TODAY.date())[MatrixState.CURRENT] == 1
    assert compliance().numerator == 1
    assert in_api() == [completion.id]
    client_request.login(lead)
    client_request.post(
        "academy.withdraw_completion", {"reason": "Never attended", "confirmed": "yes"}, completion_id=completion.id
    )
    assert state() is MatrixState.NOT_DONE
    counts = matrix_counts(scope, TODAY.date(), team.id)
    assert (counts[MatrixState.CURRENT], counts[MatrixState.NOT_DONE]) == (0, 1)
    assert matrix_counts(scope, TODAY.date())[MatrixState.CURRENT] == 0, "the whole council's kept totals too"
    assert compliance().numerator == 0
    assert in_api() == []


def test_the_worker_sees_their_withdrawn_record_with_the_reason(client_request, db, record):
    _, course, _, _ = record
    worker = create_user(Role.SOCIAL_WORKER)
    mine = create_person(user=worker)
    completion = create_completion(
        mine, course, date(2025, 5, 5), withdrawn_at=TODAY, withdrawn_reason="Duplicate of the import"
    )
    client_request.login(worker)
    page = client_request.get("academy.my_training")
    text = page.select_one("#completions").get_text()
    assert "Withdrawn" in text and "Duplicate of the import" in text
    assert page.select_one(f"a[href*='/completions/{completion.id}/']") is None


def test_a_completion_from_a_register_is_changed_through_the_register(client_request, db, record):
    _, course, person, _ = record
    enrolment = create_enrolment(create_session(course), person)
    completion = create_completion(
        person, course, date(2026, 3, 17), source=CompletionSource.ATTENDANCE, enrolment_id=enrolment.id
    )
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.get("academy.person_training", staff_id=person.id)
    assert "Change the session's register" in page.get_text()
    client_request.get("academy.correct_completion", completion_id=completion.id, _expected_status=404)
    client_request.post(
        "academy.withdraw_completion",
        {"reason": "x", "confirmed": "yes"},
        completion_id=completion.id,
        _expected_status=404,
    )
    assert not completion.withdrawn


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.HR, Role.SENIOR_LEADER, Role.SOCIAL_WORKER])
def test_nobody_but_the_academy_lead_changes_a_training_record(client_request, db, record, role):
    team, course, _, completion = record
    client_request.login(create_team_manager(team) if role is Role.TEAM_MANAGER else create_user(role))
    client_request.get("academy.correct_completion", completion_id=completion.id, _expected_status=403)
    client_request.post(
        "academy.withdraw_completion",
        {"reason": "Wrong", "confirmed": "yes"},
        completion_id=completion.id,
        _expected_status=403,
    )
    assert not completion.withdrawn


def test_a_team_manager_reads_their_teams_training_records_only(client_request, db, record):
    team, _, person, completion = record
    client_request.login(create_team_manager(team))
    page = client_request.get("academy.person_training", staff_id=person.id)
    assert "Safeguarding children level 3" in page.get_text()
    assert page.select_one(f"a[href*='/completions/{completion.id}/']") is None
    outsider = create_person(create_team())
    client_request.get("academy.person_training", staff_id=outsider.id, _expected_status=404)


def test_the_matrix_links_each_person_to_their_training_record(client_request, db, record):
    _, _, person, _ = record
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.get("academy.training_matrix")
    assert page.select_one(f"a[href='/academy/people/{person.id}/training']")
