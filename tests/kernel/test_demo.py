from datetime import date

import pytest
from sqlalchemy import select

from tests.builders import create_team
from workforce.kernel import settings
from workforce.kernel.contract import registry
from workforce.kernel.demo import DEMO_PASSWORD, DemoRefused, load_demo
from workforce.kernel.models import ServiceArea, Team, User
from workforce.kernel.navigation import header_items, permitted_entries
from workforce.kernel.roles import Role


def test_the_demo_council_has_realistic_teams_and_a_user_for_every_role(db):
    load_demo("small", seed=1, as_of=date(2026, 11, 1), with_modules=False)
    names = db.session.execute(select(Team.name)).scalars().all()
    for expected in (
        "Multi-Agency Safeguarding Hub (MASH)",
        "Assessment Team 1",
        "Children in Care Team 1",
        "Care Leavers Team",
        "Disabled Children's Team",
        "Fostering Team",
        "Adoption Team",
        "Early Help Team",
        "Child in Need and Child Protection Team 1",
    ):
        assert expected in names
    roles = {user.role for user in db.session.execute(select(User)).scalars()}
    assert roles == set(Role)
    assert db.session.execute(select(ServiceArea)).scalars().all()
    assert settings.get("council_name") == "Demo Borough Council"
    assert settings.get("demo_mode") is True


def test_the_demo_team_manager_manages_the_demo_social_workers_team(db):
    context = load_demo("small", seed=1, as_of=date(2026, 11, 1), with_modules=False)
    manager = context.users[Role.TEAM_MANAGER]
    worker = context.users[Role.SOCIAL_WORKER]
    assert worker.team in manager.managed_teams


def test_the_large_demo_council_has_more_teams(db):
    context = load_demo("large", seed=1, as_of=date(2026, 11, 1), with_modules=False)
    assert len(context.teams) >= 40


def test_the_demo_refuses_a_database_that_holds_records(db):
    create_team("A real team")
    with pytest.raises(DemoRefused, match="already holds"):
        load_demo("small")


def test_demo_mode_is_shown_on_every_page(client_request, db):
    load_demo("small", seed=1, with_modules=False)
    page = client_request.get("auth.sign_in")
    assert "Demo data." in page.select_one(".wpq-demo-notice").get_text()


def test_every_demo_role_signs_in_and_sees_its_own_navigation(client_request, db, app):
    load_demo("small", seed=1, with_modules=False)
    modules = registry(app)
    for role in Role:
        client_request.post("auth.sign_in", {"email": f"{role.value}@demo-borough.example", "password": DEMO_PASSWORD})
        page = client_request.get("pages.home")
        links = [
            a.get_text(strip=True)
            for a in page.select(".govuk-service-navigation__list a")
            if not a.get_text(strip=True).startswith("Your account")
        ]
        expected = [
            item.label
            for item in header_items(modules, lambda permission, role=role: modules.role_has(role, permission))
        ]
        assert links == expected, role
        pages = [
            entry.label
            for entry in permitted_entries(modules, lambda permission, role=role: modules.role_has(role, permission))
        ]
        assert ("Users" in pages) is (role is Role.ADMINISTRATOR)
        assert ("Audit trail" in pages) is (role is Role.ADMINISTRATOR)
        assert page.select_one(".govuk-caption-l").get_text(strip=True) == role.label
        client_request.post("auth.sign_out")


def test_the_stress_size_has_ten_times_the_large_councils_teams(db):
    from workforce.kernel.demo import TEAM_PLAN

    context = load_demo("stress", seed=1, as_of=date(2026, 11, 1), with_modules=False)
    large_teams = sum(large for kinds in TEAM_PLAN.values() for _name, _small, large in kinds)
    assert len(context.teams) == 10 * large_teams
    assert context.large and context.scale == 10


def test_the_full_demo_council_has_a_user_for_every_role_and_its_home_pages_work(demo):
    assert set(demo.users) == set(Role)
    for role, user in demo.users.items():
        demo.client_request.login(user)
        page = demo.client_request.get("pages.home")
        assert page.select_one(".govuk-caption-l").get_text(strip=True) == role.label
