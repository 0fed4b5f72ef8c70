"""Password reset by email: single-use, one hour, the same answer for any address, limited, audited."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.builders import DEFAULT_PASSWORD, create_user
from tests.conftest import error_summary
from tests.kernel.notifications.smtp import smtp_server
from workforce.extensions import db as _db
from workforce.kernel.models import AuditEvent
from workforce.kernel.notifications.models import OutboxMessage
from workforce.kernel.roles import Role

NEW_PASSWORD = "lantern orchard copper meadow"


@pytest.fixture
def inbox(app, db, monkeypatch):
    with smtp_server() as (received, port):
        monkeypatch.setitem(app.config, "SMTP_URL", f"smtp://127.0.0.1:{port}")
        yield received


def reset_link(message) -> str:
    return re.search(r"http://localhost:5000(/reset-password/\S+)", message.get_content()).group(1)


def ask(client_request, email: str):
    return client_request.post(
        "password_reset.request_reset", {"email": email}, _expected_redirect="/forgot-password/sent"
    )


def test_a_local_account_gets_a_link_that_sets_a_new_password_once(client_request, inbox):
    user = create_user(Role.HR, email="ruth@example.gov.uk", password=DEFAULT_PASSWORD)
    ask(client_request, "Ruth@Example.gov.uk")
    [message] = inbox.to("ruth@example.gov.uk")
    link = reset_link(message)

    client_request.get_url(link)
    client_request.post_url(
        link, {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}, _expected_redirect="/sign-in"
    )
    client_request.post("auth.sign_in", {"email": "ruth@example.gov.uk", "password": NEW_PASSWORD})
    assert client_request.get("pages.home").h1.get_text(strip=True) == user.name

    client_request.get_url(link, _expected_status=404)
    actions = _db.session.execute(
        select(AuditEvent.action).where(AuditEvent.record_type == "User", AuditEvent.record_id == str(user.id))
    ).scalars()
    assert {"password reset requested", "password set", "password reset by email"} <= set(actions)
    # The outbox keeps no usable link once the message has gone.
    stored = _db.session.execute(select(OutboxMessage).where(OutboxMessage.rule == "password-reset")).scalar_one()
    assert "/reset-password/" not in stored.body


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(client_request, inbox):
    create_user(email="known@example.gov.uk", password=DEFAULT_PASSWORD)
    known = ask(client_request, "known@example.gov.uk")
    unknown = ask(client_request, "nobody@example.gov.uk")
    assert known.response.location == unknown.response.location
    page = client_request.get("password_reset.reset_requested")
    assert page.h1.get_text(strip=True) == "Check your email"
    assert [str(message["To"]) for message in inbox.messages] == ["known@example.gov.uk"]


def test_an_account_without_a_password_or_deactivated_gets_no_link(client_request, inbox):
    from workforce.kernel import clock

    create_user(email="sso@example.gov.uk")
    create_user(email="gone@example.gov.uk", password=DEFAULT_PASSWORD, deactivated_at=clock.now())
    ask(client_request, "sso@example.gov.uk")
    ask(client_request, "gone@example.gov.uk")
    assert inbox.messages == []


def test_a_link_expires_after_an_hour(client_request, inbox, frozen_clock):
    create_user(email="late@example.gov.uk", password=DEFAULT_PASSWORD)
    ask(client_request, "late@example.gov.uk")
    link = reset_link(inbox.messages[0])
    frozen_clock.advance(timedelta(minutes=59))
    client_request.get_url(link)
    frozen_clock.advance(timedelta(minutes=2))
    client_request.get_url(link, _expected_status=404)


def test_an_account_gets_at_most_three_links_an_hour(client_request, inbox):
    user = create_user(email="many@example.gov.uk", password=DEFAULT_PASSWORD)
    for _ in range(5):
        ask(client_request, "many@example.gov.uk")
    assert len(inbox.messages) == 3
    refused = _db.session.execute(
        select(AuditEvent).where(AuditEvent.record_id == str(user.id), AuditEvent.action == "password reset refused")
    ).scalars()
    assert len(list(refused)) == 2


def test_a_new_link_voids_the_earlier_ones_once_used(client_request, inbox):
    create_user(email="twice@example.gov.uk", password=DEFAULT_PASSWORD)
    ask(client_request, "twice@example.gov.uk")
    ask(client_request, "twice@example.gov.uk")
    first, second = (reset_link(message) for message in inbox.messages)
    client_request.post_url(second, {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    client_request.get_url(first, _expected_status=404)


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"new_password": "", "confirm_password": ""}, ["Enter a new password", "Enter the new password again"]),
        ({"new_password": NEW_PASSWORD, "confirm_password": "something else"}, ["The passwords do not match"]),
    ],
)
def test_a_bad_new_password_shows_every_problem(client_request, inbox, data, errors):
    create_user(email="typo@example.gov.uk", password=DEFAULT_PASSWORD)
    ask(client_request, "typo@example.gov.uk")
    page = client_request.post_url(reset_link(inbox.messages[0]), data, _expected_status=200)
    assert error_summary(page) == errors


def test_the_request_page_is_rate_limited_per_address(db, app):
    from tests.conftest import ClientRequest
    from workforce.app import create_app

    limited = create_app(
        {
            "WPQ_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "RATELIMIT_ENABLED": True,
            "PASSWORD_RESET_RATE_LIMIT": "2 per minute",
        }
    )
    with limited.app_context():
        client_request = ClientRequest(limited.test_client(), limited)
        for address in ("a@example.gov.uk", "b@example.gov.uk"):
            ask(client_request, address)
        page = client_request.post("password_reset.request_reset", {"email": "c@example.gov.uk"}, _expected_status=429)
        assert page.h1.get_text(strip=True) == "Too many requests"
        _db.engine.dispose()
