"""Builders for leavers (assignments that ended with the person leaving)."""

from __future__ import annotations

from datetime import date

from tests.people.builders import create_assignment, create_staff_member
from workforce.people.constants import LeaverDestination, ReasonForLeaving


def create_leaver(
    *,
    team=None,
    start_date: date = date(2020, 1, 6),
    end_date: date = date(2026, 6, 30),
    reason: ReasonForLeaving = ReasonForLeaving.RESIGNATION,
    destination: LeaverDestination = LeaverDestination.DIFFERENT_LA_IN_ENGLAND,
    **staff_overrides,
):
    staff = create_staff_member(**staff_overrides)
    return create_assignment(
        staff,
        team=team,
        start_date=start_date,
        end_date=end_date,
        is_leaving=True,
        reason_for_leaving=reason,
        leaver_destination=destination,
    )
