"""Architecture checks over every route: sign-in and a permission, kebab-case URLs, typed ids."""

import re

from workforce.api.auth import TOKEN_ATTRIBUTE
from workforce.kernel.permissions import PERMISSIONS_ATTRIBUTE, PUBLIC_ATTRIBUTE
from workforce.kernel.web import OPEN_ENDPOINTS

#: The only pages open without signing in: sign-in and the statements every visitor may read, and the
#: operations endpoints for load balancers and Prometheus (no personal data; /metrics needs its token).
PUBLIC_ENDPOINTS = {
    "auth.sign_in",
    "pages.accessibility_statement",
    "pages.privacy_notice",
    "password_reset.request_reset",
    "password_reset.reset_requested",
    "password_reset.reset_password",
    "operations.healthz",
    "operations.readyz",
    "metrics.metrics",
    "auth.sign_in_with_council",
    "auth.council_callback",
    "golive.first_run",
}


def routes(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint not in OPEN_ENDPOINTS]


def test_every_route_requires_sign_in_and_a_permission_unless_it_is_public(app):
    for rule in routes(app):
        view = app.view_functions[rule.endpoint]
        if rule.endpoint in PUBLIC_ENDPOINTS:
            assert getattr(view, PUBLIC_ATTRIBUTE, False), f"{rule.endpoint} should be marked public"
            continue
        assert hasattr(view, PERMISSIONS_ATTRIBUTE), (
            f"{rule.endpoint} ({rule.rule}) has no permission decorator (permission_required or signed_in)"
        )
        assert not getattr(view, PUBLIC_ATTRIBUTE, False), f"{rule.endpoint} is public but not listed"


def test_every_protected_route_sends_anonymous_users_to_sign_in(app, client):
    for rule in routes(app):
        if rule.endpoint in PUBLIC_ENDPOINTS or rule.arguments - {"user_id", "team_id"}:
            continue
        if getattr(app.view_functions[rule.endpoint], TOKEN_ATTRIBUTE, False):
            continue  # the API answers 401 problem details instead (tests/api/test_auth.py)
        url = rule.rule.replace("<int:user_id>", "1").replace("<int:team_id>", "1")
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url, method=method)
        if method == "POST":
            assert response.status_code in (302, 400), rule.rule
        else:
            assert response.status_code == 302, rule.rule
            assert response.location.startswith("/sign-in"), rule.rule


def test_urls_are_kebab_case(app):
    for rule in routes(app):
        static_parts = re.sub(r"<[^>]+>", "", rule.rule).strip("/").split("/")
        for part in static_parts:
            # A file name may end in .json (the OpenAPI description, /api/v1/openapi.json).
            assert re.fullmatch(r"[a-z0-9-]*(\.json)?", part), f"{rule.rule} is not kebab-case"


def test_identifiers_in_urls_use_typed_converters(app):
    for rule in routes(app):
        for converter in re.findall(r"<([^>]+)>", rule.rule):
            if converter.endswith("id"):
                assert ":" in converter, f"{rule.rule} takes an untyped id"
                assert converter.split(":")[0] in ("int", "uuid"), f"{rule.rule} has an untyped id"


def test_a_view_that_declares_no_permission_is_refused_even_to_administrators(app, db):
    from tests.builders import create_user
    from tests.conftest import ClientRequest
    from workforce.app import create_app
    from workforce.kernel.roles import Role

    other = create_app({"WPQ_ENV": "testing", "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    other.add_url_rule("/forgotten-check", "forgotten_check", lambda: "secret")
    with other.app_context():
        client_request = ClientRequest(other.test_client(), other)
        client_request.login(create_user(Role.ADMINISTRATOR))
        response = client_request.client.get("/forgotten-check")
        db.engine.dispose()
    assert response.status_code == 403
