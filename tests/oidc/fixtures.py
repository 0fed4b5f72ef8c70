"""Fixtures for tests that sign in through the real OpenID Connect provider (loaded by tests/conftest.py)."""

from __future__ import annotations

import pytest
from flask import g

from tests.conftest import ClientRequest, rolled_back
from tests.oidc import provider as oidc_provider
from workforce.app import create_app
from workforce.extensions import db

#: The people the provider knows (login -> claims). Entra ID sends the object id as `oid`.
ACCOUNTS = {
    "helen": {
        "sub": "helen-subject",
        "oid": "7f1c2a3e-helen-object-id",
        "email": "helen.murray@council.example",
        "name": "Helen Murray",
    },
    "stranger": {"sub": "stranger-subject", "email": "stranger@council.example", "name": "A Stranger"},
    "priya": {
        "sub": "priya-subject",
        "oid": "2d4e-priya-object-id",
        "email": "priya.shah@council.example",
        "name": "Priya Shah",
    },
    "sam": {
        "sub": "sam-subject",
        "oid": "9a8b-sam-object-id",
        "email": "sam.jones@council.example",
        "name": "Sam Jones",
    },
}


@pytest.fixture(scope="session")
def provider():
    running = oidc_provider.start(ACCOUNTS)
    yield running
    oidc_provider.stop(running)


@pytest.fixture(scope="session")
def council_apps(app, provider):
    """Apps signing in with the provider, one per client (the provider misbehaves for some of them)."""
    made = {}

    def make(client_id: str = "wpq", **config):
        key = (client_id, tuple(sorted(config.items())))
        if key not in made:
            made[key] = create_app(
                {
                    "WPQ_ENV": "testing",
                    "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                    **provider.app_config(client_id),
                    **config,
                }
            )
            made[key].before_request_funcs.setdefault(None, []).insert(0, lambda: g.__dict__.clear())
        return made[key]

    yield make
    for made_app in made.values():
        with made_app.app_context():
            db.engine.dispose()


@pytest.fixture
def council(council_apps):
    """`council(client_id="wpq", **config)`: a rolled-back (empty) database and a page client for an app with
    council sign-in."""
    contexts = []

    def open_app(client_id: str = "wpq", **config):
        council_app = council_apps(client_id, **config)
        context = rolled_back(council_app)
        database = context.__enter__()
        contexts.append(context)
        return database, ClientRequest(council_app.test_client(), council_app)

    yield open_app
    for context in reversed(contexts):
        context.__exit__(None, None, None)


def sign_in_through_provider(client_request, login: str):
    """Sign in as the provider's `login` the way a browser does: WPQ -> provider's login form -> WPQ's callback.
    Returns WPQ's answer to the callback and the callback's path."""
    from urllib.parse import urlsplit

    response = client_request.client.get("/sign-in/council")
    assert response.status_code == 302, response.status_code
    callback = urlsplit(oidc_provider.log_in_at_provider(response.location, login))
    path = f"{callback.path}?{callback.query}"
    return client_request.client.get(path), path
