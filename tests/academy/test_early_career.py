"""ASYE and early-career records: the review schedule with pauses, the status other modules read, pages."""

from datetime import date, datetime

import pytest

from academy import careers
from academy.constants import EarlyCareerOutcome, EarlyCareerProgramme, ReviewOutcome
from tests.academy.builders import create_early_career_record, create_person
from tests.builders import create_team, create_team_manager, create_user
from tests.conftest import error_summary
from workforce.kernel.contract import registry
from workforce.kernel.providers import EARLY_CAREER_PERIODS, EARLY_CAREER_STATUS
from workforce.kernel.roles import Role


def _due(record):
    return {review.month: review.due_on for review in careers.review_schedule(record)}


def test_a_new_record_schedules_reviews_at_3_6_9_and_12_months(db):
    record = create_early_career_record(start_date=date(2025, 9, 1))
    assert record.programme is EarlyCareerProgramme.ASYE
    assert _due(record) == {3: date(2025, 12, 1), 6: date(2026, 3, 1), 9: date(2026, 6, 1), 12: date(2026, 9, 1)}


def test_asye_review_dates_move_with_a_pause(db):
    record = create_early_career_record(start_date=date(2025, 9, 1))
    careers.add_pause(record, date(2026, 4, 1), date(2026, 4, 30), "Parental leave")
    assert _due(record) == {3: date(2025, 12, 1), 6: date(2026, 3, 1), 9: date(2026, 7, 1), 12: date(2026, 10, 1)}
    assert careers.deadline(record) == date(2027, 10, 1)


def test_a_review_held_by_its_moved_due_date_is_on_time(db):
    record = create_early_career_record(start_date=date(2025, 9, 1))
    careers.add_pause(record, date(2026, 4, 1), date(2026, 4, 30))
    review = careers.record_review(record, 9, date(2026, 6, 20), ReviewOutcome.ON_TRACK)
    assert review.on_time


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (date(2026, 5, 10), date(2026, 5, 1), "The end of the pause must be on or after its start"),
        (date(2025, 8, 1), date(2025, 8, 10), "The pause must start on or after the programme's start"),
        (date(2026, 4, 20), date(2026, 5, 10), "The pause overlaps another pause"),
    ],
)
def test_pauses_that_make_no_sense_are_refused(db, start, end, message):
    record = create_early_career_record(start_date=date(2025, 9, 1))
    careers.add_pause(record, date(2026, 4, 1), date(2026, 4, 30))
    with pytest.raises(careers.AcademyError, match=message):
        careers.add_pause(record, start, end)


def test_a_person_has_one_open_record_at_a_time(db):
    record = create_early_career_record()
    with pytest.raises(careers.AcademyError, match="already has an early-career record"):
        careers.start_early_career(record.staff_member, date(2026, 1, 1))


def test_the_early_career_status_is_provided_to_other_modules(app, db):
    status = registry(app).provided(EARLY_CAREER_STATUS)
    record = create_early_career_record(start_date=date(2025, 9, 1))
    staff_id = record.staff_member.id
    assert status(staff_id, date(2025, 8, 31)) is False
    assert status(staff_id, date(2025, 9, 1)) is True
    careers.record_outcome(record, None, None, EarlyCareerOutcome.PASSED, date(2026, 9, 15))
    assert status(staff_id, date(2026, 9, 14)) is True
    assert status(staff_id, date(2026, 9, 15)) is False
    assert status(create_person().id, date(2026, 1, 1)) is None


def test_the_early_career_periods_answer_as_the_status_does_for_everyone_at_once(app, db):
    status = registry(app).provided(EARLY_CAREER_STATUS)
    periods = registry(app).provided(EARLY_CAREER_PERIODS)
    passed = create_early_career_record(start_date=date(2025, 9, 1))
    careers.record_outcome(passed, None, None, EarlyCareerOutcome.PASSED, date(2026, 9, 15))
    withdrawn = create_early_career_record(start_date=date(2025, 9, 1))
    careers.record_outcome(withdrawn, None, None, EarlyCareerOutcome.WITHDRAWN, date(2025, 12, 1))
    current = create_early_career_record(start_date=date(2026, 9, 1))
    known = periods()
    assert known[passed.staff_member.id] == [(date(2025, 9, 1), date(2026, 9, 15))]
    assert known[withdrawn.staff_member.id] == []
    assert known[current.staff_member.id] == [(date(2026, 9, 1), None)]
    for record in (passed, withdrawn, current):
        for on in (date(2025, 8, 31), date(2025, 9, 1), date(2025, 12, 2), date(2026, 9, 15), date(2026, 10, 1)):
            in_period = any(start <= on and (end is None or on < end) for start, end in known[record.staff_member.id])
            assert in_period is status(record.staff_member.id, on), (record.id, on)


def test_an_outcome_needs_its_date(db):
    record = create_early_career_record()
    with pytest.raises(careers.AcademyError, match="Enter the outcome and the date"):
        careers.record_outcome(record, None, None, EarlyCareerOutcome.PASSED, None)


def test_the_academy_lead_starts_a_record_and_records_a_review(client_request, db, frozen_clock):
    frozen_clock.set(datetime(2026, 1, 10, 12, 0))
    person = create_person()
    client_request.login(create_user(Role.ACADEMY_LEAD))
    client_request.post(
        "academy.create_early_career_record",
        {
            "staff_id": person.id,
            "start_date": "2025-09-01",
            "assessor_id": 0,
            "supervisor_id": 0,
            "protected_time_percent": "10",
        },
        _follow_redirects=True,
        _expected_status=200,
    )
    record = careers.dao.early_career_records_of(person.id)[0]
    client_request.post(
        "academy.record_review",
        {"month": 3, "held_on": "2025-12-03", "outcome": "on-track", "notes": "Confident in child protection visits"},
        record_id=record.id,
        _follow_redirects=True,
        _expected_status=200,
    )
    page = client_request.get("academy.show_early_career_record", record_id=record.id)
    cells = [cell.get_text(strip=True) for cell in page.select("table tbody tr")[0].select("td, th")]
    assert cells[:-1] == [
        "3 months",
        "1 December 2025",
        "3 December 2025",
        "On track",
        "Late",
        "Confident in child protection visits",
    ]
    cohort = client_request.get("academy.early_career_cohorts")
    assert person.name in cohort.get_text()


def test_an_early_career_form_without_a_start_date_says_so(client_request, db):
    person = create_person()
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.post(
        "academy.create_early_career_record",
        {"staff_id": person.id, "start_date": "", "assessor_id": 0, "supervisor_id": 0, "protected_time_percent": "10"},
        _expected_status=200,
    )
    assert error_summary(page) == ["Enter the start date"]


def test_a_team_manager_sees_only_their_teams_early_career_records(client_request, db):
    team = create_team()
    mine = create_early_career_record(create_person(team))
    theirs = create_early_career_record(create_person(create_team()))
    client_request.login(create_team_manager(team))
    page = client_request.get("academy.early_career_cohorts")
    assert mine.staff_member.name in page.get_text()
    assert theirs.staff_member.name not in page.get_text()
    client_request.get("academy.show_early_career_record", record_id=theirs.id, _expected_status=404)
    client_request.get("academy.record_review", record_id=mine.id, _expected_status=403)


def test_a_social_worker_cannot_see_the_cohort_view(client_request, db):
    client_request.login(create_user(Role.SOCIAL_WORKER))
    client_request.get("academy.early_career_cohorts", _expected_status=403)
    assert db.session is not None
