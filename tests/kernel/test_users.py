import pytest

from tests.builders import DEFAULT_PASSWORD, create_team, create_user
from tests.conftest import ClientRequest, error_summary
from workforce.kernel.models import User
from workforce.kernel.roles import Role


@pytest.fixture
def admin(client_request):
    user = create_user(Role.ADMINISTRATOR, name="Morgan Ellis")
    client_request.login(user)
    return user


def test_an_administrator_creates_a_team_manager_for_two_teams(client_request, admin, db):
    first, second = create_team("Assessment Team 1"), create_team("Assessment Team 2")
    client_request.post(
        "users.create_user",
        {
            "name": "Helen Murray",
            "email": "Helen@Example.gov.uk",
            "role": "team-manager",
            "teams": [first.id, second.id],
            "password": DEFAULT_PASSWORD,
        },
    )
    user = db.session.query(User).filter_by(email="helen@example.gov.uk").one()
    assert [team.name for team in user.managed_teams] == ["Assessment Team 1", "Assessment Team 2"]
    assert user.team == first


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {},
            [
                "Enter the user's full name",
                "Enter the user's email address",
                "Select the user's role",
                "Enter an initial password",
            ],
        ),
        (
            {"name": "A", "email": "not-an-email", "role": "hr", "password": DEFAULT_PASSWORD},
            ["Enter an email address in the correct format, like name@example.gov.uk"],
        ),
        (
            {"name": "A", "email": "a@example.gov.uk", "role": "hr", "password": "short"},
            ["Password must be 12 characters or more"],
        ),
        (
            {"name": "A", "email": "a@example.gov.uk", "role": "team-manager", "password": DEFAULT_PASSWORD},
            ["Select at least one team for a team manager"],
        ),
        (
            {"name": "A", "email": "taken@example.gov.uk", "role": "hr", "password": DEFAULT_PASSWORD},
            ["A user with the email address taken@example.gov.uk already exists"],
        ),
    ],
)
def test_bad_user_details_are_explained_and_nothing_is_saved(client_request, admin, db, data, errors):
    create_user(email="taken@example.gov.uk")
    before = db.session.query(User).count()
    page = client_request.post("users.create_user", data, _expected_status=200)
    assert error_summary(page) == errors
    assert db.session.query(User).count() == before
    if data.get("name"):
        assert page.select_one("#name")["value"] == data["name"]


def test_a_social_worker_belongs_to_one_team_at_most(client_request, admin):
    first, second = create_team(), create_team()
    page = client_request.post(
        "users.create_user",
        {
            "name": "A",
            "email": "a@example.gov.uk",
            "role": "social-worker",
            "teams": [first.id, second.id],
            "password": DEFAULT_PASSWORD,
        },
        _expected_status=200,
    )
    assert error_summary(page) == ["Select one team at most; only team managers manage several teams"]


def test_deactivating_a_user_signs_them_out(client_request, admin, app):
    person = create_user(password=DEFAULT_PASSWORD)
    theirs = ClientRequest(app.test_client(), app)
    theirs.login(person)
    page = client_request.post("users.deactivate_user", user_id=person.id, _expected_status=200)
    assert page.h1.get_text(strip=True) == f"Deactivate {person.name}?"
    assert person.email in page.select_one("[data-confirmation]").get_text()
    assert person.is_active
    assert theirs.client.get("/").status_code == 200
    client_request.post("users.deactivate_user", {"confirmed": "yes"}, user_id=person.id)
    assert not person.is_active
    assert theirs.client.get("/").status_code == 302


def test_an_administrator_cannot_deactivate_themselves(client_request, admin):
    page = client_request.post("users.deactivate_user", user_id=admin.id, _follow_redirects=True, _expected_status=200)
    assert "You cannot deactivate your own account" in page.get_text()
    assert admin.is_active


def test_an_administrator_unlocks_a_locked_account(client_request, admin, frozen_clock):
    from datetime import timedelta

    person = create_user(failed_sign_ins=5, locked_until=frozen_clock.moment + timedelta(minutes=20))
    page = client_request.get("users.show_user", user_id=person.id)
    assert "Locked after 5 wrong passwords" in page.get_text()
    client_request.post("users.unlock_user", user_id=person.id)
    assert not person.is_locked
    assert person.failed_sign_ins == 0


def test_the_user_list_filters_by_role_and_search(client_request, admin):
    create_user(Role.HR, name="Daniel Osei")
    create_user(Role.HR, name="Ruth Adams")
    create_user(Role.SOCIAL_WORKER, name="Daniel Hughes")
    page = client_request.get("users.list_users", _query={"role": "hr", "search": "daniel"})
    names = [link.get_text(strip=True) for link in page.select("tbody a")]
    assert names == ["Daniel Osei"]


@pytest.mark.parametrize("role", [role for role in Role if role is not Role.ADMINISTRATOR])
def test_only_administrators_manage_users(client_request, role):
    client_request.login(create_user(role, manages=[create_team()] if role is Role.TEAM_MANAGER else ()))
    client_request.get("users.list_users", _expected_status=403)
    client_request.post("users.create_user", {"name": "x"}, _expected_status=403)


def test_an_administrator_cannot_set_a_users_own_email_as_their_password(client_request, admin):
    person = create_user(email="lewis.carter@example.gov.uk")
    page = client_request.post(
        "users.set_user_password",
        {"password": "lewis.carter@example.gov.uk"},
        _expected_status=200,
        user_id=person.id,
    )
    assert error_summary(page) == ["Password must not be your name or email address"]


def test_a_second_administrator_saving_a_stale_form_is_told_and_keeps_what_they_typed(client_request, admin, db):
    team = create_team()
    person = create_user(Role.SOCIAL_WORKER, name="Lewis Carter", email="lewis@example.gov.uk", team=team)
    opened_version = person.version
    client_request.post(
        "users.edit_user",
        {
            "name": "Lewis Carter-Jones",
            "email": "lewis@example.gov.uk",
            "role": "social-worker",
            "teams": [team.id],
            "version": opened_version,
        },
        user_id=person.id,
    )
    page = client_request.post(
        "users.edit_user",
        {
            "name": "Lewis Cartier",
            "email": "lewis.c@example.gov.uk",
            "role": "social-worker",
            "teams": [team.id],
            "version": opened_version,
        },
        _expected_status=200,
        user_id=person.id,
    )
    assert "was changed by someone else while you were editing" in error_summary(page)[0]
    assert page.select_one("#name")["value"] == "Lewis Cartier"
    assert page.select_one("#email")["value"] == "lewis.c@example.gov.uk"
    assert "Lewis Carter-Jones" in page.select_one(".govuk-summary-list").get_text()
    db.session.refresh(person)
    assert person.name == "Lewis Carter-Jones"
    client_request.post(
        "users.edit_user",
        {
            "name": "Lewis Cartier",
            "email": "lewis.c@example.gov.uk",
            "role": "social-worker",
            "teams": [team.id],
            "version": page.select_one("input[name=version]")["value"],
        },
        user_id=person.id,
    )
    db.session.refresh(person)
    assert person.name == "Lewis Cartier"
