import pytest

from tests.builders import create_service_area, create_team, create_team_manager, create_user
from tests.conftest import error_summary
from workforce.kernel.models import AuditEvent
from workforce.kernel.roles import Role


def test_a_team_manager_asking_for_another_teams_page_gets_404(client_request):
    own = create_team("Assessment Team 1")
    other = create_team("Children in Care Team")
    client_request.login(create_team_manager(own))
    client_request.get("teams.show_team", team_id=own.id)
    client_request.get("teams.show_team", team_id=other.id, _expected_status=404)


def test_a_team_manager_sees_only_the_teams_they_manage(client_request):
    own = create_team("Assessment Team 1")
    create_team("Children in Care Team")
    client_request.login(create_team_manager(own))
    page = client_request.get("teams.list_teams")
    names = [link.get_text(strip=True) for link in page.select("table a")]
    assert names == ["Assessment Team 1"]


@pytest.mark.parametrize("role", [Role.HR, Role.SENIOR_LEADER, Role.QA_OFFICER, Role.ACADEMY_LEAD])
def test_council_wide_roles_see_every_team(client_request, role):
    first, second = create_team(), create_team()
    client_request.login(create_user(role))
    page = client_request.get("teams.list_teams")
    names = [link.get_text(strip=True) for link in page.select("table a")]
    assert first.name in names and second.name in names


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.PRACTICE_SUPERVISOR, Role.COMMITTEE_VIEWER])
def test_roles_without_team_access_get_403(client_request, role):
    team = create_team()
    client_request.login(create_user(role, team=team))
    client_request.get("teams.list_teams", _expected_status=403)
    client_request.get("teams.show_team", team_id=team.id, _expected_status=403)


def test_a_missing_team_is_404(client_request):
    client_request.login(create_user(Role.HR))
    client_request.get("teams.show_team", team_id=999999, _expected_status=404)


def test_an_administrator_creates_a_team_in_a_new_service_area(client_request, db):
    manager = create_user(Role.TEAM_MANAGER, name="Helen Murray")
    client_request.login(create_user(Role.ADMINISTRATOR))
    client_request.post(
        "teams.create_team",
        {
            "name": "Fostering Team",
            "service_area": "Children in Care and Permanence",
            "managers": [manager.id],
        },
    )
    event = db.session.query(AuditEvent).filter_by(record_type="Team", action="created").one()
    assert event.changes["managers"] == {"before": None, "after": ["Helen Murray"]}
    assert event.changes["service_area"]["after"] == "Children in Care and Permanence"


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"name": "", "service_area": "Front door"}, ["Enter the team name"]),
        ({"name": "A team", "service_area": ""}, ["Enter the service area"]),
        ({"name": "Existing", "service_area": "Front door"}, ["A team called Existing already exists"]),
    ],
)
def test_bad_team_details_are_explained(client_request, data, errors):
    create_team("Existing")
    client_request.login(create_user(Role.ADMINISTRATOR))
    page = client_request.post("teams.create_team", data, _expected_status=200)
    assert error_summary(page) == errors
    assert page.select_one("#name")["value"] == data["name"]


def test_only_team_managers_can_manage_a_team(client_request):
    social_worker = create_user(Role.SOCIAL_WORKER)
    team = create_team(service_area=create_service_area("Front door"))
    client_request.login(create_user(Role.ADMINISTRATOR))
    client_request.post(
        "teams.edit_team",
        {"name": team.name, "service_area": "Front door", "managers": [social_worker.id]},
        _expected_status=200,
        team_id=team.id,
    )


def test_hr_cannot_create_teams(client_request):
    client_request.login(create_user(Role.HR))
    client_request.get("teams.create_team", _expected_status=403)


def test_a_stale_team_form_is_refused_and_keeps_what_was_typed(client_request, db):
    team = create_team("Fostering Team", service_area=create_service_area("Permanence"))
    client_request.login(create_user(Role.ADMINISTRATOR))
    opened = team.version
    client_request.post(
        "teams.edit_team", {"name": "Fostering", "service_area": "Permanence", "version": opened}, team_id=team.id
    )
    page = client_request.post(
        "teams.edit_team",
        {"name": "Fostering and Adoption", "service_area": "Permanence", "version": opened},
        _expected_status=200,
        team_id=team.id,
    )
    assert "was changed by someone else" in error_summary(page)[0]
    assert page.select_one("#name")["value"] == "Fostering and Adoption"
