"""Builders for API tokens, and a small client that sends a token."""

from __future__ import annotations

from tests.builders import create_user
from workforce.api import services
from workforce.extensions import db
from workforce.kernel.roles import Role

ALL_READ = ("teams:read", "users:read", "staff:read", "measures:read")


def create_api_token(user=None, scopes=ALL_READ, days: int = 90, name: str = "Power BI"):
    """A token and its secret (the secret exists only here: the database keeps its hash)."""
    user = user or create_user(Role.ADMINISTRATOR)
    token, secret = services.create_token(user, name, list(scopes), days, user)
    db.session.commit()
    return token, secret


class ApiClient:
    def __init__(self, client, secret: str | None):
        self.client = client
        self.secret = secret

    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.secret}"} if self.secret else {}

    def get(self, path: str, **query):
        return self.client.get(path, query_string=query or None, headers=self.headers())

    def post(self, path: str, json=None, **kwargs):
        return self.client.post(path, json=json, headers=self.headers(), **kwargs)


def api_client(client, user=None, scopes=ALL_READ) -> ApiClient:
    _, secret = create_api_token(user, scopes)
    return ApiClient(client, secret)


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status
    assert {"type", "title", "status", "detail", "instance"} <= set(body)
    return body
