"""The OpenAPI description: generated from what is registered, and a schemathesis run against it.

The run is bounded (a few examples per operation, derandomised) so that it stays well under a minute in the
normal suite; it fails on any server error or any response that does not match the description.
"""

from datetime import date

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.academy.builders import create_completion, create_course, create_enrolment, create_person, create_session
from tests.agency.builders import create_engagement
from tests.api.builders import api_client, create_api_token
from tests.audits.builders import create_audit, create_moderation
from tests.builders import create_team, create_team_manager, create_user
from tests.caseloads.builders import create_snapshot, create_worker_count
from tests.improvement.builders import create_action, create_plan_measure, create_strand
from tests.people.builders import create_assignment, create_staff_member
from tests.recruitment.builders import create_application, create_vacancy
from tests.supervision.builders import create_supervision, create_worker
from workforce.api.dao import available_scopes
from workforce.improvement import periods
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


def one_of_each_record(team) -> None:
    """A record of every kind the API lists, so that responses with data are checked against the description."""
    snapshot = create_snapshot(date(2026, 10, 31))
    worker = create_staff_member(employee_number="S1")
    create_worker_count(snapshot, worker, team)
    create_application(create_vacancy(team=team))
    create_engagement(team=team)
    strand = create_strand()
    create_action(strand)
    create_plan_measure(strand, "inpost_headcount")
    periods.compute_period(date(2026, 10, 1))
    supervisee = create_worker(team=team)
    create_supervision(supervisee)
    audit = create_audit(team=team, grade="Good")
    create_moderation(audit, "Good")
    course = create_course()
    session = create_session(course)
    person = create_person(team=team)
    create_enrolment(session, person)
    create_completion(person, course, date(2025, 5, 1))


def _check_operations(operations, headers) -> None:
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=10, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
        )
        def answers_as_described(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        answers_as_described()
