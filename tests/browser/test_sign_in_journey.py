"""A person signs in, sees their role's home page and signs out, in a real browser."""

from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from workforce.kernel.demo import DEMO_PASSWORD


def test_a_team_manager_signs_in_sees_their_home_page_and_signs_out(page):
    sign_in(page, "team-manager@demo-borough.example", DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Helen Murray")
    expect(page.get_by_role("heading", name="Your teams")).to_be_visible()
    expect(page.get_by_role("link", name="Assessment Team 1")).to_be_visible()
    expect(page.locator(".wpq-demo-notice")).to_contain_text("Demo data.")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Workforce and Practice Quality")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out")
    page.goto("/")
    assert "/sign-in" in page.url


def test_an_administrator_sees_the_administration_navigation(page):
    sign_in(page, "administrator@demo-borough.example", DEMO_PASSWORD)
    navigation = page.get_by_role("navigation", name="Sections")
    navigation.get_by_role("link", name="Administration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")
    section = page.get_by_role("main")
    expect(section.get_by_role("link", name="Audit trail")).to_be_visible()
    section.get_by_role("link", name="Users").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Users")


def test_a_wrong_password_shows_the_error_summary_and_focuses_it(page):
    sign_in(page, "hr@demo-borough.example", "not the right password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a correct email address and password")
    expect(summary).to_be_focused()
