"""The academy's date rules: expiry states on the boundaries, review dates with pauses, the CPD year."""

from datetime import date

import pytest

from academy import rules
from academy.constants import EarlyCareerProgramme, MatrixState

EXPIRES = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("on", "state"),
    [
        (date(2026, 3, 31), MatrixState.CURRENT),  # 91 days before expiry
        (date(2026, 4, 1), MatrixState.EXPIRING_90),  # 90 days before
        (date(2026, 5, 30), MatrixState.EXPIRING_90),  # 31 days before
        (date(2026, 5, 31), MatrixState.EXPIRING_30),  # 30 days before
        (date(2026, 6, 29), MatrixState.EXPIRING_30),  # the day before
        (date(2026, 6, 30), MatrixState.EXPIRED),  # the day of expiry
        (date(2026, 7, 1), MatrixState.EXPIRED),
    ],
)
def test_expiry_state_on_the_boundary_dates(on, state):
    assert (EXPIRES - on).days in (91, 90, 31, 30, 1, 0, -1)
    assert rules.matrix_state(EXPIRES, True, on) is state


def test_training_never_done_is_not_done_and_training_that_never_expires_stays_current():
    assert rules.matrix_state(None, False, date(2026, 1, 1)) is MatrixState.NOT_DONE
    assert rules.matrix_state(None, True, date(2040, 1, 1)) is MatrixState.CURRENT


@pytest.mark.parametrize(
    ("completed", "months", "expires"),
    [
        (date(2023, 6, 30), 36, date(2026, 6, 30)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 1, 1), None, None),
    ],
)
def test_expiry_date_adds_the_validity_in_months(completed, months, expires):
    assert rules.expiry_date(completed, months) == expires


def test_review_dates_without_a_pause_fall_at_3_6_9_and_12_months():
    due = rules.review_due_dates(date(2025, 9, 1), [3, 6, 9, 12])
    assert due == {3: date(2025, 12, 1), 6: date(2026, 3, 1), 9: date(2026, 6, 1), 12: date(2026, 9, 1)}


def test_a_pause_moves_only_the_reviews_due_after_it_began_by_its_length():
    # A 30-day pause (1 to 30 April 2026, inclusive) after the 6-month review.
    due = rules.review_due_dates(date(2025, 9, 1), [3, 6, 9, 12], [(date(2026, 4, 1), date(2026, 4, 30))])
    assert due == {3: date(2025, 12, 1), 6: date(2026, 3, 1), 9: date(2026, 7, 1), 12: date(2026, 10, 1)}


def test_a_pause_that_pushes_a_review_past_a_second_pause_is_moved_by_both():
    pauses = [(date(2026, 5, 1), date(2026, 5, 31)), (date(2026, 6, 15), date(2026, 6, 24))]
    due = rules.review_due_dates(date(2025, 9, 1), [9], pauses)
    # 1 June + 31 days = 2 July, which is after the second pause began: + 10 days.
    assert due == {9: date(2026, 7, 12)}


def test_the_two_year_limit_moves_with_pauses(db):
    assert rules.completion_deadline(date(2025, 9, 1)) == date(2027, 9, 1)
    assert rules.completion_deadline(date(2025, 9, 1), [(date(2026, 1, 1), date(2026, 1, 10))]) == date(2027, 9, 11)


def test_the_early_career_development_programme_applies_from_september_2027(db):
    assert rules.programme_for_start(date(2027, 8, 31)) is EarlyCareerProgramme.ASYE
    assert rules.programme_for_start(date(2027, 9, 1)) is EarlyCareerProgramme.ECDP


def test_the_programme_start_date_is_a_setting(db):
    from workforce.kernel import settings

    settings.put("academy_ecdp_from", "2026-01-01")
    assert rules.programme_for_start(date(2026, 1, 1)) is EarlyCareerProgramme.ECDP


@pytest.mark.parametrize(
    ("on", "year_end"),
    [
        (date(2026, 11, 30), date(2026, 11, 30)),
        (date(2026, 12, 1), date(2027, 11, 30)),
        (date(2026, 1, 15), date(2026, 11, 30)),
    ],
)
def test_the_registration_year_runs_from_1_december_to_30_november(on, year_end):
    assert rules.registration_year_end(on) == year_end


def test_cpd_readiness_across_the_30_november_boundary():
    year_end = date(2026, 11, 30)
    inside = [(date(2025, 12, 1), False), (date(2026, 11, 30), True)]
    assert rules.renewal_ready(inside, year_end)
    # The same records a day later on each side fall into the next and previous years.
    outside = [(date(2025, 11, 30), False), (date(2026, 12, 1), True)]
    assert not rules.renewal_ready(outside, year_end)
    assert not rules.renewal_ready(outside, date(2025, 11, 30))
    assert not rules.renewal_ready(outside, date(2027, 11, 30))


def test_two_records_without_peer_reflection_are_not_enough():
    assert not rules.renewal_ready([(date(2026, 2, 1), False), (date(2026, 3, 1), False)], date(2026, 11, 30))


@pytest.mark.parametrize(
    ("on", "open_"),
    [(date(2026, 8, 31), False), (date(2026, 9, 1), True), (date(2026, 11, 30), True), (date(2026, 12, 1), False)],
)
def test_the_renewal_window_is_1_september_to_30_november(on, open_):
    assert rules.in_renewal_window(on) is open_
