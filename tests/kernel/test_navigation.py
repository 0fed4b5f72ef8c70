"""The header's navigation: a few sections for every role, nothing lost, nothing shown that a role may not open."""

import pytest
from flask import Blueprint, render_template_string

from tests.builders import create_user
from workforce.app import create_app
from workforce.extensions import db as _db
from workforce.kernel.contract import (
    ADMINISTRATION,
    PEOPLE,
    NavigationEntry,
    NavigationSection,
    register_module,
    registry,
)
from workforce.kernel.navigation import MOST_ITEMS
from workforce.kernel.permissions import permission_required
from workforce.kernel.roles import Role


def header_links(page) -> list[tuple[str, str]]:
    """(text, href) of the header's navigation items, without the account links at its end."""
    return [
        (link.get_text(strip=True), link["href"])
        for link in page.select(".govuk-service-navigation__list > li > a.govuk-service-navigation__link")
        if not link.find_parent("li", class_="wpq-account-links")
    ]


def reachable(client_request, page) -> set[str]:
    """Every page reachable from the header: its items, and the pages listed on each section page."""
    paths = set()
    for _, href in header_links(page):
        paths.add(href)
        if href.startswith("/sections/"):
            section_page = client_request.get_url(href)
            paths |= {link["href"] for link in section_page.select("main a.govuk-link")}
    return paths


@pytest.mark.parametrize("role", list(Role))
def test_every_role_sees_at_most_seven_items_and_can_still_reach_every_page_it_could_before(demo, role):
    user = demo.users[role]
    demo.client_request.login(user)
    home = demo.client_request.get("pages.home")
    links = header_links(home)
    assert 1 <= len(links) <= MOST_ITEMS, links
    modules = registry(demo.client_request.app)
    before = {
        demo.client_request.url(entry.endpoint)
        for entry in modules.navigation
        if modules.role_has(role, entry.permission)
    }
    assert before, f"{role} had no page in the navigation"
    assert before <= reachable(demo.client_request, home)


@pytest.mark.parametrize("role", [Role.HR, Role.SENIOR_LEADER, Role.TEAM_MANAGER])
def test_the_busiest_roles_see_sections_not_every_page(demo, role):
    demo.client_request.login(demo.users[role])
    texts = [text for text, _ in header_links(demo.client_request.get("pages.home"))]
    assert "People" in texts
    assert "Staff" not in texts and "Recruitment" not in texts


def test_the_home_page_does_not_repeat_the_menu(demo):
    demo.client_request.login(demo.users[Role.HR])
    home = demo.client_request.get("pages.home")
    main_links = {link["href"] for link in home.select("main a")}
    header = {href for _, href in header_links(home)}
    sections_pages = {
        demo.client_request.url("people.list_staff"),
        demo.client_request.url("recruitment.list_vacancies"),
    }
    assert not (main_links & sections_pages)
    assert not {href for href in main_links if href.startswith("/sections/")}
    assert header


def test_a_section_page_lists_only_the_pages_the_role_may_open_with_what_each_is_for(demo):
    demo.client_request.login(demo.users[Role.TEAM_MANAGER])
    page = demo.client_request.get("pages.section", key=PEOPLE)
    assert page.h1.get_text(strip=True) == "People"
    modules = registry(demo.client_request.app)
    listed = {link.get_text(strip=True) for link in page.select("main h2 a")}
    permitted = {
        entry.label
        for entry in modules.navigation
        if entry.section == PEOPLE and modules.role_has(Role.TEAM_MANAGER, entry.permission)
    }
    refused = {
        entry.label
        for entry in modules.navigation
        if entry.section == PEOPLE and not modules.role_has(Role.TEAM_MANAGER, entry.permission)
    }
    assert listed == permitted
    assert refused, "the test needs a People page a team manager may not open"
    assert not listed & refused
    descriptions = [item.get_text(strip=True) for item in page.select("main li p")]
    assert len(descriptions) == len(listed) and all(descriptions)
    current = page.select(".govuk-service-navigation__item--active a")
    assert [link.get_text(strip=True) for link in current] == ["People"]
    assert current[0]["aria-current"] == "page"


def test_a_section_page_for_a_role_with_none_of_its_pages_is_refused(demo):
    demo.client_request.login(demo.users[Role.SOCIAL_WORKER])
    demo.client_request.get("pages.section", key=ADMINISTRATION, _expected_status=403)
    demo.client_request.get("pages.section", key="no-such-section", _expected_status=404)


def test_a_section_page_needs_signing_in(client_request):
    response = client_request.client.get(client_request.url("pages.section", key=PEOPLE))
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_a_role_with_one_page_in_a_section_goes_straight_to_it(demo):
    demo.client_request.login(demo.users[Role.SOCIAL_WORKER])
    modules = registry(demo.client_request.app)
    links = dict(header_links(demo.client_request.get("pages.home")))
    for key in modules.sections:
        entries = [
            entry
            for entry in modules.navigation
            if entry.section == key and modules.role_has(Role.SOCIAL_WORKER, entry.permission)
        ]
        if len(entries) == 1:
            assert links[entries[0].label] == demo.client_request.url(entries[0].endpoint)
            response = demo.client_request.client.get(demo.client_request.url("pages.section", key=key))
            assert response.status_code == 302
            assert response.headers["Location"].endswith(demo.client_request.url(entries[0].endpoint))


def test_the_section_holding_the_page_shown_is_marked_by_its_longest_path(demo):
    demo.client_request.login(demo.users[Role.ADMINISTRATOR])
    page = demo.client_request.get("supervision.manage_policy")
    current = page.select(".govuk-service-navigation__item--active a")
    assert [link.get_text(strip=True) for link in current] == ["Administration"]
    assert current[0]["aria-current"] == "true"


# A module the tests add: it puts one page in the kernel's People section and brings a section of its own.
LEAVE_PERMISSION = "leave.view"
leave = Blueprint("leave", __name__)


@leave.route("/leave")
@permission_required(LEAVE_PERMISSION)
def overview():
    return render_template_string(
        "{% extends 'layout.html' %}{% block title %}Leave{% endblock %}"
        "{% block content %}<h1 class='govuk-heading-l'>Leave</h1>{% endblock %}"
    )


@leave.route("/leave/wellbeing")
@permission_required(LEAVE_PERMISSION)
def wellbeing():
    return render_template_string(
        "{% extends 'layout.html' %}{% block title %}Wellbeing{% endblock %}"
        "{% block content %}<h1 class='govuk-heading-l'>Wellbeing</h1>{% endblock %}"
    )


@leave.route("/leave/visits")
@permission_required(LEAVE_PERMISSION)
def visits():
    return render_template_string(
        "{% extends 'layout.html' %}{% block title %}Visits{% endblock %}"
        "{% block content %}<h1 class='govuk-heading-l'>Visits</h1>{% endblock %}"
    )


@pytest.fixture(scope="module")
def leave_app(app):
    leave_app = create_app({"WPQ_ENV": "testing", "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    modules = register_module(leave_app, "leave", "Leave", "Annual leave", blueprints=(leave,))
    modules.grant(LEAVE_PERMISSION, Role.SOCIAL_WORKER)
    modules.add_section(NavigationSection("wellbeing", "Wellbeing", 50, "Looking after staff."))
    for entry in (
        NavigationEntry(
            "Leave", "leave.overview", LEAVE_PERMISSION, 24, "/leave", section=PEOPLE, description="Leave."
        ),
        NavigationEntry("Wellbeing", "leave.wellbeing", LEAVE_PERMISSION, 50, "/leave/wellbeing", "wellbeing", "W."),
        NavigationEntry("Visits", "leave.visits", LEAVE_PERMISSION, 51, "/leave/visits", "wellbeing", "Visits."),
    ):
        modules.add_navigation(entry)
    modules.check_navigation()
    yield leave_app
    with leave_app.app_context():
        _db.engine.dispose()


def test_a_new_module_adds_pages_to_a_section_and_a_section_of_its_own(leave_app, db):
    from tests.conftest import ClientRequest

    with leave_app.app_context():
        client_request = ClientRequest(leave_app.test_client(), leave_app)
        client_request.login(create_user(Role.SOCIAL_WORKER))
        links = dict(header_links(client_request.get("pages.home")))
        assert links["Wellbeing"] == client_request.url("pages.section", key="wellbeing")
        section = client_request.get("pages.section", key="wellbeing")
        assert [link.get_text(strip=True) for link in section.select("main h2 a")] == ["Wellbeing", "Visits"]
        people = links.get("People") or links.get("Leave")
        assert people is not None
        page = client_request.get("leave.visits")
        assert [link.get_text(strip=True) for link in page.select(".govuk-service-navigation__item--active a")] == [
            "Wellbeing"
        ]


def test_a_page_in_a_section_nobody_registered_stops_the_app_starting(app):
    modules = registry(app)
    modules.navigation.append(
        NavigationEntry("Lost", "pages.home", "nobody.view", 1, "/lost", section="nowhere", description="Lost.")
    )
    try:
        with pytest.raises(ValueError, match="nowhere"):
            modules.check_navigation()
    finally:
        modules.navigation.pop()


def test_a_page_in_a_section_needs_a_description(app):
    with pytest.raises(ValueError, match="description"):
        registry(app).add_navigation(NavigationEntry("Bare", "pages.home", "x", section=PEOPLE))
