"""The OpenAPI description: generated from what is registered, and a schemathesis run against it.

The run is bounded (a few examples per operation, derandomised) so that it stays well under a minute in the
normal suite; it fails on any server error or any response that does not match the description.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.builders import api_client, create_api_token, one_of_each_record
from tests.builders import create_team, create_team_manager, create_user
from tests.people.builders import create_assignment
from workforce.api.dao import available_scopes
from workforce.kernel.contract import registry
from workforce.kernel.roles import Role


def test_the_description_has_every_registered_resource_and_import(app, client, db):
    api = api_client(client, create_user(Role.SOCIAL_WORKER), ["teams:read"])
    description = api.get("/api/v1/openapi.json").get_json()
    assert description["openapi"].startswith("3.0")
    for name in registry(app).api_resources:
        assert f"/api/v1/{name}" in description["paths"]
        assert f"/api/v1/{name}/{{record_id}}" in description["paths"]
    for name in registry(app).api_imports:
        assert f"/api/v1/imports/{name}" in description["paths"]
    assert {"/api/v1/measures", "/api/v1/measure-values"} <= set(description["paths"])


def test_the_description_says_which_staff_fields_are_restricted_and_never_requires_them(client, db):
    api = api_client(client, create_user(Role.HR), ["staff:read"])
    description = api.get("/api/v1/openapi.json").get_json()
    staff = description["components"]["schemas"]["Staff"]
    assert {"sex", "ethnicity", "date_of_birth"} <= set(staff["properties"])
    assert not {"sex", "ethnicity", "date_of_birth"} & set(staff["required"])
    assert "ethnicity" in description["paths"]["/api/v1/staff"]["get"]["description"]


def test_list_parameters_are_described_with_their_limits(client, db):
    api = api_client(client, create_user(Role.HR), ["staff:read"])
    parameters = {
        parameter["name"]: parameter
        for parameter in api.get("/api/v1/openapi.json").get_json()["paths"]["/api/v1/staff"]["get"]["parameters"]
    }
    assert parameters["per_page"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 500}
    assert "-last_name" in parameters["sort"]["schema"]["enum"]
    assert parameters["employment_type"]["schema"]["enum"] == [
        "permanent",
        "fixed-term",
        "agency",
        "secondment",
        "casual",
    ]


CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance, status_code_conformance]


def test_the_api_answers_as_its_description_says(app, db):
    """Schemathesis generates requests for every operation from the served description (tokens with every
    scope for four roles, over one record of each kind) and checks each response against
    that description."""
    team = create_team()
    create_team_manager(team)
    create_assignment(team=team)
    one_of_each_record(team)
    scopes = [scope for scope, _ in available_scopes()]
    headers = {}
    for role in (Role.ADMINISTRATOR, Role.SENIOR_LEADER, Role.HR, Role.ACADEMY_LEAD):
        _, secret = create_api_token(create_user(role), scopes)
        headers[role] = {"Authorization": f"Bearer {secret}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, headers=headers[Role.ADMINISTRATOR])
    operations = [result.ok() for result in schema.get_all_operations()]
    modules = registry(app)
    expected = 2 * len(modules.api_resources) + len(modules.api_imports) + 2  # measures and measure-values
    expected += sum(1 for resource in modules.api_resources.values() if resource.create is not None)
    assert len(operations) == expected

    # Each role reaches different records and imports (an administrator no supervision, audits or academy; HR
    # the staff and caseload imports; the academy lead the completions import), so every operation runs as each.
    for role_headers in headers.values():
        _check_operations(operations, role_headers)


def _check_operations(operations, headers) -> None:
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=10, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
        )
        def answers_as_described(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        answers_as_described()


def test_two_schemas_of_one_name_are_refused_rather_than_renumbered():
    from marshmallow import Schema, fields

    from workforce.api.openapi import SchemaNames

    first = type("TeamSchema", (Schema,), {"name": fields.String()})
    second = type("TeamSchema", (Schema,), {"title": fields.String()})
    names = SchemaNames()
    assert names(first) == names(first()) == "Team"
    with pytest.raises(ValueError, match="Two schemas are both called Team"):
        names(second)


def test_codes_and_nullable_lists_of_values_are_described_with_their_values(client, db):
    api = api_client(client, create_user(Role.HR), ["staff:read"])
    description = api.get("/api/v1/openapi.json").get_json()
    moderation = description["components"]["schemas"]["Moderation"]["properties"]["direction"]
    assert moderation["nullable"] is True and None in moderation["enum"]
    staff = description["components"]["schemas"]["Staff"]["properties"]
    assert staff["employment_type"]["type"] == "string"
    assert "permanent" in staff["employment_type"]["enum"]
