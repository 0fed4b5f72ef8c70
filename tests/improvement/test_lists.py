"""The improvement actions list: search, filters, sorting, paging, downloads, and what committee viewers see."""

import csv
import dataclasses
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from tests.builders import create_user
from tests.improvement.builders import create_action, create_plan, create_strand
from tests.spreadsheets import table_rows
from workforce.improvement.constants import ActionStatus
from workforce.kernel.roles import Role


def titles_on(page) -> list[str]:
    return [cell.get_text(strip=True) for cell in page.select("table[data-list] tbody [data-column=title]")]


@pytest.fixture
def actions(db, frozen_clock):
    from datetime import UTC, datetime

    frozen_clock.set(datetime(2026, 6, 1, 9, tzinfo=UTC))
    plan = create_plan("Getting to good")
    workforce = create_strand(plan, "Workforce")
    practice = create_strand(plan, "Practice")
    hannah = create_user(Role.HR, name="Hannah Lee")
    priya = create_user(Role.SENIOR_LEADER, name="Priya Shah")
    recruit = create_action(workforce, title="Recruit social workers", owner=hannah, due_date=date(2026, 3, 31))
    retain = create_action(
        workforce,
        title="Retain experienced staff",
        owner=hannah,
        due_date=date(2026, 9, 30),
        status=ActionStatus.IN_PROGRESS,
    )
    audit = create_action(
        practice,
        title="Audit case files monthly",
        owner=priya,
        due_date=date(2026, 1, 31),
        status=ActionStatus.AWAITING_SIGN_OFF,
    )
    return {"workforce": workforce, "practice": practice, "recruit": recruit, "retain": retain, "audit": audit}


def test_every_action_by_due_date_with_its_owner_and_whether_overdue(client_request, actions):
    client_request.login(create_user(Role.SENIOR_LEADER))
    page = client_request.get("improvement.list_actions")
    assert titles_on(page) == ["Audit case files monthly", "Recruit social workers", "Retain experienced staff"]
    assert "Showing 3 actions" in page.get_text()
    overdue = [cell.get_text(strip=True) for cell in page.select("tbody [data-column=overdue]")]
    # Awaiting sign-off is not overdue: only actions not started or in progress past their due date are.
    assert overdue == ["No", "Yes", "No"]
    owners = [cell.get_text(strip=True) for cell in page.select("tbody [data-column=owner]")]
    assert owners == ["Priya Shah", "Hannah Lee", "Hannah Lee"]


def test_search_by_title_or_owner_filters_and_sort(client_request, actions):
    client_request.login(create_user(Role.HR))

    def shown(**query):
        return titles_on(client_request.get("improvement.list_actions", _query=query))

    assert shown(search="hannah") == ["Recruit social workers", "Retain experienced staff"]
    assert shown(search="AUDIT") == ["Audit case files monthly"]
    assert shown(strand=actions["practice"].id) == ["Audit case files monthly"]
    assert shown(status=ActionStatus.IN_PROGRESS.value) == ["Retain experienced staff"]
    assert shown(overdue="overdue") == ["Recruit social workers"]
    assert shown(overdue="not-overdue", strand=actions["workforce"].id) == ["Retain experienced staff"]
    assert shown(rating="Green", sort="title", order="descending") == [
        "Retain experienced staff",
        "Recruit social workers",
        "Audit case files monthly",
    ]
    assert shown(rating="Red") == []
    bad = client_request.get("improvement.list_actions", _query={"status": "finished"})
    assert "Select status from the list" in bad.select_one(".govuk-error-summary").get_text()
    assert len(titles_on(bad)) == 3


def test_paging_shows_the_total(client_request, actions, monkeypatch):
    from workforce.improvement import views

    for day in range(1, 8):
        create_action(actions["practice"], title=f"Extra action {day}", due_date=date(2026, 7, day))
    definition = views.actions_list
    monkeypatch.setattr(views, "actions_list", lambda *args: dataclasses.replace(definition(*args), page_size=4))
    client_request.login(create_user(Role.SENIOR_LEADER))
    page = client_request.get("improvement.list_actions", _query={"page": 3})
    assert "Showing 9 to 10 of 10 actions" in page.get_text()
    assert titles_on(page) == ["Extra action 7", "Retain experienced staff"]


def test_downloads_hold_exactly_what_is_filtered(client_request, actions):
    client_request.login(create_user(Role.SENIOR_LEADER))
    page = client_request.get("improvement.list_actions", _query={"strand": actions["workforce"].id})
    response = client_request.client.get(page.select_one("a[href*='download=csv']")["href"])
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["Action", "Strand", "Owner", "Due", "Status", "Rating", "Overdue"]
    assert [row[0] for row in rows[1:]] == ["Recruit social workers", "Retain experienced staff"]
    assert rows[1][2] == "Hannah Lee" and rows[1][6] == "Yes"
    response = client_request.client.get(page.select_one("a[href*='download=xlsx']")["href"])
    sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[-1]
    assert [row[0] for row in table_rows(sheet)[1:]] == ["Recruit social workers", "Retain experienced staff"]


def test_a_committee_viewer_sees_owners_by_role_and_cannot_search_names(client_request, actions):
    client_request.login(create_user(Role.COMMITTEE_VIEWER))
    page = client_request.get("improvement.list_actions")
    text = page.get_text()
    assert "Hannah Lee" not in text and "Priya Shah" not in text
    owners = {cell.get_text(strip=True) for cell in page.select("tbody [data-column=owner]")}
    assert owners == {Role.HR.label, Role.SENIOR_LEADER.label}
    assert titles_on(client_request.get("improvement.list_actions", _query={"search": "hannah"})) == []
    response = client_request.client.get(page.select_one("a[href*='download=csv']")["href"])
    assert "Hannah" not in response.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.SOCIAL_WORKER, Role.PRACTICE_SUPERVISOR])
def test_roles_without_the_plan_cannot_open_the_actions_list(client_request, db, role):
    client_request.login(create_user(role))
    client_request.get("improvement.list_actions", _expected_status=403)
    assert client_request.client.get("/improvement/actions?download=csv").status_code == 403
