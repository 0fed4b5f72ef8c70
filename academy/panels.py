"""The academy's section of a person's home page: notices in their account and their next places."""

from __future__ import annotations

from academy import dao
from academy.constants import EnrolmentStatus
from workforce.kernel import clock
from workforce.kernel.permissions import scope_of


def your_training(user) -> dict | None:
    staff = dao.get_staff_for_user(user.id)
    if staff is None:
        return None
    now = clock.now().replace(tzinfo=None)
    upcoming = [
        enrolment
        for enrolment in dao.list_open_enrolments_for_staff(staff.id)
        if enrolment.status.open and clock.as_utc(enrolment.session.starts_at).replace(tzinfo=None) >= now
    ]
    return {
        "notices": dao.list_notices(staff.id, limit=5),
        "upcoming": sorted(upcoming, key=lambda enrolment: enrolment.session.starts_at)[:5],
        "waitlisted": EnrolmentStatus.WAITLISTED,
    }


def places_to_approve(user) -> dict | None:
    """Places booked by people in the manager's teams that wait for their approval."""
    staff_ids = dao.staff_ids_in_scope_query(scope_of(user), clock.today())
    waiting = [
        enrolment
        for enrolment in dao.list_enrolments_awaiting_approval(staff_ids)
        if enrolment.staff_member.user_id != user.id
    ]
    return {"waiting": waiting} if waiting else None
