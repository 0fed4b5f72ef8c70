"""Sign-in with the council's identity provider, against a real OpenID Connect provider run locally."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from tests.builders import DEFAULT_PASSWORD, create_user
from tests.conftest import error_summary
from tests.oidc.fixtures import ACCOUNTS, sign_in_through_provider
from workforce.kernel.models import AuditEvent, User
from workforce.kernel.roles import Role

HELEN = ACCOUNTS["helen"]


def start_sign_in(client_request) -> str:
    response = client_request.client.get("/sign-in/council")
    assert response.status_code == 302
    return response.location


def signed_in_name(client_request) -> str | None:
    response = client_request.client.get("/")
    if response.status_code != 200:
        return None
    return BeautifulSoup(response.get_data(as_text=True), "html.parser").h1.get_text(strip=True)


def test_the_sign_in_page_offers_the_council_account_first(council):
    _db, client_request = council()
    page = client_request.get("auth.sign_in")
    first = page.select_one("main .govuk-button")
    assert first.get_text(strip=True) == "Sign in with your council account"
    assert first["href"] == "/sign-in/council"
    assert page.select_one("details") is not None, "the password form is still there, folded away"


def test_the_flow_uses_pkce_state_and_nonce(council):
    _db, client_request = council()
    query = parse_qs(urlsplit(start_sign_in(client_request)).query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["client_id"] == ["wpq"]


def test_a_known_person_signs_in_and_their_object_id_is_kept(council):
    database, client_request = council()
    user = create_user(Role.TEAM_MANAGER, name="Helen Murray", email=HELEN["email"])
    response, _ = sign_in_through_provider(client_request, "helen")
    assert response.status_code == 302 and response.location == "/"
    assert signed_in_name(client_request) == "Helen Murray"
    database.session.refresh(user)
    assert user.oidc_subject == HELEN["oid"]
    assert user.last_signed_in_at is not None


def test_a_person_whose_email_changed_is_still_found_by_object_id(council):
    database, client_request = council()
    create_user(Role.SOCIAL_WORKER, name="Helen Murray", email="h.murray@old-domain.example", oidc_subject=HELEN["oid"])
    response, _ = sign_in_through_provider(client_request, "helen")
    assert response.status_code == 302
    assert signed_in_name(client_request) == "Helen Murray"


def test_an_unknown_person_is_refused_with_a_clear_page_and_no_account_is_made(council):
    database, client_request = council()
    before = database.session.execute(sa.select(sa.func.count()).select_from(User)).scalar_one()
    response, _ = sign_in_through_provider(client_request, "stranger")
    assert response.status_code == 403
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.h1.get_text(strip=True) == "You do not have a WPQ account yet"
    assert "stranger@council.example" in page.get_text()
    assert signed_in_name(client_request) is None
    assert database.session.execute(sa.select(sa.func.count()).select_from(User)).scalar_one() == before


@pytest.mark.parametrize(
    ("client_id", "check"),
    [
        pytest.param("wpq-wrong-audience", "Invalid claim: 'aud'", id="wrong audience"),
        pytest.param("wpq-expired", "expired", id="expired token"),
        pytest.param("wpq-tampered", "bad_signature", id="tampered signature"),
    ],
)
def test_an_id_token_that_fails_validation_signs_nobody_in(council, client_id, check, caplog):
    _db, client_request = council(client_id)
    create_user(Role.TEAM_MANAGER, name="Helen Murray", email=HELEN["email"])
    create_user(Role.ADMINISTRATOR, name="Someone Else", email="someone.else@council.example")
    response, _ = sign_in_through_provider(client_request, "helen")
    assert response.status_code == 400
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.h1.get_text(strip=True) == "Sign-in could not be completed"
    assert check in caplog.text, "refused by the check this case is about"
    assert signed_in_name(client_request) is None


def test_a_replayed_state_is_refused(council, caplog):
    _db, client_request = council()
    create_user(Role.TEAM_MANAGER, name="Helen Murray", email=HELEN["email"])
    response, callback = sign_in_through_provider(client_request, "helen")
    assert response.status_code == 302
    client_request.post("auth.sign_out", _expected_status=200)
    replayed = client_request.client.get(callback)
    assert replayed.status_code == 400
    assert "mismatching_state" in caplog.text
    assert signed_in_name(client_request) is None


def test_sign_out_ends_the_session_and_offers_the_providers_sign_out(council, provider):
    _db, client_request = council()
    create_user(Role.TEAM_MANAGER, name="Helen Murray", email=HELEN["email"])
    sign_in_through_provider(client_request, "helen")
    page = client_request.post("auth.sign_out", _expected_status=200)
    assert page.h1.get_text(strip=True) == "You have signed out of WPQ"
    link = page.find("a", string=lambda text: text and "Sign out of your council account" in text)
    assert link["href"].startswith(provider.issuer)
    assert "id_token_hint=" in link["href"]
    assert signed_in_name(client_request) is None


def test_with_local_passwords_off_only_break_glass_administrators_use_a_password(council):
    _db, client_request = council(WPQ_LOCAL_PASSWORDS=False)
    create_user(Role.TEAM_MANAGER, email="tm@council.example", password=DEFAULT_PASSWORD)
    create_user(Role.ADMINISTRATOR, email="glass@council.example", password=DEFAULT_PASSWORD, break_glass=True)
    page = client_request.post(
        "auth.sign_in", {"email": "tm@council.example", "password": DEFAULT_PASSWORD}, _expected_status=200
    )
    refusal = [
        "Enter a correct email address and password. Passwords are for break-glass administrators only: "
        "everyone else signs in with their council account"
    ]
    assert error_summary(page) == refusal
    # The same answer for an email with no account, so the refusal tells nobody which accounts exist.
    page = client_request.post(
        "auth.sign_in", {"email": "nobody@council.example", "password": DEFAULT_PASSWORD}, _expected_status=200
    )
    assert error_summary(page) == refusal
    client_request.post("auth.sign_in", {"email": "glass@council.example", "password": DEFAULT_PASSWORD})
    assert signed_in_name(client_request) is not None


def test_an_account_is_provisioned_at_first_sign_in_only_when_the_council_turns_it_on(council):
    from tests.people.builders import create_assignment, create_staff_member

    database, client_request = council(WPQ_OIDC_PROVISION_FROM_STAFF=True)
    staff = create_staff_member(first_name="A", last_name="Stranger", email="stranger@council.example")
    create_assignment(staff)
    database.session.commit()
    response, _ = sign_in_through_provider(client_request, "stranger")
    assert response.status_code == 302
    user = database.session.execute(sa.select(User).where(User.email == "stranger@council.example")).scalar_one()
    assert user.role is Role.SOCIAL_WORKER
    assert database.session.get(type(staff), staff.id).user_id == user.id
    actions = set(
        database.session.execute(
            sa.select(AuditEvent.action).where(AuditEvent.record_type == "User", AuditEvent.record_id == str(user.id))
        ).scalars()
    )
    assert {"created", "provisioned", "linked"} <= actions
