"""Who may see the records behind a figure, and where they are.

A measure's `DrillDown` names the permission its records need. On top of that the user's scope must
cover every team the figure counts (a team manager sees the records of their own teams' figures only;
council and service-area records need a role that sees every team), and committee viewers never see
records at all (they see aggregates only, docs/improvement.md).
"""

from __future__ import annotations

from datetime import date

from flask import url_for

from workforce.kernel.measures import Measure, MeasureScope, ScopeLevel
from workforce.kernel.permissions import scope_of, user_can
from workforce.kernel.roles import Role


def may_see_records(measure: Measure, scope: MeasureScope, user) -> bool:
    if measure.drill_down is None or user is None or not user.is_authenticated:
        return False
    if user.role is Role.COMMITTEE_VIEWER or not user_can(measure.drill_down.permission, user):
        return False
    visible = scope_of(user)
    if visible.all_teams:
        return True
    teams = scope.team_ids()
    return bool(teams) and all(visible.covers_team(team) for team in teams)


def records_url(
    measure: Measure, level: ScopeLevel, scope_id: int | None, month: date, user, on: date | None = None
) -> str | None:
    """The page listing the records behind the figure for the month (or `on` one day), or None when the
    user may not see it."""
    scope = MeasureScope(level, None if level is ScopeLevel.COUNCIL else scope_id)
    if not may_see_records(measure, scope, user):
        return None
    arguments = {"measure_key": measure.id, "level": level.value}
    arguments |= {"on": on.isoformat()} if on else {"period": f"{month:%Y-%m}"}
    if scope.id is not None:
        arguments["scope_id"] = scope.id
    return url_for("records.show_records", **arguments)
