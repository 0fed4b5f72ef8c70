"""The academy's sessions list: upcoming by default, past and all, programme and search filters, download."""

import csv
import dataclasses
import io
from datetime import UTC, datetime

import pytest

from tests.academy.builders import create_course, create_programme, create_session
from tests.builders import create_user
from workforce.kernel.roles import Role


def courses(page) -> list[str]:
    return [cell.get_text(strip=True) for cell in page.select("table[data-list] tbody [data-column=course]")]


def test_sessions_upcoming_past_search_and_download(client_request, db, frozen_clock):
    frozen_clock.set(datetime(2026, 6, 1, 9, tzinfo=UTC))
    programme = create_programme(name="Practice")
    create_session(
        create_course(programme, title="Chronologies"),
        starts_at=datetime(2026, 7, 1, 9, 30),
        ends_at=datetime(2026, 7, 1, 16, 30),
    )
    create_session(
        create_course(title="Court skills"), starts_at=datetime(2026, 3, 1, 9, 30), ends_at=datetime(2026, 3, 1, 16, 30)
    )
    client_request.login(create_user(Role.ACADEMY_LEAD))
    assert courses(client_request.get("academy.index")) == ["Chronologies"]
    assert courses(client_request.get("academy.index", _query={"when": "past"})) == ["Court skills"]
    page = client_request.get("academy.index", _query={"when": "all", "sort": "starts"})
    assert courses(page) == ["Court skills", "Chronologies"]
    assert courses(client_request.get("academy.index", _query={"when": "all", "programme": programme.id})) == [
        "Chronologies"
    ]
    assert courses(client_request.get("academy.index", _query={"when": "all", "search": "court"})) == ["Court skills"]
    response = client_request.client.get(page.select_one("a[href*='download=csv']")["href"])
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert [row[0] for row in rows] == ["Course", "Court skills", "Chronologies"]


def people_on(page) -> list[str]:
    return [cell.get_text(strip=True) for cell in page.select("table[data-list] tbody [data-column=person]")]


@pytest.fixture
def records(db):
    """Two teams' people with completions, a team manager of the first, and a worker of it with an account."""
    from datetime import date

    from tests.academy.builders import create_completion, create_person
    from tests.builders import create_team

    north, south = create_team("North team"), create_team("South team")
    manager = create_user(Role.TEAM_MANAGER, team=north, manages=[north])
    worker_user = create_user(Role.SOCIAL_WORKER, team=north)
    court = create_course(title="Court skills")
    chronologies = create_course(title="Chronologies")
    ana = create_person(north, worker_user, first_name="Ana", last_name="Ahmed")
    ben = create_person(north, first_name="Ben", last_name="Brown")
    cal = create_person(south, first_name="Cal", last_name="Cole")
    create_completion(ana, court, date(2026, 1, 10))
    create_completion(ana, chronologies, date(2026, 2, 10))
    create_completion(ben, court, date(2026, 3, 10))
    create_completion(cal, court, date(2026, 4, 10))
    for day in range(1, 29):
        create_completion(cal, chronologies, date(2025, 2, day))
    return {"north": north, "south": south, "manager": manager, "worker": worker_user, "court": court}


def download_rows(client_request, page, fmt="csv"):
    response = client_request.client.get(page.select_one(f"a[href*='download={fmt}']")["href"])
    assert response.status_code == 200
    if fmt == "csv":
        return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    from openpyxl import load_workbook

    from tests.spreadsheets import table_rows

    return table_rows(load_workbook(io.BytesIO(response.get_data())).worksheets[-1])


def test_the_academy_lead_sees_every_training_record_newest_first_in_pages(client_request, records):
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.get("academy.list_completions")
    assert people_on(page)[:4] == ["Cal Cole", "Ben Brown", "Ana Ahmed", "Ana Ahmed"]
    assert "Showing 32 training records" in page.get_text()


def test_training_records_search_filter_sort_and_page(client_request, records, monkeypatch):
    from academy import lists
    from academy.views import matrix

    client_request.login(create_user(Role.ACADEMY_LEAD))

    def shown(**query):
        return people_on(client_request.get("academy.list_completions", _query=query))

    assert shown(search="ahmed") == ["Ana Ahmed", "Ana Ahmed"]
    assert shown(search="court", team=records["north"].id) == ["Ben Brown", "Ana Ahmed"]
    assert shown(course=records["court"].id, sort="person", order="ascending") == ["Ana Ahmed", "Ben Brown", "Cal Cole"]
    assert shown(team=records["south"].id, **{"from": "2026-01-01"}) == ["Cal Cole"]
    assert shown(**{"from": "2026-02-01", "to": "2026-03-31"}) == ["Ben Brown", "Ana Ahmed"]
    definition = lists.training_records_list
    # Ten to a page, so the 32 records make four pages.
    monkeypatch.setattr(
        matrix,
        "training_records_list",
        lambda *args: dataclasses.replace(definition(*args), page_size=10),
    )
    page = client_request.get("academy.list_completions", _query={"page": 4})
    assert "Showing 31 to 32 of 32 training records" in page.get_text()
    assert len(people_on(page)) == 2
    bad = client_request.get("academy.list_completions", _query={"to": "2026-02-30"})
    assert "Completed to must be a real date" in bad.select_one(".govuk-error-summary").get_text()


def test_a_team_manager_sees_and_downloads_only_their_teams_training_records(client_request, records):
    client_request.login(records["manager"])
    page = client_request.get("academy.list_completions", _query={"sort": "person", "order": "ascending"})
    assert people_on(page) == ["Ana Ahmed", "Ana Ahmed", "Ben Brown"]
    refused = client_request.get("academy.list_completions", _query={"team": records["south"].id})
    assert "Select team from the list" in refused.select_one(".govuk-error-summary").get_text()
    assert "Cal Cole" not in people_on(refused)
    assert "Cal Cole" not in people_on(client_request.get("academy.list_completions", _query={"search": "cole"}))
    rows = download_rows(client_request, page)
    assert rows[0] == ["Person", "Team", "Course", "Completed", "Expires", "How it was recorded"]
    assert sorted(row[0] for row in rows[1:]) == ["Ana Ahmed", "Ana Ahmed", "Ben Brown"]
    assert {row[1] for row in rows[1:]} == {"North team"}
    workbook = download_rows(client_request, page, "xlsx")
    assert sorted(row[0] for row in workbook[1:]) == ["Ana Ahmed", "Ana Ahmed", "Ben Brown"]


def test_a_social_worker_sees_and_downloads_only_their_own_training_records(client_request, records):
    client_request.login(records["worker"])
    page = client_request.get("academy.list_completions")
    assert people_on(page) == ["Ana Ahmed", "Ana Ahmed"]
    filtered = client_request.get("academy.list_completions", _query={"search": "court"})
    assert people_on(filtered) == ["Ana Ahmed"]
    rows = download_rows(client_request, filtered)
    assert [row[2] for row in rows[1:]] == ["Court skills"]


def test_a_withdrawn_completion_is_not_a_training_record(client_request, records):
    from datetime import UTC, date, datetime

    from tests.academy.builders import create_completion, create_person

    dee = create_person(records["north"], first_name="Dee", last_name="Dunn")
    create_completion(
        dee,
        records["court"],
        date(2026, 5, 1),
        withdrawn_at=datetime(2026, 5, 2, tzinfo=UTC),
        withdrawn_reason="Recorded for the wrong person",
    )
    client_request.login(create_user(Role.ACADEMY_LEAD))
    page = client_request.get("academy.list_completions", _query={"search": "dunn"})
    assert people_on(page) == []
    rows = download_rows(client_request, client_request.get("academy.list_completions"))
    assert "Dee Dunn" not in {row[0] for row in rows}


def test_roles_without_the_academy_cannot_open_training_records(client_request, db):
    client_request.login(create_user(Role.COMMITTEE_VIEWER))
    client_request.get("academy.list_completions", _expected_status=403)
