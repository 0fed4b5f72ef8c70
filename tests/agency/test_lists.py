"""The agency engagements list: filters, search, sorting, downloads and a team manager's scope."""

import csv
import io
from datetime import date

from openpyxl import load_workbook

from tests.agency.builders import create_engagement, create_price_cap
from tests.builders import create_team, create_team_manager, create_user
from tests.spreadsheets import table_rows
from workforce.kernel.roles import Role


def workers(page) -> list[str]:
    return [cell.get_text(strip=True) for cell in page.select("table[data-list] tbody [data-column=worker]")]


def test_search_filter_sort_and_scope(client_request, db):
    create_price_cap()
    own, other = create_team("Own team"), create_team("Other team")
    first = create_engagement(team=own, agency_name="Alpha Staffing", start_date=date(2026, 1, 5))
    ended = create_engagement(
        team=own, agency_name="Beta People", start_date=date(2025, 1, 6), end_date=date(2025, 6, 30)
    )
    create_engagement(team=other, agency_name="Gamma Recruit", start_date=date(2026, 2, 2))
    client_request.login(create_user(Role.HR))
    assert len(workers(client_request.get("agency.list_engagements"))) == 3
    assert workers(client_request.get("agency.list_engagements", _query={"search": "beta"})) == [
        ended.staff_member.name
    ]
    assert workers(client_request.get("agency.list_engagements", _query={"current": "ended"})) == [
        ended.staff_member.name
    ]
    page = client_request.get("agency.list_engagements", _query={"sort": "start", "order": "ascending"})
    assert workers(page)[0] == ended.staff_member.name

    client_request.login(create_team_manager(own))
    page = client_request.get("agency.list_engagements")
    assert set(workers(page)) == {first.staff_member.name, ended.staff_member.name}
    response = client_request.client.get(page.select_one("a[href*='download=csv']")["href"])
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert {row[1] for row in rows[1:]} == {"Alpha Staffing", "Beta People"}
    response = client_request.client.get(page.select_one("a[href*='download=xlsx']")["href"])
    sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[-1]
    charges = [row[6] for row in table_rows(sheet)[1:]]
    assert all(isinstance(charge, float) for charge in charges) and len(charges) == 2
