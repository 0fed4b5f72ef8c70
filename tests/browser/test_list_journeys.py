"""The staff and supervision lists in a browser: sorting by a heading, filtering, paging and downloading,
with JavaScript off for sorting and paging (they are plain links)."""

import csv
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from workforce.kernel.demo import DEMO_PASSWORD


@pytest.fixture
def no_script_page(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def summary_numbers(page) -> list[int]:
    text = page.locator(".wpq-list-summary").inner_text()
    return [int(number.replace(",", "")) for number in re.findall(r"[\d,]+", text)]


def column_text(page, key: str) -> list[str]:
    return page.locator(f"table[data-list] tbody [data-column={key}]").all_inner_texts()


def downloaded_rows(page, link_name: str) -> list[list[str]]:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    path = info.value.path()
    with open(path, encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def test_staff_sorts_by_a_heading_without_javascript(no_script_page):
    page = no_script_page
    sign_in(page, "hr@demo-borough.example", DEMO_PASSWORD)
    page.goto("/staff")
    heading = page.locator("table[data-list] th", has_text="Employee number")
    expect(heading).to_have_attribute("aria-sort", "none")
    heading.get_by_role("link").click()
    expect(page.locator("table[data-list] th", has_text="Employee number")).to_have_attribute("aria-sort", "ascending")
    numbers = column_text(page, "employee-number")
    assert numbers == sorted(numbers) and len(numbers) > 1
    page.locator("table[data-list] th", has_text="Employee number").get_by_role("link").click()
    expect(page.locator("table[data-list] th", has_text="Employee number")).to_have_attribute("aria-sort", "descending")
    assert column_text(page, "employee-number") == sorted(column_text(page, "employee-number"), reverse=True)


def test_staff_pages_through_with_the_total_shown(no_script_page):
    page = no_script_page
    sign_in(page, "hr@demo-borough.example", DEMO_PASSWORD)
    page.goto("/staff?status=all")
    first, last, total = summary_numbers(page)
    assert (first, last) == (1, 50) and total > 50
    first_page = column_text(page, "name")
    page.get_by_role("link", name=re.compile("Next")).click()
    expect(page.locator(".wpq-list-summary")).to_contain_text(f"Showing 51 to {min(100, total)} of {total:,} people")
    assert set(column_text(page, "name")).isdisjoint(first_page)
    assert "status=all" in page.url and "page=2" in page.url


def test_staff_filters_and_downloads_exactly_what_is_shown(page):
    sign_in(page, "hr@demo-borough.example", DEMO_PASSWORD)
    page.goto("/staff")
    page.get_by_label("Status").select_option(label="Leavers")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"status=leavers"))
    statuses = column_text(page, "status")
    assert statuses and all(status.startswith("Left ") for status in statuses)
    total = summary_numbers(page)[-1]
    rows = downloaded_rows(page, "Download CSV")
    assert rows[0][:2] == ["Name", "Employee number"]
    assert len(rows) - 1 == total
    assert all(row[-1].startswith("Left ") for row in rows[1:])
    page.get_by_label("Name, employee or SWE number").fill(rows[1][1])
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("table[data-list] tbody tr")).to_have_count(1)
    expect(page.locator("[data-column=employee-number]")).to_have_text(rows[1][1])


def test_supervision_sorts_filters_pages_and_downloads_in_the_managers_scope(page):
    sign_in(page, "team-manager@demo-borough.example", DEMO_PASSWORD)
    page.goto("/supervision")
    expect(page.locator("table[data-list] th", has_text="Date")).to_have_attribute("aria-sort", "descending")
    total = summary_numbers(page)[-1]
    assert total > 0
    page.locator("table[data-list] th", has_text="Supervisee").get_by_role("link").click()
    expect(page.locator("table[data-list] th", has_text="Supervisee")).to_have_attribute("aria-sort", "ascending")
    assert summary_numbers(page)[-1] == total
    page.get_by_label("Status").select_option(label="Held")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"status=held"))
    statuses = set(column_text(page, "status"))
    assert statuses == {"Held"}
    held = summary_numbers(page)[-1]
    if held > 50:
        page.get_by_role("link", name=re.compile("Next")).click()
        expect(page.locator(".wpq-list-summary")).to_contain_text(f"Showing 51 to {min(100, held)} of {held:,}")
    rows = downloaded_rows(page, "Download CSV")
    assert len(rows) - 1 == held
    assert {row[5] for row in rows[1:]} == {"Held"}
    teams = {row[3] for row in rows[1:]}
    choices = set(page.get_by_label("Team").locator("option").all_inner_texts()) - {"Any"}
    assert teams <= choices
