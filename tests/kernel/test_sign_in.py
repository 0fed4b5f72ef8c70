from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from tests.builders import DEFAULT_PASSWORD, create_user
from tests.conftest import ClientRequest, error_summary
from workforce.kernel import clock
from workforce.kernel.auth.services import WRONG_DETAILS as WRONG
from workforce.kernel.models import AuditEvent
from workforce.kernel.roles import Role


def sign_in(client_request, email, password, expected_status=302):
    return client_request.post("auth.sign_in", {"email": email, "password": password}, _expected_status=expected_status)


def test_the_sign_in_page_is_open_to_everyone(client_request):
    page = client_request.get("auth.sign_in")
    assert page.h1.get_text(strip=True) == "Sign in to Workforce and Practice Quality"


def test_a_correct_password_signs_in_and_shows_the_role_home_page(client_request):
    user = create_user(Role.HR, name="Daniel Osei", email="daniel@example.gov.uk", password=DEFAULT_PASSWORD)
    response = sign_in(client_request, "Daniel@Example.gov.uk", DEFAULT_PASSWORD)
    assert response.response.location == "/"
    page = client_request.get("pages.home")
    assert page.h1.get_text(strip=True) == "Daniel Osei"
    assert "HR and workforce" in page.select_one(".govuk-caption-l").get_text()
    assert user.failed_sign_ins == 0


def test_a_wrong_password_re_renders_the_form_with_an_error_summary(client_request):
    create_user(email="amy@example.gov.uk", password=DEFAULT_PASSWORD)
    page = sign_in(client_request, "amy@example.gov.uk", "not the password", expected_status=200)
    assert error_summary(page) == ["Enter a correct email address and password"]
    assert page.title.get_text().startswith("Error:")


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"email": "", "password": "x"}, ["Enter your email address"]),
        ({"email": "a@example.gov.uk", "password": ""}, ["Enter your password"]),
        ({"email": "", "password": ""}, ["Enter your email address", "Enter your password"]),
    ],
)
def test_missing_fields_are_reported(client_request, data, errors):
    page = client_request.post("auth.sign_in", data, _expected_status=200)
    assert error_summary(page) == errors


def test_an_unknown_email_gets_the_same_message_as_a_wrong_password(client_request):
    page = sign_in(client_request, "nobody@example.gov.uk", DEFAULT_PASSWORD, expected_status=200)
    assert error_summary(page) == ["Enter a correct email address and password"]


def test_a_deactivated_user_cannot_sign_in(client_request, frozen_clock):
    create_user(email="gone@example.gov.uk", password=DEFAULT_PASSWORD, deactivated_at=frozen_clock.moment)
    page = sign_in(client_request, "gone@example.gov.uk", DEFAULT_PASSWORD, expected_status=200)
    assert error_summary(page) == ["Enter a correct email address and password"]


def test_after_three_wrong_passwords_the_account_must_wait(client_request, frozen_clock):
    user = create_user(email="amy@example.gov.uk", password=DEFAULT_PASSWORD)
    for _ in range(3):
        page = sign_in(client_request, "amy@example.gov.uk", "wrong password", expected_status=200)
    assert error_summary(page) == [WRONG]
    assert clock.as_utc(user.locked_until) == frozen_clock.moment + timedelta(seconds=30)
    # The right password is refused while the account waits, with the same message as any refusal.
    page = sign_in(client_request, "amy@example.gov.uk", DEFAULT_PASSWORD, expected_status=200)
    assert error_summary(page) == [WRONG]
    frozen_clock.advance(timedelta(seconds=31))
    sign_in(client_request, "amy@example.gov.uk", DEFAULT_PASSWORD)


def test_after_five_wrong_passwords_even_the_right_password_is_refused_until_the_lock_ends(
    client_request, frozen_clock, db
):
    user = create_user(email="amy@example.gov.uk", password=DEFAULT_PASSWORD)
    for _ in range(5):
        sign_in(client_request, "amy@example.gov.uk", "wrong password", expected_status=200)
        # Each delay is waited out, so the fifth wrong password is reached.
        frozen_clock.advance(timedelta(minutes=3))
    frozen_clock.advance(timedelta(minutes=-3))
    page = sign_in(client_request, "amy@example.gov.uk", DEFAULT_PASSWORD, expected_status=200)
    assert error_summary(page) == [WRONG]
    frozen_clock.advance(timedelta(minutes=29))
    page = sign_in(client_request, "amy@example.gov.uk", DEFAULT_PASSWORD, expected_status=200)
    assert error_summary(page) == [WRONG]
    assert user.failed_sign_ins == 5
    frozen_clock.advance(timedelta(minutes=2))
    sign_in(client_request, "amy@example.gov.uk", DEFAULT_PASSWORD)
    assert user.failed_sign_ins == 0
    lock = db.session.query(AuditEvent).filter_by(record_type="User", action="locked").one()
    assert lock.record_id == str(user.id)


def _refusal(client_request, email: str, password: str) -> str:
    """The refusal page's main content with the form's CSRF token taken out, to compare whole answers."""
    response = client_request.client.post(
        "/sign-in", data={"csrf_token": client_request._token(), "email": email, "password": password}
    )
    assert response.status_code == 200
    main = BeautifulSoup(response.get_data(as_text=True), "html.parser").find("main")
    for token in main.find_all("input", attrs={"name": "csrf_token"}):
        token.decompose()
    for field in main.find_all("input", attrs={"name": "email"}):
        field["value"] = ""
    return str(main)


@pytest.mark.parametrize(
    "state",
    ["wrong password", "waiting", "locked", "deactivated", "no password"],
)
def test_a_known_email_in_any_state_gets_the_same_page_as_an_unknown_one(client_request, frozen_clock, state):
    settings = {
        "wrong password": {},
        "waiting": {"failed_sign_ins": 3, "locked_until": frozen_clock.moment + timedelta(seconds=30)},
        "locked": {"failed_sign_ins": 5, "locked_until": frozen_clock.moment + timedelta(minutes=30)},
        "deactivated": {"deactivated_at": frozen_clock.moment},
        "no password": {"password_hash": None},
    }[state]
    create_user(email="amy@example.gov.uk", password=DEFAULT_PASSWORD, **settings)
    unknown = _refusal(client_request, "nobody@example.gov.uk", "wrong password")
    # The right password too, where the state alone refuses it.
    password = "wrong password" if state == "wrong password" else DEFAULT_PASSWORD
    known = _refusal(client_request, "amy@example.gov.uk", password)
    assert known == unknown
    assert WRONG in known


class _HashCalls:
    """Records each argon2 verification WPQ runs, with the cost parameters of the hash it checked."""

    def __init__(self, monkeypatch):
        from argon2 import PasswordHasher, extract_parameters

        self.calls: list[tuple[str, int, int]] = []
        original = PasswordHasher.verify
        calls = self.calls

        def verify(hasher, hash, password):
            parameters = extract_parameters(hash)
            calls.append((parameters.type.name, parameters.time_cost, parameters.memory_cost))
            return original(hasher, hash, password)

        monkeypatch.setattr(PasswordHasher, "verify", verify)
        monkeypatch.setattr(PasswordHasher, "hash", _no_hashing_on_a_refusal)


def _no_hashing_on_a_refusal(*args, **kwargs):
    raise AssertionError("a refused sign-in must verify, not hash, so every path does the same work")


@pytest.mark.parametrize(
    "state",
    ["unknown", "wrong password", "waiting", "locked", "deactivated", "no password"],
)
def test_every_refusal_runs_exactly_one_password_verification_of_the_same_cost(
    client_request, frozen_clock, monkeypatch, state
):
    from workforce.kernel import passwords

    settings = {
        "unknown": None,
        "wrong password": {},
        "waiting": {"failed_sign_ins": 3, "locked_until": frozen_clock.moment + timedelta(seconds=30)},
        "locked": {"failed_sign_ins": 5, "locked_until": frozen_clock.moment + timedelta(minutes=30)},
        "deactivated": {"deactivated_at": frozen_clock.moment},
        "no password": {"password_hash": None},
    }[state]
    if settings is not None:
        create_user(email="amy@example.gov.uk", password=DEFAULT_PASSWORD, **settings)
    with client_request.app.test_request_context():
        hasher = passwords._hasher()
        passwords._dummy_hash(hasher.time_cost, hasher.memory_cost)  # made once, before the spy
    calls = _HashCalls(monkeypatch).calls
    page = sign_in(client_request, "amy@example.gov.uk", "wrong password", expected_status=200)
    assert error_summary(page) == [WRONG]
    config = client_request.app.config
    assert calls == [("ID", config["PASSWORD_HASH_TIME_COST"], config["PASSWORD_HASH_MEMORY_COST"])]


def test_sign_in_ignores_a_next_address_on_another_site(client_request):
    create_user(email="amy@example.gov.uk", password=DEFAULT_PASSWORD)
    response = client_request.post_url(
        "/sign-in?next=https://evil.example/steal",
        {"email": "amy@example.gov.uk", "password": DEFAULT_PASSWORD},
    )
    assert response.response.location == "/"


def test_sign_in_returns_to_the_page_asked_for(client_request):
    create_user(Role.ADMINISTRATOR, email="amy@example.gov.uk", password=DEFAULT_PASSWORD)
    response = client_request.post_url(
        "/sign-in?next=/admin/users", {"email": "amy@example.gov.uk", "password": DEFAULT_PASSWORD}
    )
    assert response.response.location == "/admin/users"


def test_signing_out_needs_a_post_and_ends_the_session(client_request):
    user = create_user()
    client_request.login(user)
    client_request.get_url("/sign-out", _expected_status=405)
    client_request.post("auth.sign_out", _expected_redirect="/sign-in")
    response = client_request.client.get("/")
    assert response.status_code == 302
    assert response.location.startswith("/sign-in")


def test_a_session_ends_after_thirty_idle_minutes(client_request, frozen_clock):
    client_request.login(create_user())
    frozen_clock.advance(timedelta(minutes=29))
    client_request.get("pages.home")
    frozen_clock.advance(timedelta(minutes=29))
    client_request.get("pages.home")
    frozen_clock.advance(timedelta(minutes=31))
    response = client_request.client.get("/")
    assert response.status_code == 302
    page = client_request.get_url(response.location)
    assert "had not done anything for 30 minutes" in page.get_text()


def test_a_session_ends_at_its_absolute_limit_however_active(client_request, frozen_clock):
    client_request.login(create_user())
    for _ in range(25):
        frozen_clock.advance(timedelta(minutes=29))
        client_request.client.get("/")
    response = client_request.client.get("/")
    assert response.status_code == 302


def test_the_session_cookie_is_http_only_and_same_site_lax(client_request):
    create_user(email="amy@example.gov.uk", password=DEFAULT_PASSWORD)
    response = sign_in(client_request, "amy@example.gov.uk", DEFAULT_PASSWORD).response
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("wpq_session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_a_form_without_its_csrf_token_is_refused(client):
    response = client.post("/sign-in", data={"email": "a@example.gov.uk", "password": "x"})
    assert response.status_code == 400
    assert "The form had expired" in response.get_data(as_text=True)


def test_changing_your_password_ends_your_other_sessions(client_request, app):
    user = create_user(password=DEFAULT_PASSWORD)
    other = ClientRequest(app.test_client(), app)
    other.login(user)
    client_request.login(user)
    client_request.post(
        "pages.account",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password": "a brand new long password",
            "confirm_password": "a brand new long password",
        },
    )
    client_request.get("pages.account")
    assert other.client.get("/").status_code == 302


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {
                "current_password": "wrong",
                "new_password": "long enough password",
                "confirm_password": "long enough password",
            },
            "Your current password is not correct",
        ),
        (
            {"current_password": DEFAULT_PASSWORD, "new_password": "short", "confirm_password": "short"},
            "Password must be 12 characters or more",
        ),
        (
            {
                "current_password": DEFAULT_PASSWORD,
                "new_password": "long enough password",
                "confirm_password": "different password",
            },
            "The passwords do not match",
        ),
    ],
)
def test_a_bad_password_change_is_explained(client_request, data, error):
    client_request.login(create_user(password=DEFAULT_PASSWORD))
    page = client_request.post("pages.account", data, _expected_status=200)
    assert error in error_summary(page)


def test_sign_in_attempts_from_one_address_are_rate_limited(db, limited_app):
    limited = limited_app(SIGN_IN_RATE_LIMIT="3 per minute")
    assert limited.config["RATELIMIT_STORAGE_URI"] == "wpq-database://"
    with limited.app_context():
        client_request = ClientRequest(limited.test_client(), limited)
        for _ in range(3):
            client_request.post("auth.sign_in", {"email": "a@example.gov.uk", "password": "x"}, _expected_status=200)
        page = client_request.post("auth.sign_in", {"email": "a@example.gov.uk", "password": "x"}, _expected_status=429)
        assert page.h1.get_text(strip=True) == "Too many requests"
        client_request.get("auth.sign_in")
        from workforce.extensions import db as _db

        _db.engine.dispose()


def test_two_workers_share_the_sign_in_limit_through_redis(db, limited_app):
    import secrets
    import socket

    from workforce.extensions import db as _db

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    settings = {
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15",
        "RATELIMIT_KEY_PREFIX": f"wpq-test-{secrets.token_hex(6)}",
        "SIGN_IN_RATE_LIMIT": "3 per minute",
    }
    workers = [limited_app(**settings), limited_app(**settings)]
    statuses = []
    for attempt in range(4):
        worker = workers[attempt % 2]
        with worker.app_context():
            client_request = ClientRequest(worker.test_client(), worker)
            token = client_request._token()
            response = client_request.client.post(
                "/sign-in", data={"csrf_token": token, "email": "a@example.gov.uk", "password": "x"}
            )
            statuses.append(response.status_code)
            _db.engine.dispose()
    assert statuses == [200, 200, 200, 429]
