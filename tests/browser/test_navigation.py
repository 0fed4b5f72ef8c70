"""The header's navigation in a browser: one row on a laptop, GOV.UK's menu button on a 320 px phone."""

import pytest

from tests.browser.conftest import sign_in
from workforce.kernel.demo import DEMO_PASSWORD, demo_email
from workforce.kernel.navigation import MOST_ITEMS
from workforce.kernel.roles import Role

#: The header's section links: their text, and the top and left of each on the page.
ITEMS = """() => [...document.querySelectorAll('.govuk-service-navigation__list > li:not(.wpq-account-links)')]
  .filter(item => item.querySelector('a'))
  .map(item => {
    const box = item.getBoundingClientRect();
    return {text: item.textContent.trim(), top: Math.round(box.top), left: Math.round(box.left), width: box.width};
  })"""

#: How far the header's widest part reaches beyond the window (0 or less when it fits). The page's own content is
#: checked by tests/browser/test_reading.py.
OVERFLOW = """() => Math.max(...[...document.querySelectorAll('.govuk-template__header, .govuk-template__header *')]
  .filter(element => element.getClientRects().length)
  .map(element => Math.ceil(element.getBoundingClientRect().right))) - document.documentElement.clientWidth"""

ROLES = [Role.HR, Role.SENIOR_LEADER, Role.TEAM_MANAGER, Role.ADMINISTRATOR]


@pytest.mark.parametrize("role", ROLES)
def test_the_sections_sit_in_one_row_on_a_laptop(page, live_app, role):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, demo_email(role), DEMO_PASSWORD)
    page.goto("/")
    items = page.evaluate(ITEMS)
    assert 1 <= len(items) <= MOST_ITEMS
    assert len({item["top"] for item in items}) == 1, items
    assert page.evaluate(OVERFLOW) <= 0


@pytest.mark.parametrize("role", ROLES)
def test_on_a_phone_the_sections_open_from_the_menu_button_one_to_a_line(page, live_app, role):
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, demo_email(role), DEMO_PASSWORD)
    page.goto("/")
    menu = page.get_by_role("button", name="Menu")
    assert menu.is_visible()
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate(OVERFLOW) <= 0
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    items = page.evaluate(ITEMS)
    assert 1 <= len(items) <= MOST_ITEMS
    # Stacked: each item on a line of its own, all starting at the same left edge, none wider than the screen.
    tops = [item["top"] for item in items]
    assert tops == sorted(tops) and len(set(tops)) == len(tops), items
    assert len({item["left"] for item in items}) == 1, items
    assert all(item["left"] + item["width"] <= 320 for item in items), items
    assert page.evaluate(OVERFLOW) <= 0
    # A section opens its page, where the item is marked as the page shown.
    people = page.get_by_role("link", name="People", exact=True)
    if people.count():
        people.first.click()
        page.wait_for_url("**/sections/people")
        assert page.locator(".govuk-service-navigation__link[aria-current='page']").inner_text().strip() == "People"
        assert page.evaluate(OVERFLOW) <= 0
