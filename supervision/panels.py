"""Supervision sections of the home page: records waiting for the user's signature, and who is due."""

from __future__ import annotations

from supervision import dao
from supervision.constants import ScheduleStatus
from supervision.schedule import schedule_rows
from workforce.kernel import clock


def awaiting_signature(user) -> dict | None:
    records = dao.list_awaiting_signature(dao.get_staff_for_user(user))
    return {"records": records} if records else None


def supervision_due(user) -> dict | None:
    team_ids, staff_ids = dao.schedule_filter_for(user)
    if not team_ids and not staff_ids:
        return None
    rows = schedule_rows(clock.today(), team_ids, staff_ids)
    return {
        "overdue": sum(1 for row in rows if row["status"] is ScheduleStatus.OVERDUE),
        "due_soon": sum(1 for row in rows if row["status"] is ScheduleStatus.DUE_SOON),
        "people": len(rows),
    }
