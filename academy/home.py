"""The academy's section of a person's home page: notices in their account and their next places."""

from __future__ import annotations

from academy import dao
from academy.constants import EnrolmentStatus
from workforce.kernel import clock


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
