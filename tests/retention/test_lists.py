"""The leavers list on the retention page: leavers to come marked, filters, sorting, downloads and scope."""

import csv
import io
from datetime import UTC, date, datetime

import pytest

from tests.builders import create_team, create_team_manager, create_user
from tests.retention.builders import create_leaver
from workforce.kernel.roles import Role


@pytest.fixture
def leavers(db, frozen_clock):
    frozen_clock.set(datetime(2026, 12, 1, 9, tzinfo=UTC))
    own, other = create_team("Own team"), create_team("Other team")
    gone = create_leaver(first_name="Gail", last_name="Gone", team=own, end_date=date(2026, 6, 30))
    going = create_leaver(first_name="Lena", last_name="Leaving", team=own, end_date=date(2027, 1, 31))
    theirs = create_leaver(first_name="Theo", last_name="Other", team=other, end_date=date(2026, 9, 1))
    return own, other, gone, going, theirs


def last_days(page) -> dict[str, str]:
    return {
        row.select_one("[data-column=name]").get_text(strip=True): row.select_one("[data-column=last-day]").get_text(
            strip=True
        )
        for row in page.select("table[data-list] tbody tr")
    }


def test_a_leaver_with_a_future_last_day_is_listed_and_marked(client_request, leavers):
    client_request.login(create_user(Role.HR))
    shown = last_days(client_request.get("retention.retention_page"))
    assert shown == {
        "Lena Leaving": "Leaving 31 January 2027",
        "Theo Other": "Left 1 September 2026",
        "Gail Gone": "Left 30 June 2026",
    }


def test_filters_search_and_sort(client_request, leavers):
    own, *_ = leavers
    client_request.login(create_user(Role.HR))
    assert set(last_days(client_request.get("retention.retention_page", _query={"when": "leaving"}))) == {
        "Lena Leaving"
    }
    assert set(last_days(client_request.get("retention.retention_page", _query={"team": own.id}))) == {
        "Lena Leaving",
        "Gail Gone",
    }
    assert set(last_days(client_request.get("retention.retention_page", _query={"search": "theo"}))) == {"Theo Other"}
    page = client_request.get("retention.retention_page", _query={"sort": "name", "order": "ascending"})
    assert list(last_days(page)) == ["Gail Gone", "Lena Leaving", "Theo Other"]


def test_the_period_is_kept_by_the_lists_links(client_request, leavers):
    client_request.login(create_user(Role.HR))
    page = client_request.get("retention.retention_page", _query={"start": "2026-06-01", "end": "2026-07-31"})
    assert set(last_days(page)) == {"Gail Gone", "Lena Leaving"}
    assert "start=2026-06-01" in page.select_one("a[href*='download=csv']")["href"]
    assert page.select_one("form[data-list-form] input[name=start]")["value"] == "2026-06-01"


def test_a_team_manager_sees_and_downloads_only_their_teams_leavers(client_request, leavers):
    own, *_ = leavers
    client_request.login(create_team_manager(own))
    page = client_request.get("retention.retention_page")
    assert set(last_days(page)) == {"Gail Gone", "Lena Leaving"}
    response = client_request.client.get(page.select_one("a[href*='download=csv']")["href"])
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["Name", "Team", "Last day", "Early leaver", "Checklist", "Exit interview"]
    assert {row[0] for row in rows[1:]} == {"Gail Gone", "Lena Leaving"}
    assert {row[2] for row in rows[1:]} == {"2026-06-30", "2027-01-31"}
