"""The people module's home-page panel for HR and team managers: the workforce today, in their scope."""

from __future__ import annotations

from workforce.kernel import clock, freshness
from workforce.kernel.contract import registry
from workforce.kernel.drill_down import records_url
from workforce.kernel.measures import MeasureScope
from workforce.kernel.roles import ALL_TEAM_ROLES
from workforce.people import dao, measures
from workforce.people.constants import RegistrationStatus


def registration_lapsed(person, today) -> bool:
    """Checked, but not registered in good standing today (lapsed, suspended, removed or out of date)."""
    if person.registration_status in (None, RegistrationStatus.NOT_REQUIRED):
        return False
    if person.registration_status is not RegistrationStatus.REGISTERED:
        return True
    return person.registered_until is not None and person.registered_until < today


def workforce_today(user) -> dict | None:
    """The home panel's figures for what the user may see (kept while the tables it reads are unchanged)."""
    today = clock.today()
    return freshness.kept(
        ("people.workforce-today", user.id, user.role, today), lambda: _compute_workforce_today(user, today)
    )


def _compute_workforce_today(user, today) -> dict | None:
    if user.role in ALL_TEAM_ROLES:
        scopes = [("Whole council", MeasureScope.council())]
    else:
        scopes = [(team.name, MeasureScope.team(team.id)) for team in dao.list_teams_for_user(user)]
        if not scopes:
            return None
    rows = []
    for label, scope in scopes:
        rows.append(
            {
                "label": label,
                "headcount": measures.headcount_in_post(today, scope),
                "fte": measures.fte_in_post(today, scope),
                "agency": measures.agency_fte_on(today, scope),
                "vacancy": measures.vacancy_fte_on(today, scope),
                # The records behind each figure, for a user allowed to see them.
                "records": {
                    column: records_url(
                        registry().measures.get(measure_id), scope.level, scope.id, today, user, on=today
                    )
                    for column, measure_id in (
                        ("headcount", "inpost_headcount"),
                        ("fte", "inpost_fte"),
                        ("agency", "agency_fte"),
                        ("vacancy", "vacancy_fte"),
                    )
                },
            }
        )
    renewals = dao.list_registration_renewals(user, today)
    lapsed = sum(1 for person in renewals if registration_lapsed(person, today))
    unchecked = sum(1 for person in renewals if person.registration_checked_on is None)
    absent = len(dao.list_absent_on(today, user))
    return {"rows": rows, "lapsed": lapsed, "unchecked": unchecked, "absent": absent, "today": today}
