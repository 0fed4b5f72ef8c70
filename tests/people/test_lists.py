"""The staff list: future starters and leavers where HR expects them, search, filters, sorting, paging,
downloads, and a team manager's scope in the list, its count and its downloads."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from tests.builders import create_team, create_team_manager, create_user
from tests.conftest import normalise_space
from tests.people.builders import create_assignment, create_post, create_staff_member
from tests.spreadsheets import table_rows
from workforce.kernel.roles import Role


@pytest.fixture
def staff(db, frozen_clock):
    frozen_clock.set(datetime(2026, 12, 1, 9, tzinfo=UTC))
    own, other = create_team("Own team"), create_team("Other team")
    in_post = create_assignment(create_staff_member(first_name="Ivy", last_name="Inpost"), create_post(own))
    starter = create_assignment(
        create_staff_member(first_name="Finn", last_name="Future"), create_post(own), start_date=date(2027, 1, 5)
    )
    leaving = create_assignment(
        create_staff_member(first_name="Lena", last_name="Leaving"), create_post(own), end_date=date(2027, 1, 31)
    )
    left = create_assignment(
        create_staff_member(first_name="Otto", last_name="Gone"), create_post(own), end_date=date(2026, 6, 30)
    )
    elsewhere = create_assignment(create_staff_member(first_name="Theo", last_name="Other"), create_post(other))
    people = [a.staff_member for a in (in_post, starter, leaving, left, elsewhere)]
    return own, other, people


def rows_of(page) -> dict[str, str]:
    """{name: status} for the rows shown."""
    return {
        row.select_one("[data-column=name]").get_text(strip=True): row.select_one("[data-column=status]").get_text(
            strip=True
        )
        for row in page.select("table[data-list] tbody tr")
    }


def test_future_starters_and_leavers_are_on_the_list_marked(client_request, staff):
    client_request.login(create_user(Role.HR))
    shown = rows_of(client_request.get("people.list_staff"))
    assert shown["Finn Future"] == "Starts 5 January 2027"
    assert shown["Lena Leaving"] == "Leaving 31 January 2027"
    assert shown["Ivy Inpost"] == "In post"
    assert "Otto Gone" not in shown


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("in-post", {"Ivy Inpost", "Lena Leaving", "Theo Other"}),
        ("future", {"Finn Future"}),
        ("leavers", {"Otto Gone"}),
        ("all", {"Ivy Inpost", "Finn Future", "Lena Leaving", "Otto Gone", "Theo Other"}),
    ],
)
def test_the_status_filter(client_request, staff, status, expected):
    client_request.login(create_user(Role.HR))
    assert set(rows_of(client_request.get("people.list_staff", _query={"status": status}))) == expected


def test_a_leaver_shows_when_they_left(client_request, staff):
    client_request.login(create_user(Role.HR))
    assert rows_of(client_request.get("people.list_staff", _query={"status": "leavers"})) == {
        "Otto Gone": "Left 30 June 2026"
    }


def test_team_filter_finds_future_starters_and_search_finds_by_name(client_request, staff):
    own, other, _ = staff
    client_request.login(create_user(Role.HR))
    assert set(rows_of(client_request.get("people.list_staff", _query={"team": own.id}))) == {
        "Ivy Inpost",
        "Finn Future",
        "Lena Leaving",
    }
    assert set(rows_of(client_request.get("people.list_staff", _query={"search": "FINN"}))) == {"Finn Future"}


def test_sorting_by_a_column_both_ways(client_request, staff):
    client_request.login(create_user(Role.HR))
    page = client_request.get("people.list_staff", _query={"sort": "name", "order": "descending"})
    names = list(rows_of(page))
    assert names == ["Theo Other", "Lena Leaving", "Ivy Inpost", "Finn Future"]
    heading = page.select_one("th[aria-sort=descending]")
    assert "Name" in heading.get_text() and "order=ascending" in heading.select_one("a")["href"]
    assert [th["aria-sort"] for th in page.select("th[aria-sort]")].count("none") == 6


def test_bad_parameters_are_explained_not_failed(client_request, staff):
    client_request.login(create_user(Role.HR))
    page = client_request.get("people.list_staff", _query={"sort": "salary", "page": "9", "team": "nope"})
    text = normalise_space(page.get_text())
    assert "cannot be sorted by \u201csalary\u201d" in text
    assert "There is only 1 page" in text
    assert "Select team from the list" in page.select_one(".govuk-error-summary").get_text()


def test_paging_shows_the_range_and_total(client_request, db, frozen_clock):
    frozen_clock.set(datetime(2026, 12, 1, 9, tzinfo=UTC))
    team = create_team("Big team")
    for number in range(55):
        create_assignment(create_staff_member(last_name=f"Person{number:02d}"), create_post(team))
    client_request.login(create_user(Role.HR))
    page = client_request.get("people.list_staff", _query={"page": 2})
    assert "Showing 51 to 55 of 55 people" in page.get_text()
    assert len(page.select("table[data-list] tbody tr")) == 5
    assert page.select_one(".govuk-pagination__item--current").get_text(strip=True) == "2"


def test_a_team_manager_sees_only_their_teams_in_the_list_the_count_and_downloads(client_request, staff):
    own, _, _ = staff
    client_request.login(create_team_manager(own))
    page = client_request.get("people.list_staff", _query={"status": "all"})
    assert set(rows_of(page)) == {"Ivy Inpost", "Finn Future", "Lena Leaving", "Otto Gone"}
    assert "Showing 4 people" in page.get_text()
    response = client_request.client.get(page.select_one("a[href*='download=csv']")["href"])
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert {row[0] for row in rows[1:]} == {"Ivy Inpost", "Finn Future", "Lena Leaving", "Otto Gone"}
    # Asking for another team's people gives nothing, not their records.
    other_page = client_request.get("people.list_staff", _query={"search": "Theo", "status": "all"})
    assert rows_of(other_page) == {}


def test_the_downloads_hold_exactly_the_filtered_rows(client_request, staff):
    client_request.login(create_user(Role.HR))
    page = client_request.get("people.list_staff", _query={"status": "future"})
    response = client_request.client.get(page.select_one("a[href*='download=xlsx']")["href"])
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[-1]
    rows = table_rows(sheet)
    assert rows[0] == ["Name", "Employee number", "Role", "Team", "Employment", "FTE", "Status"]
    assert [row[0] for row in rows[1:]] == ["Finn Future"]
    assert rows[1][5] == 0 and rows[1][6] == "Starts 5 January 2027"
