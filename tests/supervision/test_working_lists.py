"""The schedule list is a working list: read from the records, right the moment a session is saved."""

from datetime import UTC, date, datetime

from supervision.constants import ScheduleStatus, SupervisionType
from supervision.schedule import schedules
from tests.supervision.builders import (
    create_absence,
    create_policy,
    create_supervision_team,
    create_worker,
    hold_sessions,
)


def _state(items, on):
    return {
        item.worker.staff_id: (item.status_on(on), item.due_on(on), item.last_held_on(on))
        for item in items
        if item.status_on(on) is not None
    }


def test_the_status_only_schedule_agrees_with_the_whole_history(db, frozen_clock):
    on = date(2026, 11, 24)
    frozen_clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))
    create_policy(date(2000, 1, 1), minimum_minutes=60)
    create_policy(date(2025, 4, 1), minimum_minutes=90)
    team, _, manager, _, worker = create_supervision_team()
    hold_sessions(worker, date(2025, 1, 10), date(2025, 3, 20))
    # 75 minutes counted under the first policy only; a group session never replaces individual supervision.
    hold_sessions(worker, date(2025, 5, 2), duration_minutes=75)
    hold_sessions(worker, date(2026, 10, 1), supervision_type=SupervisionType.GROUP_REFLECTIVE)
    hold_sessions(manager, date(2024, 2, 1), date(2026, 11, 20))
    create_absence(manager, date(2026, 11, 3), date(2026, 11, 7))  # short: never pauses the schedule
    create_absence(worker, date(2025, 6, 1), date(2025, 7, 31))  # long, and ended: the schedule restarts
    hold_sessions(manager, date(2026, 12, 1))  # after the day asked about
    absent = create_worker(team=team, start=date(2021, 3, 1))
    hold_sessions(absent, date(2026, 8, 1))
    create_absence(absent, date(2026, 9, 1), None)
    newly_qualified = create_worker(team=team, start=date(2026, 10, 1), qualification_date=date(2026, 7, 1))
    hold_sessions(newly_qualified, date(2026, 11, 14))

    full = _state(schedules(on, on), on)
    quick = _state(schedules(on, on, status_only=True), on)

    assert quick == full
    assert full[worker.id] == (ScheduleStatus.OVERDUE, date(2025, 9, 1), date(2025, 3, 20))  # restarted 1 August
    assert full[manager.id][2] == date(2026, 11, 20)
    assert full[absent.id][0] is ScheduleStatus.PAUSED


def test_the_overdue_list_is_right_straight_after_a_session_is_saved(client_request, db, frozen_clock):
    frozen_clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))
    _, manager_user, manager, _, worker = create_supervision_team()
    hold_sessions(worker, date(2026, 9, 1))
    hold_sessions(manager, date(2026, 11, 2))
    client_request.login(manager_user)

    def overdue():
        page = client_request.get("supervision.show_schedule", _query={"show": "overdue"})
        return [row.select("td")[0].get_text(strip=True) for row in page.select("main table tbody tr")]

    assert overdue() == [worker.name]
    hold_sessions(worker, date(2026, 11, 23))
    assert overdue() == []


def test_the_whole_councils_overdue_list_is_right_straight_after_a_save_and_kept_through_a_sign_in(
    client_request, db, frozen_clock, monkeypatch
):
    from tests.builders import create_user
    from workforce.kernel import clock, freshness
    from workforce.kernel.roles import Role

    frozen_clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))
    freshness.clear()
    _, _, manager, _, worker = create_supervision_team()
    hold_sessions(worker, date(2026, 9, 1))
    hold_sessions(manager, date(2026, 11, 2))
    leader = create_user(Role.SENIOR_LEADER)
    client_request.login(leader)

    def overdue():
        page = client_request.get("supervision.show_schedule", _query={"show": "overdue"})
        return [row.select("td")[0].get_text(strip=True) for row in page.select("main table tbody tr")]

    assert overdue() == [worker.name]
    calls = []
    original = freshness.tables_read
    monkeypatch.setattr(freshness, "tables_read", lambda compute: calls.append(1) or original(compute))
    leader.last_signed_in_at = clock.now()
    db.session.commit()
    assert overdue() == [worker.name]
    assert calls == []  # a sign-in changed nothing the list reads: kept
    hold_sessions(worker, date(2026, 11, 23))
    assert overdue() == []
    assert calls  # the save renders the list afresh (the page, and the figures on it)
