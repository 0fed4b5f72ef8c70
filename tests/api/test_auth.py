"""Token authentication: missing, unknown, revoked and expired tokens, scopes, and every API route's guard."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.api.builders import ApiClient, api_client, assert_problem, create_api_token
from tests.builders import create_user
from workforce.api import services
from workforce.api.auth import TOKEN_ATTRIBUTE, hash_token
from workforce.api.models import ApiToken
from workforce.kernel import clock
from workforce.kernel.models import AuditEvent, Team
from workforce.kernel.roles import Role


def test_a_request_without_a_token_is_refused_with_problem_details(client):
    body = assert_problem(client.get("/api/v1/teams"), 401)
    assert body["instance"] == "/api/v1/teams"


def test_an_unknown_token_is_refused(client, db):
    assert_problem(ApiClient(client, "wpq_not-a-real-token").get("/api/v1/teams"), 401)


def test_a_session_cookie_does_not_authenticate_the_api(client_request, db):
    client_request.login(create_user(Role.ADMINISTRATOR))
    assert_problem(client_request.client.get("/api/v1/teams"), 401)


def test_a_revoked_token_is_refused(client, db):
    token, secret = create_api_token()
    services.revoke_token(token, token.user)
    db.session.commit()
    body = assert_problem(ApiClient(client, secret).get("/api/v1/teams"), 401)
    assert body["detail"] == "The token has been revoked."


def test_an_expired_token_is_refused(client, db, frozen_clock):
    _, secret = create_api_token(days=30)
    frozen_clock.advance(timedelta(days=30, seconds=1))
    body = assert_problem(ApiClient(client, secret).get("/api/v1/teams"), 401)
    assert body["detail"] == "The token has expired."


def test_a_token_whose_user_is_deactivated_is_refused(client, db):
    user = create_user(Role.ADMINISTRATOR)
    _, secret = create_api_token(user)
    user.deactivated_at = clock.now()
    db.session.commit()
    assert_problem(ApiClient(client, secret).get("/api/v1/teams"), 401)


def test_a_token_is_stored_only_as_its_hash(db):
    token, secret = create_api_token()
    stored = db.session.execute(select(ApiToken.token_hash, ApiToken.prefix).where(ApiToken.id == token.id)).one()
    assert stored.token_hash == hash_token(secret) != secret
    assert secret.startswith(stored.prefix) and len(stored.prefix) < len(secret) // 3


def test_a_read_only_token_cannot_write(client, db):
    api = api_client(client, create_user(Role.ADMINISTRATOR), scopes=["teams:read"])
    body = assert_problem(api.post("/api/v1/teams", json={"name": "Alpha", "service_area": "North"}), 403)
    assert "teams:write" in body["detail"]
    assert db.session.execute(select(Team).where(Team.name == "Alpha")).scalar() is None


def test_a_token_without_the_read_scope_cannot_read(client, db):
    api = api_client(client, scopes=["teams:read"])
    assert_problem(api.get("/api/v1/staff"), 403)


def test_a_write_token_cannot_do_more_than_its_users_role(client, db):
    manager = create_user(Role.TEAM_MANAGER)
    api = api_client(client, manager, scopes=["teams:read", "teams:write"])
    body = assert_problem(api.post("/api/v1/teams", json={"name": "Alpha", "service_area": "North"}), 403)
    assert body["detail"] == "Your role cannot create teams."


def test_a_write_through_the_api_is_in_the_audit_trail_as_the_tokens_user(client, db):
    admin = create_user(Role.ADMINISTRATOR, name="Ada Admin")
    api = api_client(client, admin, scopes=["teams:write"])
    response = api.post("/api/v1/teams", json={"name": "Alpha", "service_area": "North"})
    assert response.status_code == 201, response.get_data(as_text=True)
    team_id = response.get_json()["data"]["id"]
    assert response.headers["Location"] == f"/api/v1/teams/{team_id}"
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.record_type == "Team", AuditEvent.record_id == str(team_id))
    ).scalar_one()
    assert (event.origin, event.actor_id, event.actor_label) == ("api", admin.id, "Ada Admin (administrator)")


def token_routes(app):
    return [rule for rule in app.url_map.iter_rules() if getattr(app.view_functions[rule.endpoint], TOKEN_ATTRIBUTE, 0)]


def test_every_api_route_answers_401_problem_details_without_a_token(app, client):
    rules = token_routes(app)
    assert len(rules) >= 6
    for rule in rules:
        url = rule.rule.replace("<resource_name>", "teams").replace("<int:record_id>", "1")
        url = url.replace("<import_name>", "teams")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            assert_problem(client.open(url, method=method), 401)


def test_every_api_route_is_under_the_api_prefix(app):
    for rule in token_routes(app):
        assert rule.rule.startswith("/api/v1/"), rule.rule


@pytest.mark.parametrize("header", ["", "Bearer", "Basic dXNlcjpwYXNz", "Bearer  ", "Token wpq_abc"])
def test_malformed_authorization_headers_are_refused(client, db, header):
    assert_problem(client.get("/api/v1/teams", headers={"Authorization": header}), 401)


def test_using_a_token_records_when_it_was_last_used(client, db):
    token, secret = create_api_token()
    assert token.last_used_at is None
    ApiClient(client, secret).get("/api/v1/teams")
    db.session.refresh(token)
    assert token.last_used_at is not None
