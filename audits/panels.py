"""The home-page panel: audits allocated to you, and for the head of service, late audits and open concerns."""

from __future__ import annotations

from audits import dao
from audits.constants import AuditPermission
from workforce.kernel import clock
from workforce.kernel.permissions import user_can


def audits_panel(user) -> dict | None:
    allocated = dao.list_allocated_to(user)
    escalations = user_can(AuditPermission.VIEW_ESCALATIONS, user)
    late = len(dao.list_late_audits(clock.today())) if escalations else 0
    concerns = len(dao.list_concerns(open_only=True)) if escalations else 0
    if not (allocated or late or concerns):
        return None
    return {"allocated": allocated, "late": late, "concerns": concerns, "escalations": escalations}
