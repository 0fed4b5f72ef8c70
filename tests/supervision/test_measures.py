"""Supervision measures on hand-built data, by council, service area and team."""

from datetime import UTC, date, datetime

import pytest

from supervision.constants import Frequency
from tests.builders import create_service_area, create_team
from tests.supervision.builders import create_absence, create_policy, create_supervision, create_worker, hold_sessions
from workforce.kernel.contract import registry
from workforce.kernel.measures import MeasureScope


def compute(measure_id, start, end, scope=None):
    return registry().measures.compute(measure_id, start, end, scope)


@pytest.fixture(autouse=True)
def today(frozen_clock):
    frozen_clock.set(datetime(2026, 12, 15, 12, 0, tzinfo=UTC))


def test_the_measures_are_registered_for_the_supervision_module(app):
    ids = {measure.id for measure in registry(app).measures if measure.module == "supervision"}
    assert ids == {
        "supervision-worker-months-supervised",
        "supervision-newly-qualified-compliance",
        "supervision-signed-within-5-working-days",
        "supervision-overdue-count",
        "supervision-quality-good-or-better",
    }


def test_worker_months_with_nobody_in_post_are_not_applicable(db):
    value = compute("supervision-worker-months-supervised", date(2026, 1, 1), date(2026, 3, 31))
    assert value.not_applicable and value.denominator == 0


def test_worker_months_supervised_counts_each_month_a_worker_was_in_post_and_not_paused(db):
    area = create_service_area()
    team, other_team = create_team(service_area=area), create_team()
    # Seen monthly: January to March met (3 of 3).
    steady = create_worker(team=team)
    hold_sessions(steady, date(2025, 12, 20), date(2026, 1, 15), date(2026, 2, 12), date(2026, 3, 12))
    # Missed February: due 10 February, next on 2 March: February and March not met (1 of 3).
    gappy = create_worker(team=team)
    hold_sessions(gappy, date(2025, 12, 20), date(2026, 1, 10), date(2026, 3, 2))
    # Long absence February to March: paused, only January counts, and it was met (1 of 1).
    absent = create_worker(team=other_team)
    hold_sessions(absent, date(2025, 12, 20), date(2026, 1, 12))
    create_absence(absent, date(2026, 2, 1), date(2026, 3, 31))
    # Starter on 16 March, not yet due: March counts and is met (1 of 1).
    starter = create_worker(team=other_team, start=date(2026, 3, 16))
    # A leaver on 5 February after a session on 20 January: January and February met (2 of 2).
    leaver = create_worker(team=other_team, end=date(2026, 2, 5))
    hold_sessions(leaver, date(2025, 12, 22), date(2026, 1, 20))
    assert starter and leaver
    value = compute("supervision-worker-months-supervised", date(2026, 1, 1), date(2026, 3, 31))
    assert (value.numerator, value.denominator) == (3 + 1 + 1 + 1 + 2, 3 + 3 + 1 + 1 + 2)
    team_value = compute(
        "supervision-worker-months-supervised", date(2026, 1, 1), date(2026, 3, 31), MeasureScope.team(team.id)
    )
    assert (team_value.numerator, team_value.denominator) == (4, 6)
    area_value = compute(
        "supervision-worker-months-supervised", date(2026, 1, 1), date(2026, 3, 31), MeasureScope.service_area(area.id)
    )
    assert (area_value.numerator, area_value.denominator) == (4, 6)


def test_a_four_weekly_policy_is_stricter_than_monthly(db):
    worker = create_worker()
    hold_sessions(worker, date(2025, 12, 31), date(2026, 1, 30), date(2026, 2, 28))
    monthly = compute("supervision-worker-months-supervised", date(2026, 1, 1), date(2026, 2, 28))
    assert (monthly.numerator, monthly.denominator) == (2, 2)
    create_policy(date(2020, 1, 1), standard_frequency=Frequency.FOUR_WEEKLY)
    four_weekly = compute("supervision-worker-months-supervised", date(2026, 1, 1), date(2026, 2, 28))
    # 31 December + 28 days = 28 January, next on 30 January: January fails; 30 January + 28 = 27 February,
    # next on 28 February: February fails too.
    assert (four_weekly.numerator, four_weekly.denominator) == (0, 2)


def test_newly_qualified_compliance_counts_only_months_while_newly_qualified(db):
    experienced = create_worker()
    hold_sessions(experienced, date(2026, 1, 5))
    newly_qualified = create_worker(start=date(2026, 1, 5), qualification_date=date(2025, 12, 1))
    # Weekly to 16 February, then one fortnightly session, then nothing: January met, February met,
    # March not (due 16 March).
    hold_sessions(newly_qualified, *[date(2026, 1, 12 + 7 * week) for week in range(3)])
    hold_sessions(newly_qualified, date(2026, 2, 2), date(2026, 2, 9), date(2026, 2, 16), date(2026, 3, 2))
    value = compute("supervision-newly-qualified-compliance", date(2026, 1, 1), date(2026, 3, 31))
    assert (value.numerator, value.denominator) == (2, 3)


def test_the_overdue_count_leaves_out_paused_workers_and_leavers(db):
    team = create_team()
    overdue = create_worker(team=team)
    hold_sessions(overdue, date(2026, 10, 1))
    on_time = create_worker(team=team)
    hold_sessions(on_time, date(2026, 12, 1))
    paused = create_worker(team=team)
    hold_sessions(paused, date(2026, 9, 1))
    create_absence(paused, date(2026, 10, 1), None)
    leaver = create_worker(team=team, end=date(2026, 11, 30))
    assert overdue and leaver
    assert compute("supervision-overdue-count", date(2026, 12, 1), date(2026, 12, 31)).value == 1
    assert (
        compute("supervision-overdue-count", date(2026, 12, 1), date(2026, 12, 31), MeasureScope.team(team.id)).value
        == 1
    )
    assert (
        compute(
            "supervision-overdue-count", date(2026, 12, 1), date(2026, 12, 31), MeasureScope.team(create_team().id)
        ).value
        == 0
    )


def _signed(supervision, supervisor_at, supervisee_at):
    supervision.supervisor_signed_at = supervisor_at
    supervision.supervisee_signed_at = supervisee_at
    return supervision


def test_records_signed_by_both_within_five_working_days(db):
    team = create_team()
    worker = create_worker(team=team)
    # Held Thursday 27 August 2026; 5 working days skip the bank holiday on 31 August: deadline Friday 4 September.
    _signed(
        create_supervision(worker, held_on=date(2026, 8, 27)),
        datetime(2026, 8, 27, 15, 0, tzinfo=UTC),
        datetime(2026, 9, 4, 17, 0, tzinfo=UTC),
    )
    # Signed by the supervisee a day late.
    _signed(
        create_supervision(worker, held_on=date(2026, 8, 27)),
        datetime(2026, 8, 27, 15, 0, tzinfo=UTC),
        datetime(2026, 9, 5, 9, 0, tzinfo=UTC),
    )
    # Never signed by the supervisee.
    _signed(create_supervision(worker, held_on=date(2026, 8, 28)), datetime(2026, 8, 28, 15, 0, tzinfo=UTC), None)
    # Held in the last five working days: its deadline has not passed, so it is not counted yet.
    create_supervision(worker, held_on=date(2026, 12, 14))
    db.session.commit()
    value = compute("supervision-signed-within-5-working-days", date(2026, 8, 1), date(2026, 12, 31))
    assert (value.numerator, value.denominator) == (1, 3)
    other = compute(
        "supervision-signed-within-5-working-days",
        date(2026, 8, 1),
        date(2026, 12, 31),
        MeasureScope.team(create_team().id),
    )
    assert other.not_applicable


def test_sign_off_timeliness_uses_the_original_version_of_an_amended_record(db):
    worker = create_worker()
    original = _signed(
        create_supervision(worker, held_on=date(2026, 11, 2)),
        datetime(2026, 11, 2, 15, 0, tzinfo=UTC),
        datetime(2026, 11, 3, 15, 0, tzinfo=UTC),
    )
    original.superseded_at = datetime(2026, 11, 20, tzinfo=UTC)
    create_supervision(worker, held_on=date(2026, 11, 2), version=2, previous_version_id=original.id)
    db.session.commit()
    value = compute("supervision-signed-within-5-working-days", date(2026, 11, 1), date(2026, 11, 30))
    assert (value.numerator, value.denominator) == (1, 1)
