"""Pages issue a bounded number of queries, whatever the number of rows (no N+1)."""

import pytest

from tests.builders import create_team, create_user
from tests.query_count import queries_for
from workforce.kernel import audit_trail, freshness
from workforce.kernel.roles import Role


def add_teams_and_people(count: int, manager=None):
    """More teams and people; a manager manages one of the teams (rows grow, their teams do not)."""
    for index in range(count):
        team = create_team(managers=[manager] if manager and not manager.managed_teams and index == 0 else [])
        for role in (Role.SOCIAL_WORKER, Role.PRACTICE_SUPERVISOR):
            person = create_user(role, team=team)
            audit_trail.record_created(person)


@pytest.mark.parametrize(
    ("role", "endpoint"),
    [
        (Role.ADMINISTRATOR, "pages.home"),
        (Role.ADMINISTRATOR, "users.list_users"),
        (Role.ADMINISTRATOR, "teams.list_teams"),
        (Role.ADMINISTRATOR, "audit_trail.browse"),
        (Role.HR, "pages.home"),
        (Role.TEAM_MANAGER, "pages.home"),
        (Role.TEAM_MANAGER, "teams.list_teams"),
    ],
)
def test_pages_issue_the_same_number_of_queries_for_few_and_many_rows(client_request, db, role, endpoint):
    viewer = create_user(role)
    manager = viewer if role is Role.TEAM_MANAGER else None
    client_request.login(viewer)
    add_teams_and_people(2, manager)
    freshness.clear()  # both requests compute their figures (adding people changes no table some of them read)
    few = queries_for(client_request, endpoint)
    add_teams_and_people(12, manager)
    freshness.clear()
    many = queries_for(client_request, endpoint)
    assert many == few, f"{endpoint} issued {few} queries for 2 teams and {many} for 14"
