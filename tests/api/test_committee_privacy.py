"""Committee viewers see no personal data through the API, whatever scopes their token carries."""

from tests.api.builders import api_client, one_of_each_record
from tests.builders import create_team, create_team_manager, create_user
from workforce.api.dao import available_scopes
from workforce.kernel.contract import registry
from workforce.kernel.roles import Role

#: Fields that point at a person or a child's case.
PERSONAL = {
    "staff_id",
    "user_id",
    "owner_id",
    "signed_off_by_id",
    "supervisee_id",
    "supervisor_id",
    "worker_id",
    "auditor_id",
    "moderator_id",
    "applicant_id",
    "employee_number",
    "first_name",
    "last_name",
    "email",
    "worker_identifier",
    "case_reference",
    "cases",
}


def test_a_committee_viewer_reads_no_personal_data_from_any_resource(app, client, db):
    team = create_team()
    create_team_manager(team)
    one_of_each_record(team)
    api = api_client(client, create_user(Role.COMMITTEE_VIEWER), [scope for scope, _ in available_scopes()])
    readable = []
    for name in sorted(registry(app).api_resources):
        response = api.get(f"/api/v1/{name}")
        assert response.status_code in (200, 403), (name, response.status_code)
        if response.status_code == 403:
            continue
        records = response.get_json()["data"]
        for record in records:
            assert not PERSONAL & set(record), (name, sorted(PERSONAL & set(record)))
        if records:
            readable.append(name)
    # The plan is theirs to read (without names); nothing else with records is.
    assert readable == ["improvement-actions", "improvement-plan-measures", "improvement-plans", "improvement-strands"]
