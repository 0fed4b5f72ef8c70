"""Pages to create, list and revoke API tokens: your own, and any user's for administrators."""

import pytest
from sqlalchemy import select

from tests.api.builders import ApiClient, create_api_token
from tests.builders import create_user
from tests.conftest import error_summary
from workforce.api.auth import hash_token
from workforce.api.models import ApiToken
from workforce.extensions import db
from workforce.kernel.models import AuditEvent
from workforce.kernel.roles import Role


def tokens_of(user):
    return list(db.session.execute(select(ApiToken).where(ApiToken.user_id == user.id)).scalars())


def test_a_user_creates_a_token_for_themself_and_sees_it_once(client_request, db):
    user = create_user(Role.TEAM_MANAGER)
    client_request.login(user)
    page = client_request.post(
        "api_tokens.create_own_token",
        {"name": "Team dashboard", "scopes": ["teams:read", "staff:read"], "lifetime": "30"},
        _expected_status=200,
    )
    secret = page.select_one("#token-secret").get_text(strip=True)
    [token] = tokens_of(user)
    assert token.token_hash == hash_token(secret) and token.scopes == ["staff:read", "teams:read"]
    assert token.name == "Team dashboard"
    assert page.response.headers["Cache-Control"] == "no-store"
    listing = client_request.get("api_tokens.list_own_tokens")
    assert "Team dashboard" in listing.get_text() and secret not in str(listing)
    assert ApiClient(client_request.client, secret).get("/api/v1/teams").status_code == 200


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({}, ["Enter what the token is for", "Select what the token can do", "Select how long the token should last"]),
        (
            {"name": "X" * 121, "scopes": ["teams:read"], "lifetime": "30"},
            ["What the token is for must be 120 characters or fewer"],
        ),
        (
            {"name": "X", "scopes": ["everything:write"], "lifetime": "30"},
            ["Select one of the options"],
        ),
        ({"name": "X", "scopes": ["teams:read"], "lifetime": "9999"}, ["Select one of the options"]),
    ],
)
def test_token_form_errors_are_shown_and_nothing_is_created(client_request, db, data, errors):
    user = create_user(Role.HR)
    client_request.login(user)
    page = client_request.post("api_tokens.create_own_token", data, _expected_status=200)
    assert error_summary(page) == errors
    assert tokens_of(user) == []


def test_a_user_revokes_their_own_token_and_it_stops_working(client_request, db):
    user = create_user(Role.HR)
    token, secret = create_api_token(user, ["staff:read"])
    client_request.login(user)
    client_request.post("api_tokens.revoke_own_token", token_id=token.id)
    db.session.refresh(token)
    assert token.revoked_at is not None and token.revoked_by == user
    assert ApiClient(client_request.client, secret).get("/api/v1/staff").status_code == 401
    event = db.session.execute(select(AuditEvent).where(AuditEvent.record_type == "API token")).scalars().all()
    assert [item.action for item in event] == ["created", "revoked"]


def test_a_user_cannot_revoke_someone_elses_token(client_request, db):
    token, _ = create_api_token(create_user(Role.HR))
    client_request.login(create_user(Role.HR))
    client_request.post("api_tokens.revoke_own_token", token_id=token.id, _expected_status=404)
    db.session.refresh(token)
    assert token.revoked_at is None


def test_an_administrator_creates_a_token_for_another_user(client_request, db):
    admin = create_user(Role.ADMINISTRATOR)
    hr = create_user(Role.HR, name="Harriet Rowe")
    client_request.login(admin)
    page = client_request.post(
        "api_tokens.create_token_for_user",
        {"user": hr.id, "name": "HR extract", "scopes": ["staff:read"], "lifetime": "365"},
        _expected_status=200,
    )
    [token] = tokens_of(hr)
    assert token.created_by == admin
    assert "Harriet Rowe" in page.get_text()


def test_an_administrator_sees_and_revokes_every_token(client_request, db):
    token, _ = create_api_token(create_user(Role.HR, name="Harriet Rowe"), name="HR extract")
    client_request.login(create_user(Role.ADMINISTRATOR))
    page = client_request.get("api_tokens.list_all_tokens")
    assert "HR extract" in page.get_text() and "Harriet Rowe" in page.get_text()
    client_request.post("api_tokens.revoke_any_token", token_id=token.id)
    db.session.refresh(token)
    assert token.status == "Revoked"


@pytest.mark.parametrize("role", [Role.HR, Role.TEAM_MANAGER, Role.SOCIAL_WORKER, Role.COMMITTEE_VIEWER])
def test_only_administrators_reach_the_token_administration_pages(client_request, db, role):
    token, _ = create_api_token(create_user(Role.HR))
    client_request.login(create_user(role))
    client_request.get("api_tokens.list_all_tokens", _expected_status=403)
    client_request.get("api_tokens.create_token_for_user", _expected_status=403)
    client_request.post("api_tokens.revoke_any_token", token_id=token.id, _expected_status=403)


@pytest.mark.parametrize("role", list(Role))
def test_every_role_can_manage_their_own_tokens_and_read_the_documentation(client_request, db, role):
    client_request.login(create_user(role))
    client_request.get("api_tokens.list_own_tokens")
    client_request.get("api_tokens.create_own_token")
    page = client_request.get("api_tokens.api_documentation")
    assert page.select_one("#list_staff") is not None
    assert client_request.client.get("/api-documentation/download/openapi.json").get_json()["openapi"].startswith("3.")


def test_the_home_page_points_every_user_to_their_tokens(client_request, db):
    user = create_user(Role.SOCIAL_WORKER)
    create_api_token(user, ["staff:read"])
    client_request.login(user)
    page = client_request.get("pages.home")
    panel = page.select_one("#api-heading").find_parent("section")
    assert "Your API tokens (1 active)" in " ".join(panel.get_text().split())
