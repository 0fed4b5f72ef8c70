"""Server-side sessions: a cookie stops working the moment its session ends, however it ended."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.builders import DEFAULT_PASSWORD, create_user
from tests.conftest import ClientRequest
from workforce.kernel import clock
from workforce.kernel.auth import sessions
from workforce.kernel.auth.models import SignInSession
from workforce.kernel.models import AuditEvent
from workforce.kernel.roles import Role

NEW_PASSWORD = "a brand new long password"


def signed_in_by_form(app, user, user_agent="Mozilla/5.0 (Windows NT 10.0) Gecko/20100101 Firefox/128.0"):
    """A browser that signed in through the sign-in page, as a person does."""
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = user_agent
    browser = ClientRequest(client, app)
    browser.post("auth.sign_in", {"email": user.email, "password": DEFAULT_PASSWORD}, _expected_status=302)
    assert client.get("/staff").status_code != 302
    return browser


def captured_cookie(browser) -> str:
    return browser.client.get_cookie("wpq_session").value


def replay(app, cookie: str, path: str = "/"):
    """A fresh browser carrying only a copied session cookie (what an attacker who captured it holds)."""
    attacker = app.test_client()
    attacker.set_cookie("wpq_session", cookie)
    return attacker.get(path)


def test_a_cookie_captured_before_sign_out_is_refused_after_it(app, db):
    user = create_user(Role.HR, email="hr@example.gov.uk", password=DEFAULT_PASSWORD)
    browser = signed_in_by_form(app, user)
    cookie = captured_cookie(browser)
    assert replay(app, cookie, "/staff").status_code == 200
    browser.post("auth.sign_out", _expected_redirect="/sign-in")
    response = replay(app, cookie, "/staff")
    assert response.status_code == 302
    assert response.location.startswith("/sign-in")
    row = db.session.execute(select(SignInSession).where(SignInSession.user_id == user.id)).scalar_one()
    assert row.end_reason == "signed out"


def test_a_cookie_captured_before_sign_out_cannot_create_an_api_token(app, db):
    user = create_user(Role.HR, email="hr@example.gov.uk", password=DEFAULT_PASSWORD)
    browser = signed_in_by_form(app, user)
    cookie = captured_cookie(browser)
    token = browser._token()
    browser.post("auth.sign_out", _expected_redirect="/sign-in")
    attacker = app.test_client()
    attacker.set_cookie("wpq_session", cookie)
    response = attacker.post("/account/api-tokens/new", data={"csrf_token": token, "name": "after sign-out"})
    assert response.status_code == 302
    assert response.location.startswith("/sign-in")
    assert not db.session.execute(select(AuditEvent).where(AuditEvent.record_label.contains("after sign-out"))).first()


def test_a_cookie_captured_before_a_password_change_is_refused_after_it(app, db):
    user = create_user(email="sw@example.gov.uk", password=DEFAULT_PASSWORD)
    browser = signed_in_by_form(app, user)
    cookie = captured_cookie(browser)
    elsewhere = signed_in_by_form(app, user)
    browser.post(
        "pages.account",
        {"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
    )
    # The browser that changed the password carries on in a new session; every older cookie is refused.
    browser.get("pages.account")
    assert replay(app, cookie).status_code == 302
    assert elsewhere.client.get("/").status_code == 302
    assert len(sessions.live_sessions(user)) == 1


def test_a_cookie_captured_before_an_administrator_sets_a_password_is_refused_after_it(app, db, client_request):
    user = create_user(email="sw@example.gov.uk", password=DEFAULT_PASSWORD)
    cookie = captured_cookie(signed_in_by_form(app, user))
    client_request.login(create_user(Role.ADMINISTRATOR))
    client_request.post(
        "users.set_user_password", {"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}, user_id=user.id
    )
    assert replay(app, cookie).status_code == 302


def test_a_cookie_captured_before_deactivation_is_refused_after_it(app, db, client_request):
    user = create_user(email="sw@example.gov.uk", password=DEFAULT_PASSWORD)
    cookie = captured_cookie(signed_in_by_form(app, user))
    client_request.login(create_user(Role.ADMINISTRATOR))
    client_request.post("users.deactivate_user", {"confirmed": "yes"}, user_id=user.id)
    assert replay(app, cookie).status_code == 302
    # Reactivating the account does not bring the old session back.
    client_request.post("users.reactivate_user", user_id=user.id)
    assert replay(app, cookie).status_code == 302


def test_unlocking_an_account_ends_its_sessions(app, db, client_request, frozen_clock):
    user = create_user(email="sw@example.gov.uk", password=DEFAULT_PASSWORD)
    cookie = captured_cookie(signed_in_by_form(app, user))
    user.failed_sign_ins = 5
    user.locked_until = frozen_clock.moment + timedelta(minutes=20)
    db.session.commit()
    client_request.login(create_user(Role.ADMINISTRATOR))
    client_request.post("users.unlock_user", user_id=user.id)
    assert replay(app, cookie).status_code == 302


def test_an_administrator_signs_a_person_out_everywhere(app, db, client_request):
    user = create_user(email="sw@example.gov.uk", password=DEFAULT_PASSWORD)
    first = signed_in_by_form(app, user)
    second = signed_in_by_form(
        app, user, user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Version/17.0 Safari/604.1"
    )
    client_request.login(create_user(Role.ADMINISTRATOR))
    page = client_request.get("users.show_user", user_id=user.id)
    assert "Sign out everywhere" in page.get_text()
    page = client_request.post(
        "users.sign_out_user_everywhere", user_id=user.id, _follow_redirects=True, _expected_status=200
    )
    assert "signed out everywhere (2 sessions ended)" in page.get_text()
    assert first.client.get("/").status_code == 302
    assert second.client.get("/").status_code == 302
    event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "signed out everywhere")).scalar_one()
    assert event.record_id == str(user.id)
    assert event.note == "2 sessions ended"


def test_a_person_sees_their_sessions_and_ends_one(app, db):
    user = create_user(email="sw@example.gov.uk", password=DEFAULT_PASSWORD)
    phone = signed_in_by_form(
        app, user, user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Version/17.0 Safari/604.1"
    )
    laptop = signed_in_by_form(app, user)
    page = laptop.get("auth.list_sessions")
    rows = [row.get_text(" ", strip=True) for row in page.select("tbody tr")]
    assert len(rows) == 2
    assert any("Firefox 128 on Windows" in row and "This browser" in row for row in rows)
    assert any("Safari 17 on iPhone" in row and "This browser" not in row for row in rows)
    phone_session = next(row for row in sessions.live_sessions(user) if "iPhone" in row.device)
    laptop.post("auth.end_session", session_id=phone_session.id, _expected_redirect="/account/sessions")
    assert phone.client.get("/").status_code == 302
    assert laptop.client.get("/").status_code == 200


def test_a_person_cannot_end_someone_elses_session(app, db):
    owner = create_user(email="a@example.gov.uk", password=DEFAULT_PASSWORD)
    other = create_user(email="b@example.gov.uk", password=DEFAULT_PASSWORD)
    owners_browser = signed_in_by_form(app, owner)
    others_browser = signed_in_by_form(app, other)
    owners_session = sessions.live_sessions(owner)[0]
    others_browser.post("auth.end_session", session_id=owners_session.id, _expected_status=404)
    assert owners_browser.client.get("/").status_code == 200


def test_ending_your_own_current_session_signs_you_out(app, db):
    user = create_user(email="a@example.gov.uk", password=DEFAULT_PASSWORD)
    browser = signed_in_by_form(app, user)
    current = sessions.live_sessions(user)[0]
    browser.post("auth.end_session", session_id=current.id, _expected_redirect="/sign-in")
    assert browser.client.get("/").status_code == 302


def test_last_used_is_written_at_most_once_a_minute(app, db, frozen_clock):
    user = create_user(email="a@example.gov.uk", password=DEFAULT_PASSWORD)
    browser = signed_in_by_form(app, user)
    row = sessions.live_sessions(user)[0]
    started = row.last_used_at
    frozen_clock.advance(timedelta(seconds=59))
    browser.get("pages.home")
    db.session.refresh(row)
    assert row.last_used_at == started
    frozen_clock.advance(timedelta(seconds=2))
    browser.get("pages.home")
    db.session.refresh(row)
    assert clock.as_utc(row.last_used_at) == frozen_clock.moment


def test_using_a_session_does_not_change_the_figures_token(app, db, frozen_clock):
    from workforce.kernel import freshness

    user = create_user(email="a@example.gov.uk", password=DEFAULT_PASSWORD)
    browser = signed_in_by_form(app, user)
    before = freshness._all_generations()
    frozen_clock.advance(timedelta(minutes=5))
    browser.get("pages.home")
    assert clock.as_utc(sessions.live_sessions(user)[0].last_used_at) == frozen_clock.moment
    assert freshness._all_generations() == before


@pytest.mark.parametrize(
    ("user_agent", "device"),
    [
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0",
            "Edge 131 on Windows",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Chrome 131 on Linux",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 Version/17.1 Safari/605.1.15",
            "Safari 17 on macOS",
        ),
        ("", "Unknown device"),
        ("curl/8.5.0", "curl/8.5.0"),
        ("x" * 500, "x" * 200),
    ],
)
def test_the_device_is_described_from_the_browser(user_agent, device):
    assert sessions.device_from_user_agent(user_agent) == device


def test_an_administrator_signing_themselves_out_everywhere_keeps_this_session(app, db, client_request):
    admin = create_user(Role.ADMINISTRATOR, email="admin@example.gov.uk", password=DEFAULT_PASSWORD)
    elsewhere = signed_in_by_form(app, admin)
    client_request.login(admin)
    client_request.post("users.sign_out_user_everywhere", user_id=admin.id)
    assert elsewhere.client.get("/").status_code == 302
    client_request.get("users.show_user", user_id=admin.id)
