"""An auditor completes an allocated audit with an action; a moderator changes its grade; the report moves."""

import re
from datetime import date

from playwright.sync_api import expect

from tests.browser.conftest import fill_date, sign_in
from workforce.kernel.demo import DEMO_PASSWORD


def counts(page, figure_id: str) -> tuple[int, int]:
    text = page.locator(f"#{figure_id}").inner_text()
    match = re.search(r"\((\d+) of (\d+) audits\)", text)
    return int(match.group(1)), int(match.group(2))


def test_an_audit_is_completed_moderated_and_the_report_moves(page):
    today = date.today().isoformat()
    sign_in(page, "team-manager@demo-borough.example", DEMO_PASSWORD)
    page.goto("/audits")
    page.get_by_role("table", name="Audits allocated to you").get_by_role("link").first.click()
    reference = page.get_by_role("heading", level=1).inner_text().removeprefix("Audit of ")
    page.get_by_role("button", name="Record the audit").click()
    fill_date(page, "Date of the audit", today)
    selects = page.locator("select[name^=domain_]")
    for index in range(selects.count()):
        selects.nth(index).select_option(label="Good")
    page.get_by_label("Overall grade").select_option(label="Good")
    page.get_by_label("Strengths").fill("The child's voice is clear throughout.")
    page.get_by_label("Conversation with the practitioner").fill("Talked through the findings with the worker.")
    page.get_by_role("button", name="Submit audit").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Audit submitted")
    expect(page.get_by_role("button", name="Record the audit")).to_have_count(0)
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("Action").fill("Update the chronology before the next review")
    page.get_by_label("Owner").select_option(label="Helen Murray")
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_role("table", name="Actions")).to_contain_text("Update the chronology before the next review")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "qa-officer@demo-borough.example", DEMO_PASSWORD)
    page.goto("/audits/report")
    good_before, total_before = counts(page, "good-or-better")
    inadequate_before, _ = counts(page, "inadequate")
    page.goto("/audits/moderation")
    fill_date(page, "Audits dated from", today)
    fill_date(page, "Audits dated to", today)
    page.get_by_label("Percentage to moderate").fill("100")
    page.get_by_role("button", name="Select audits for moderation").click()
    page.get_by_role("table", name="Waiting for moderation").get_by_role("link", name=reference).click()
    page.get_by_label("Moderated overall grade").select_option(label="Inadequate")
    domains = page.locator("select[name^=domain_]")
    for index in range(domains.count()):
        domains.nth(index).select_option(label="Good")
    page.get_by_label("Reason for any change").fill("No evidence of the plan being reviewed.")
    page.get_by_role("button", name="Record moderation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Record this moderation of {reference}?")
    page.get_by_role("button", name="Record moderation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"Moderation of {reference} recorded")

    page.goto("/audits/report")
    assert counts(page, "good-or-better") == (good_before - 1, total_before)
    assert counts(page, "inadequate") == (inadequate_before + 1, total_before)
