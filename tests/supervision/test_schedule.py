"""The schedule engine: next due dates, overdue days and worker-month compliance (docs/supervision.md)."""

from datetime import date, timedelta

import pytest

from supervision.constants import Frequency, ScheduleStatus, SupervisionType
from supervision.policy import fallback_newly_qualified, next_due, policy_on, stricter
from supervision.schedule import schedules
from tests.builders import create_team
from tests.supervision.builders import create_absence, create_agreement, create_policy, create_worker, hold_sessions
from workforce.kernel.dates import month_end
from workforce.kernel.providers import EARLY_CAREER_PERIODS, EARLY_CAREER_STATUS


def schedule_of(worker, end, start=date(2000, 1, 1)):
    (found,) = [item for item in schedules(start, end) if item.worker.staff_id == worker.id]
    return found


def months(schedule, year, *month_numbers):
    results = []
    for month in month_numbers:
        first = date(year, month, 1)
        results.append(schedule.month_result(first, month_end(first)))
    return results


@pytest.mark.parametrize(
    ("frequency", "expected"),
    [
        (Frequency.WEEKLY, date(2026, 1, 12)),
        (Frequency.FORTNIGHTLY, date(2026, 1, 19)),
        (Frequency.FOUR_WEEKLY, date(2026, 2, 2)),
        (Frequency.MONTHLY, date(2026, 2, 5)),
    ],
)
def test_the_next_session_is_due_one_interval_after_the_last(frequency, expected):
    assert next_due(date(2026, 1, 5), frequency) == expected


@pytest.mark.parametrize(
    ("policy", "agreed", "expected"),
    [
        (Frequency.MONTHLY, Frequency.FORTNIGHTLY, Frequency.FORTNIGHTLY),
        (Frequency.MONTHLY, Frequency.FOUR_WEEKLY, Frequency.FOUR_WEEKLY),
        (Frequency.WEEKLY, Frequency.MONTHLY, Frequency.WEEKLY),
        (Frequency.FORTNIGHTLY, Frequency.FORTNIGHTLY, Frequency.FORTNIGHTLY),
        (Frequency.MONTHLY, None, Frequency.MONTHLY),
    ],
)
def test_an_agreement_can_ask_for_more_supervision_than_the_policy_never_less(policy, agreed, expected):
    assert stricter(policy, agreed) is expected


def test_the_schedule_follows_an_agreed_frequency_stricter_than_the_policy(db):
    worker = create_worker(start=date(2026, 1, 5))
    create_agreement(worker, Frequency.FORTNIGHTLY, starts_on=date(2026, 3, 1))
    hold_sessions(worker, date(2026, 2, 2), date(2026, 3, 2))
    schedule = schedule_of(worker, date(2026, 3, 31))
    # Monthly under the policy before the agreement, fortnightly under it.
    assert schedule.due_on(date(2026, 2, 10)) == date(2026, 3, 2)
    assert schedule.due_on(date(2026, 3, 10)) == date(2026, 3, 16)
    assert schedule.status_on(date(2026, 3, 20)) is ScheduleStatus.OVERDUE


def test_an_agreement_less_often_than_the_policy_or_ended_does_not_relax_or_bind_the_schedule(db):
    worker = create_worker(start=date(2026, 1, 5), qualification_date=date(2025, 12, 1))
    create_agreement(worker, Frequency.MONTHLY, starts_on=date(2026, 1, 5))
    ended = create_worker(start=date(2026, 1, 5))
    create_agreement(ended, Frequency.WEEKLY, starts_on=date(2025, 6, 1), ended_on=date(2026, 1, 31))
    hold_sessions(worker, date(2026, 2, 2))
    hold_sessions(ended, date(2026, 2, 2))
    # Newly qualified: weekly for the first six weeks under the policy, whatever the agreement says.
    assert schedule_of(worker, date(2026, 2, 28)).due_on(date(2026, 2, 3)) == date(2026, 2, 9)
    assert schedule_of(ended, date(2026, 2, 28)).due_on(date(2026, 2, 3)) == date(2026, 3, 2)


def test_the_default_policy_is_lga_standard_5_until_the_council_records_one(db):
    terms = policy_on(date(2026, 1, 1))
    assert (terms.standard_frequency, terms.minimum_minutes, terms.long_absence_days) == (Frequency.MONTHLY, 90, 28)


def test_the_policy_in_force_is_the_latest_that_started_on_or_before_the_date(db):
    create_policy(date(2020, 1, 1), standard_frequency=Frequency.MONTHLY)
    create_policy(date(2025, 4, 1), standard_frequency=Frequency.FOUR_WEEKLY)
    assert policy_on(date(2025, 3, 31)).standard_frequency is Frequency.MONTHLY
    assert policy_on(date(2025, 4, 1)).standard_frequency is Frequency.FOUR_WEEKLY


def test_without_the_academy_a_worker_is_newly_qualified_for_12_months_after_qualifying():
    assert fallback_newly_qualified(date(2025, 7, 1), date(2026, 6, 30))
    assert not fallback_newly_qualified(date(2025, 7, 1), date(2026, 7, 1))
    assert not fallback_newly_qualified(None, date(2026, 1, 1))


def test_the_academys_early_career_answer_wins_over_the_qualification_date(app, db):
    from workforce.kernel.contract import registry

    worker = create_worker(start=date(2026, 1, 5), qualification_date=date(2010, 1, 1))
    providers = registry(app).providers
    saved = {name: providers.pop(name, None) for name in (EARLY_CAREER_STATUS.name, EARLY_CAREER_PERIODS.name)}
    try:
        providers[EARLY_CAREER_STATUS.name] = lambda staff_id, on: staff_id == worker.id
        by_status = schedule_of(worker, date(2026, 1, 20))
        providers[EARLY_CAREER_PERIODS.name] = lambda: {worker.id: [(date(2026, 1, 1), None)]}
        by_periods = schedule_of(worker, date(2026, 1, 20))
    finally:
        for name, provider in saved.items():
            providers.pop(name, None)
            if provider is not None:
                providers[name] = provider
    # Newly qualified by the academy's record, so weekly from the start despite the old qualification.
    assert by_status.due_on(date(2026, 1, 5)) == date(2026, 1, 12)
    assert by_periods.due_on(date(2026, 1, 5)) == date(2026, 1, 12)


def test_a_newly_qualified_worker_is_due_weekly_then_fortnightly_then_monthly(db):
    start = date(2026, 1, 5)
    worker = create_worker(start=start, qualification_date=date(2025, 12, 1))
    hold_sessions(worker, date(2026, 1, 12), date(2026, 3, 2), date(2026, 8, 3))
    schedule = schedule_of(worker, date(2026, 9, 30))
    # Weekly for the first 6 weeks (to 15 February).
    assert schedule.due_on(date(2026, 1, 12)) == date(2026, 1, 19)
    # Fortnightly from then until 6 months (to 4 July).
    assert schedule.due_on(date(2026, 3, 2)) == date(2026, 3, 16)
    # Monthly after six months.
    assert schedule.due_on(date(2026, 8, 3)) == date(2026, 9, 3)


def test_newly_qualified_compliance_across_the_weekly_fortnightly_and_monthly_phases(db):
    worker = create_worker(start=date(2026, 1, 5), qualification_date=date(2025, 12, 1))
    weekly = [date(2026, 1, 5) + timedelta(weeks=week) for week in range(1, 7)]  # 12 Jan .. 16 Feb
    fortnightly = [date(2026, 2, 16) + timedelta(weeks=2 * n) for n in range(1, 11)]  # 2 Mar .. 6 Jul
    # Monthly phase: July and August on time, then a gap of more than a month (9 August to 30 September).
    hold_sessions(worker, *weekly, *fortnightly, date(2026, 8, 6), date(2026, 9, 30))
    schedule = schedule_of(worker, date(2026, 9, 30))
    assert months(schedule, 2026, 1, 2, 3, 4, 5, 6, 7, 8, 9) == [True] * 8 + [False]


def test_a_newly_qualified_worker_seen_fortnightly_in_the_weekly_phase_is_overdue(db):
    worker = create_worker(start=date(2026, 1, 5), qualification_date=date(2025, 12, 1))
    hold_sessions(worker, date(2026, 1, 12), date(2026, 1, 26))
    schedule = schedule_of(worker, date(2026, 1, 31))
    assert schedule.status_on(date(2026, 1, 21)) is ScheduleStatus.OVERDUE
    assert months(schedule, 2026, 1) == [False]


def test_an_experienced_worker_seen_monthly_is_supervised_as_required(db):
    worker = create_worker(start=date(2020, 1, 6))
    hold_sessions(worker, date(2025, 12, 20), date(2026, 1, 15), date(2026, 2, 12), date(2026, 3, 12))
    schedule = schedule_of(worker, date(2026, 3, 31))
    assert months(schedule, 2026, 1, 2, 3) == [True, True, True]


def test_a_starter_part_way_through_a_month_is_not_due_until_a_month_after_starting(db):
    on_time = create_worker(start=date(2026, 3, 16))
    late = create_worker(start=date(2026, 3, 16))
    hold_sessions(on_time, date(2026, 4, 16))
    hold_sessions(late, date(2026, 4, 20))
    assert months(schedule_of(on_time, date(2026, 4, 30)), 2026, 3, 4) == [True, True]
    assert months(schedule_of(late, date(2026, 4, 30)), 2026, 3, 4) == [True, False]
    assert schedule_of(late, date(2026, 4, 30)).status_on(date(2026, 3, 31)) is ScheduleStatus.ON_TRACK


def test_a_long_absence_pauses_the_schedule_instead_of_making_it_overdue(db):
    worker = create_worker(start=date(2020, 1, 6))
    hold_sessions(worker, date(2025, 12, 15), date(2026, 1, 10))
    create_absence(worker, date(2026, 1, 20), date(2026, 3, 31))
    hold_sessions(worker, date(2026, 4, 28))
    schedule = schedule_of(worker, date(2026, 4, 30))
    assert schedule.status_on(date(2026, 2, 20)) is ScheduleStatus.PAUSED
    assert schedule.due_on(date(2026, 2, 20)) is None
    # The schedule restarts on return: due a month after 1 April.
    assert schedule.due_on(date(2026, 4, 1)) == date(2026, 5, 1)
    # February and March: not counted; January and April: supervised as required.
    assert months(schedule, 2026, 1, 2, 3, 4) == [True, None, None, True]


def test_a_short_absence_does_not_pause_the_schedule(db):
    worker = create_worker(start=date(2020, 1, 6))
    hold_sessions(worker, date(2026, 1, 10))
    create_absence(worker, date(2026, 2, 5), date(2026, 2, 20))
    schedule = schedule_of(worker, date(2026, 2, 28))
    assert schedule.status_on(date(2026, 2, 15)) is ScheduleStatus.OVERDUE
    assert months(schedule, 2026, 2) == [False]


def test_a_leaver_is_counted_only_to_their_last_day_and_then_shows_as_left(db):
    # Last session 9 February, due by 9 March; they leave on 6 March, before it fell due.
    worker = create_worker(start=date(2020, 1, 6), end=date(2026, 3, 6))
    hold_sessions(worker, date(2025, 12, 15), date(2026, 1, 12), date(2026, 2, 9))
    schedule = schedule_of(worker, date(2026, 4, 30))
    assert months(schedule, 2026, 3, 4) == [True, None]
    assert schedule.status_on(date(2026, 3, 20)) is ScheduleStatus.LEFT
    assert schedule.due_on(date(2026, 3, 20)) is None


def test_a_four_weekly_policy_makes_a_monthly_rhythm_overdue(db):
    create_policy(date(2020, 1, 1), standard_frequency=Frequency.FOUR_WEEKLY)
    worker = create_worker(start=date(2020, 1, 6))
    hold_sessions(worker, date(2025, 12, 5), date(2026, 1, 2), date(2026, 1, 30), date(2026, 3, 2))
    schedule = schedule_of(worker, date(2026, 3, 31))
    assert schedule.due_on(date(2026, 1, 30)) == date(2026, 2, 27)
    # 30 January + 28 days = 27 February; the session on 2 March was late, so February and March fail.
    assert months(schedule, 2026, 1, 2, 3) == [True, False, False]


def test_a_session_shorter_than_the_minimum_does_not_count(db):
    worker = create_worker(start=date(2020, 1, 6))
    hold_sessions(worker, date(2026, 1, 5))
    hold_sessions(worker, date(2026, 2, 3), duration_minutes=45)
    schedule = schedule_of(worker, date(2026, 2, 28))
    assert schedule.last_held_on(date(2026, 2, 28)) == date(2026, 1, 5)
    assert schedule.status_on(date(2026, 2, 10)) is ScheduleStatus.OVERDUE


def test_a_group_reflective_session_does_not_replace_individual_supervision(db):
    worker = create_worker(start=date(2020, 1, 6))
    hold_sessions(worker, date(2026, 1, 5))
    hold_sessions(worker, date(2026, 2, 3), supervision_type=SupervisionType.GROUP_REFLECTIVE)
    assert schedule_of(worker, date(2026, 2, 28)).due_on(date(2026, 2, 10)) == date(2026, 2, 5)


def test_due_within_seven_days_is_due_soon(db):
    worker = create_worker(start=date(2020, 1, 6))
    hold_sessions(worker, date(2026, 1, 5))
    schedule = schedule_of(worker, date(2026, 2, 28))
    assert schedule.status_on(date(2026, 1, 29)) is ScheduleStatus.DUE_SOON
    assert schedule.status_on(date(2026, 1, 28)) is ScheduleStatus.ON_TRACK


def test_only_workers_in_the_teams_asked_for_are_scheduled(db):
    own, other = create_team(), create_team()
    mine = create_worker(team=own)
    create_worker(team=other)
    found = schedules(date(2026, 1, 1), date(2026, 1, 31), team_ids={own.id})
    assert [item.worker.staff_id for item in found] == [mine.id]
