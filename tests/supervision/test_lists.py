"""The supervision records list: search, filters, sorting, paging, downloads and scope."""

import csv
import io
from datetime import date

import pytest

from supervision.constants import SessionStatus, SupervisionType
from tests.builders import create_user
from tests.spreadsheets import table_rows
from tests.supervision.builders import create_supervision, create_supervision_team, create_worker
from workforce.kernel.roles import Role


@pytest.fixture
def records(db):
    team, manager_user, manager, worker_user, worker = create_supervision_team(name="North team")
    other_team, other_manager_user, other_manager, _, other_worker = create_supervision_team(name="South team")
    mine = [create_supervision(worker, manager, held_on=date(2026, 10, day)) for day in (1, 8, 15)]
    group = create_supervision(
        worker, manager, held_on=date(2026, 10, 22), supervision_type=SupervisionType.GROUP_REFLECTIVE
    )
    planned = create_supervision(worker, manager, held_on=None, planned_on=date(2026, 12, 20))
    theirs = create_supervision(other_worker, other_manager, held_on=date(2026, 10, 2))
    return team, manager_user, other_team, [*mine, group, planned], theirs


def ids_on(page) -> list[int]:
    return [int(link["href"].rsplit("/", 1)[1]) for link in page.select("table[data-list] tbody [data-column=date] a")]


def test_newest_first_by_default_and_every_record_counted(client_request, records):
    *_, mine, theirs = records
    client_request.login(create_user(Role.HR))
    page = client_request.get("supervision.list_supervisions")
    assert ids_on(page) == [mine[4].id, mine[3].id, mine[2].id, mine[1].id, theirs.id, mine[0].id]
    assert "Showing 6 records" in page.get_text()


def test_filters_by_team_type_status_and_dates(client_request, records):
    team, _, other_team, mine, theirs = records
    client_request.login(create_user(Role.HR))

    def shown(**query):
        return set(ids_on(client_request.get("supervision.list_supervisions", _query=query)))

    assert shown(team=other_team.id) == {theirs.id}
    assert shown(type="group-reflective") == {mine[3].id}
    assert shown(status=SessionStatus.PLANNED.value) == {mine[4].id}
    assert shown(**{"from": "2026-10-08", "to": "2026-10-15"}) == {mine[1].id, mine[2].id}
    assert shown(sign_off="awaiting", team=team.id) == {record.id for record in mine[:4]}


def test_search_by_supervisee_or_supervisor_name(client_request, records):
    *_, mine, theirs = records
    client_request.login(create_user(Role.HR))
    page = client_request.get("supervision.list_supervisions", _query={"search": "lewis worker", "team": ""})
    assert len(ids_on(page)) == 6
    assert len(ids_on(client_request.get("supervision.list_supervisions", _query={"search": "helen"}))) == 6


def test_sort_by_date_ascending_and_a_bad_date_is_reported(client_request, records):
    *_, mine, theirs = records
    client_request.login(create_user(Role.HR))
    page = client_request.get("supervision.list_supervisions", _query={"sort": "date", "order": "ascending"})
    assert ids_on(page)[:2] == [mine[0].id, theirs.id]
    bad = client_request.get("supervision.list_supervisions", _query={"from": "2026-13-01"})
    assert "From must be a real date" in bad.select_one(".govuk-error-summary").get_text()
    assert len(ids_on(bad)) == 6


def test_paging_over_many_records(client_request, db):
    _, _, manager, _, worker = create_supervision_team()
    for day in range(1, 29):
        for month in (1, 2):
            create_supervision(worker, manager, held_on=date(2026, month, day))
    client_request.login(create_user(Role.HR))
    page = client_request.get("supervision.list_supervisions", _query={"page": 2})
    assert "Showing 51 to 56 of 56 records" in page.get_text()
    assert len(ids_on(page)) == 6


def test_a_team_manager_sees_only_their_teams_records_and_downloads(client_request, records):
    _, manager_user, other_team, mine, theirs = records
    client_request.login(manager_user)
    page = client_request.get("supervision.list_supervisions")
    assert set(ids_on(page)) == {record.id for record in mine}
    assert "Showing 5 records" in page.get_text()
    # Another team is not one of the choices: the filter is refused and nothing of theirs is shown.
    refused = client_request.get("supervision.list_supervisions", _query={"team": other_team.id})
    assert "Select team from the list" in refused.select_one(".govuk-error-summary").get_text()
    assert theirs.id not in ids_on(refused)
    response = client_request.client.get(page.select_one("a[href*='download=csv']")["href"])
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["Date", "Supervisee", "Supervisor", "Team", "Type", "Status", "Sign-off"]
    assert len(rows) == 6 and {row[3] for row in rows[1:]} == {"North team"}


def test_a_social_worker_downloads_only_their_own_records(client_request, records):
    team, *_ = records
    worker_user = create_user(Role.SOCIAL_WORKER, team=team)
    create_worker(team=team, user_id=worker_user.id)
    client_request.login(worker_user)
    response = client_request.client.get("/supervision?download=xlsx")
    assert response.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[-1]
    assert all(cell == "[z]" for row in table_rows(sheet)[1:] for cell in row)
