"""One error format for every failure under /api/: RFC 9457 problem details, with field errors."""

import dataclasses
import io

import pytest
from sqlalchemy import select

from tests.api.builders import ApiClient, api_client, assert_problem, create_api_token
from tests.builders import create_team, create_user
from workforce.kernel.contract import registry
from workforce.kernel.models import Team
from workforce.kernel.roles import Role


@pytest.fixture
def api(client, db):
    return api_client(client, create_user(Role.ADMINISTRATOR), scopes=["teams:read", "teams:write", "staff:read"])


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/no-such-thing",
        "/api/v2/teams",
        "/api/anything",
        "/api/v1/teams/999999",
        "/api/v1/teams/99999999999999999999",
    ],
)
def test_unknown_addresses_under_the_api_are_404_problems(api, path):
    assert_problem(api.get(path), 404)


def test_pages_outside_the_api_keep_their_html_error_pages(client, db):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_a_method_the_address_does_not_accept_is_a_405_problem_with_allow(api):
    response = api.client.delete("/api/v1/teams", headers=api.headers())
    assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_creating_where_a_resource_takes_no_writes_is_a_405_problem(client, db):
    api = api_client(client, create_user(Role.HR), scopes=["staff:write", "staff:read"])
    assert_problem(api.post("/api/v1/staff", json={}), 405)


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"page": "0"}, "page", "Enter a page number from 1 to 2147483647"),
        ({"page": "99999999999999999999"}, "page", "Enter a page number from 1 to 2147483647"),
        ({"page": "two"}, "page", "Not a valid integer."),
        ({"per_page": "501"}, "per_page", "Enter a page size from 1 to 500"),
        ({"per_page": "0"}, "per_page", "Enter a page size from 1 to 500"),
        ({"sort": "password_hash"}, "sort", "Sort by one of: created_at, id, name, -created_at, -id, -name"),
        ({"service_area_id": "north"}, "service_area_id", "Not a valid integer."),
        ({"service_area_id": "99999999999999999999"}, "service_area_id", "Enter an id from 1 to 2147483647"),
        ({"colour": "red"}, "colour", "Unknown field."),
    ],
)
def test_invalid_pagination_sorting_and_filters_are_422_problems_with_field_errors(api, query, field, message):
    body = assert_problem(api.get("/api/v1/teams", **query), 422)
    assert body["errors"] == {field: [message]}


def test_a_query_parameter_given_twice_is_refused(api):
    body = assert_problem(api.get("/api/v1/teams?page=1&page=2"), 422)
    assert body["errors"] == {"page": ["Give this once"]}


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({}, {"name": ["Enter the team name"], "service_area": ["Enter the service area"]}),
        ({"name": "", "service_area": "North"}, {"name": ["Enter a team name of 120 characters or fewer"]}),
        ({"name": "A", "service_area": "North", "colour": "red"}, {"colour": ["Unknown field."]}),
        ({"name": "A", "service_area": "North", "manager_ids": ["x"]}, {"manager_ids.0": ["Not a valid integer."]}),
        ({"name": "A", "service_area": "North", "manager_ids": [999999]}, {"manager_ids": ["There is no user 999999"]}),
    ],
)
def test_invalid_records_are_422_problems_with_field_errors(api, payload, errors):
    body = assert_problem(api.post("/api/v1/teams", json=payload), 422)
    assert body["errors"] == errors


def test_a_body_that_is_not_json_is_refused(api):
    response = api.client.post("/api/v1/teams", data="name=A", headers=api.headers(), content_type="text/plain")
    assert_problem(response, 415)


def test_a_request_larger_than_allowed_is_a_413_problem(api, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 100)
    assert_problem(api.post("/api/v1/teams", json={"name": "A" * 200, "service_area": "North"}), 413)


def test_an_unexpected_error_is_a_500_problem_without_details(api, app, monkeypatch):
    def broken(user):
        raise RuntimeError("database exploded")

    teams = registry(app).api_resources["teams"]
    monkeypatch.setitem(registry(app).api_resources, "teams", dataclasses.replace(teams, query=broken))
    monkeypatch.setitem(app.config, "PROPAGATE_TEST_ERRORS", False)
    body = assert_problem(api.get("/api/v1/teams"), 500)
    assert "exploded" not in body["detail"]


def test_too_many_requests_from_one_token_is_a_429_problem(app, db, limited_app):
    # In memory: this test writes its tokens inside the transaction the test rolls back, which holds
    # SQLite's write lock; the database storage is tested across real workers in test_rate_limits.
    limited = limited_app(API_RATE_LIMIT="2 per minute", RATELIMIT_STORAGE_URI="memory://")
    with limited.app_context():
        _, secret = create_api_token(scopes=["teams:read"])
        _, other_secret = create_api_token(scopes=["teams:read"])
        client = limited.test_client()
        statuses = [ApiClient(client, secret).get("/api/v1/teams").status_code for _ in range(3)]
        other = ApiClient(client, other_secret).get("/api/v1/teams")
        refused = ApiClient(client, secret).get("/api/v1/teams")
        db.engine.dispose()
    assert statuses == [200, 200, 429]
    assert other.status_code == 200, "each token has its own limit"
    assert_problem(refused, 429)
    assert refused.headers["Retry-After"]


def test_nul_characters_are_refused_everywhere_as_problems(client, db):
    """PostgreSQL cannot hold or compare text with NUL: a query, a body, a row or a file holding one is a 422."""
    create_team(name="T1")
    api = api_client(client, create_user(Role.ADMINISTRATOR), ["teams:read", "teams:write"])
    body = assert_problem(api.get("/api/v1/teams", name="a\u0000b"), 422)
    assert body["errors"] == {"name": ["Remove the NUL character (\\u0000)"]}
    body = assert_problem(api.post("/api/v1/teams", json={"name": "A\u0000", "service_area": "North"}), 422)
    assert list(body["errors"]) == ["_body"]
    rows = [{"Team": "Fine", "Service area": "North"}, {"Team": "Bad\u0000", "Service area": "North"}]
    body = assert_problem(api.post("/api/v1/imports/teams", json={"rows": rows}), 422)
    assert body["errors"] == [
        {"row": 3, "column": "Team", "value": "", "message": "Remove the NUL character (\\u0000)"}
    ]
    # The file reader refuses NUL near the start of a CSV; one further down reaches the row report.
    early = {"file": (io.BytesIO(b"Team,Service area\nFrom CSV,Ea\x00st\n"), "teams.csv")}
    body = assert_problem(api.post("/api/v1/imports/teams", data=early, content_type="multipart/form-data"), 422)
    assert list(body["errors"]) == ["file"]
    lines = [f"CSV team {number},North" for number in range(300)] + ["Late team,So\x00uth"]
    late = {"file": (io.BytesIO(("Team,Service area\n" + "\n".join(lines)).encode()), "teams.csv")}
    body = assert_problem(api.post("/api/v1/imports/teams", data=late, content_type="multipart/form-data"), 422)
    assert [(problem["row"], problem["column"]) for problem in body["errors"]] == [(302, "Service area")]
    assert [team.name for team in db.session.execute(select(Team)).scalars()] == ["T1"]


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("OPTIONS", "/api/v1/staff", "GET, HEAD"),
        ("POST", "/api/v1/staff", "GET, HEAD"),
        ("DELETE", "/api/v1/staff", "GET, HEAD"),
        ("OPTIONS", "/api/v1/teams", "GET, HEAD, POST"),
        ("PUT", "/api/v1/teams", "GET, HEAD, POST"),
        ("OPTIONS", "/api/v1/staff/1", "GET, HEAD"),
        ("PATCH", "/api/v1/staff/1", "GET, HEAD"),
        ("OPTIONS", "/api/v1/openapi.json", "GET, HEAD"),
        ("GET", "/api/v1/imports/staff", "POST"),
        ("OPTIONS", "/api/v1/imports/staff", "POST"),
    ],
)
def test_undeclared_methods_and_options_answer_405_problems_naming_the_declared_methods(api, method, path, allow):
    response = api.client.open(path, method=method, headers=api.headers())
    assert_problem(response, 405)
    assert response.headers["Allow"] == allow


def test_the_allow_header_matches_the_openapi_description(api):
    description = api.get("/api/v1/openapi.json").get_json()
    for template in ("/api/v1/staff", "/api/v1/teams", "/api/v1/staff/{record_id}", "/api/v1/teams/{record_id}"):
        operations = description["paths"][template]
        declared = sorted(
            method.upper() for method in operations if method in ("get", "post", "put", "patch", "delete")
        )
        response = api.client.open(template.replace("{record_id}", "1"), method="OPTIONS", headers=api.headers())
        assert sorted(set(response.headers["Allow"].split(", ")) - {"HEAD"}) == declared, template


def test_an_oversized_request_body_is_a_413_problem(app, api):
    limit = app.config["MAX_CONTENT_LENGTH"]
    response = api.client.post(
        "/api/v1/teams", data=b"x" * (limit + 1), headers={**api.headers(), "Content-Type": "application/json"}
    )
    assert_problem(response, 413)
