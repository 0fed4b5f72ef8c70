"""The caseload section of a team manager's home page: their teams' alerts from the latest snapshot."""

from __future__ import annotations

from collections import Counter

from workforce.caseloads import dao
from workforce.caseloads.alerts import alerts_for
from workforce.kernel import clock


def team_caseload_alerts(user) -> dict | None:
    team_ids = [team.id for team in user.managed_teams]
    snapshot = dao.get_latest_snapshot(clock.today())
    if not team_ids or snapshot is None:
        return None
    alerts = alerts_for(snapshot, team_ids)
    return {"snapshot": snapshot, "count": len(alerts), "by_kind": Counter(alert.kind for alert in alerts)}
