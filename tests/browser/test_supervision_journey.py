"""A team manager records a session, the supervisee signs it in their own account, and it shows as locked."""

from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from workforce.kernel.demo import DEMO_PASSWORD


def test_a_recorded_session_signed_by_both_shows_as_locked(page):
    sign_in(page, "team-manager@demo-borough.example", DEMO_PASSWORD)
    page.goto("/supervision/record")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record supervision")
    supervisee = page.get_by_label("Supervisee", exact=True)
    expect(supervisee).to_be_focused()
    supervisee.select_option(label="Lewis Carter")
    page.get_by_label("Agenda", exact=True).fill("Caseload review and wellbeing")
    page.get_by_label("Workload").check()
    page.get_by_label("Case reference 1").fill("CR-204512")
    page.get_by_label("Decision on case 1 recorded on the case file").check()
    page.get_by_label("Sign as supervisor now").check()
    page.get_by_label("Sign as supervisor now").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Supervision of Lewis Carter")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Supervision of Lewis Carter saved")
    record_path = page.url.split("://", 1)[1].split("/", 1)[1]
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "social-worker@demo-borough.example", DEMO_PASSWORD)
    page.goto("/" + record_path)
    expect(page.get_by_text("Caseload review and wellbeing")).to_be_visible()
    page.get_by_role("button", name="Sign as supervisee").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The record is now locked")
    expect(page.locator("main .govuk-tag")).to_have_text("Locked")
    expect(page.get_by_role("button", name="Sign as supervisee")).to_have_count(0)
