"""Correcting and withdrawing an ASYE review already held: every problem at once, the audit trail, scope,
and a withdrawn review counted as not held."""

from datetime import date, datetime

import pytest

from academy import careers
from academy.constants import ReviewOutcome
from tests.academy.builders import create_early_career_record, create_person
from tests.builders import create_team, create_team_manager, create_user
from tests.conftest import error_summary
from workforce.extensions import db
from workforce.kernel.audit_trail import Action
from workforce.kernel.contract import registry
from workforce.kernel.models import AuditEvent, Team
from workforce.kernel.roles import Role

REASON = "Recorded against the wrong review point"


@pytest.fixture
def review(db, frozen_clock):
    frozen_clock.set(datetime(2026, 1, 10, 12, 0))
    record = create_early_career_record(create_person(create_team("Own team")), start_date=date(2025, 9, 1))
    review = careers.record_review(record, 3, date(2025, 12, 1), ReviewOutcome.ON_TRACK, "Good start")
    db.session.commit()
    return review


def _events(review, note):
    return db.session.query(AuditEvent).filter_by(record_type="EarlyCareerReview", record_id=str(review.id), note=note)


def test_the_academy_lead_corrects_a_review_and_the_audit_trail_keeps_what_it_said(client_request, review):
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.get("academy.show_early_career_record", record_id=review.record_id)
    assert page.find("a", href=f"/academy/early-career/reviews/{review.id}/edit")
    page = client_request.get("academy.correct_review", review_id=review.id)
    assert [int(box["value"]) for box in page.find_all("input", attrs={"name": "held_on"})] == [1, 12, 2025]

    client_request.post(
        "academy.correct_review",
        {"held_on": "2025-12-03", "outcome": "some-concerns", "notes": "Needs support with assessments"},
        review_id=review.id,
    )
    db.session.refresh(review)
    assert (review.held_on, review.outcome, review.notes) == (
        date(2025, 12, 3),
        ReviewOutcome.SOME_CONCERNS,
        "Needs support with assessments",
    )
    (event,) = _events(review, "Corrected")
    assert event.changes["outcome"] == {"before": "on-track", "after": "some-concerns"}
    assert event.changes["notes"]["before"] == "Good start"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("held_on", "", "Enter the date the review was held"),
        ("held_on", "2025-13-01", "Date held must be a real date"),
        ("held_on", "2026-01-11", "The date the review was held must be today or in the past"),
        ("held_on", "2025-08-31", "The review date must be on or after the programme's start"),
        ("outcome", "", "Select the outcome of the review"),
        ("notes", "x" * 4001, "Enter 4000 characters or fewer"),
    ],
)
def test_a_correction_that_makes_no_sense_is_refused(client_request, review, field, value, message):
    client_request.login(create_user(Role.ACADEMY_LEAD))
    form = {"held_on": "2025-12-03", "outcome": "on-track", "notes": "", field: value}
    page = client_request.post("academy.correct_review", form, review_id=review.id, _expected_status=200)
    assert error_summary(page) == [message]
    db.session.refresh(review)
    assert review.held_on == date(2025, 12, 1)


def test_every_problem_with_a_correction_is_reported_at_once(client_request, review):
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.post(
        "academy.correct_review", {"held_on": "2026-02-01", "outcome": ""}, review_id=review.id, _expected_status=200
    )
    assert error_summary(page) == [
        "The date the review was held must be today or in the past",
        "Select the outcome of the review",
    ]


def test_a_review_held_in_the_future_cannot_be_recorded_either(client_request, review):
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.post(
        "academy.record_review",
        {"month": 6, "held_on": "2026-03-01", "outcome": "on-track"},
        record_id=review.record_id,
        _expected_status=200,
    )
    assert error_summary(page) == ["The date the review was held must be today or in the past"]


def test_the_academy_lead_withdraws_a_review_after_a_confirmation(client_request, review):
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.post("academy.withdraw_review", {"reason": ""}, review_id=review.id, _expected_status=200)
    assert error_summary(page) == ["Enter why this is being withdrawn"]
    page = client_request.post("academy.withdraw_review", {"reason": REASON}, review_id=review.id, _expected_status=200)
    assert "Withdraw the 3-month review?" in page.h1.get_text()
    db.session.refresh(review)
    assert review.held_on is not None

    client_request.post("academy.withdraw_review", {"reason": REASON, "confirmed": "yes"}, review_id=review.id)
    db.session.refresh(review)
    assert (review.held_on, review.outcome, review.notes) == (None, None, None)
    (event,) = _events(review, "Withdrawn")
    assert event.action == Action.ARCHIVED
    assert event.changes["held_on"]["before"] == "2025-12-01"
    assert event.changes["withdrawn_reason"]["after"] == REASON
    client_request.get("academy.withdraw_review", review_id=review.id, _expected_status=404)
    client_request.get("academy.correct_review", review_id=review.id, _expected_status=404)


def test_a_withdrawn_review_counts_as_not_held(app, review):
    def on_time():
        return registry(app).measures.compute("academy_asye_reviews_on_time", date(2025, 10, 1), date(2025, 12, 31))

    assert on_time().numerator == 1
    careers.withdraw_review(review, REASON)
    assert on_time().numerator == 0


@pytest.mark.parametrize("endpoint", ["academy.correct_review", "academy.withdraw_review"])
def test_a_team_manager_cannot_correct_or_withdraw_a_review_even_in_their_team(client_request, review, endpoint):
    team = review.record.staff_member.assignments[0].team
    client_request.login(create_team_manager(team))
    client_request.post(endpoint, {"reason": REASON, "confirmed": "yes"}, review_id=review.id, _expected_status=403)
    db.session.refresh(review)
    assert review.held_on == date(2025, 12, 1)


def test_the_correction_form_opens_with_the_reviews_outcome_and_notes(client_request, review):
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.get("academy.correct_review", review_id=review.id)
    assert page.select_one("#notes").get_text() == "Good start"
    assert page.select_one("input[name=outcome][checked]")["value"] == "on-track"


def test_notes_are_shown_on_the_record_line_by_line_and_escaped(client_request, review):
    careers.correct_review(review, review.held_on, review.outcome, "Strong visits\n<b>Needs</b> court skills")
    db.session.commit()
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.get("academy.show_early_career_record", record_id=review.record_id)
    notes = page.select("table tbody tr")[0].select("td")[-2]
    assert [line.strip() for line in notes.stripped_strings] == ["Strong visits", "<b>Needs</b> court skills"]
    assert notes.find("b") is None


def test_a_team_manager_reads_the_notes_of_their_teams_reviews_without_change_links(client_request, review):
    manager = create_team_manager(db.session.execute(db.select(Team).filter_by(name="Own team")).scalar_one())
    client_request.login(manager)
    page = client_request.get("academy.show_early_career_record", record_id=review.record_id)
    assert "Good start" in page.select("table tbody tr")[0].get_text()
    assert page.find("a", href=f"/academy/early-career/reviews/{review.id}/edit") is None


def test_the_record_says_why_a_review_was_withdrawn_until_it_is_recorded_again(client_request, review):
    careers.withdraw_review(review, REASON)
    db.session.commit()
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.get("academy.show_early_career_record", record_id=review.record_id)
    held = page.select("table tbody tr")[0].select("td")[2].get_text(" ", strip=True)
    assert f"A review recorded here was withdrawn on 10 January 2026: {REASON}" in held
    careers.record_review(review.record, 3, date(2025, 12, 2), ReviewOutcome.ON_TRACK, "  Recorded again  ")
    db.session.commit()
    assert (review.withdrawn_at, review.withdrawn_reason, review.notes) == (None, None, "Recorded again")
    page = client_request.get("academy.show_early_career_record", record_id=review.record_id)
    assert "withdrawn" not in page.select("table tbody tr")[0].get_text()
