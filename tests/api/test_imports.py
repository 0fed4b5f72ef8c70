"""Bulk imports through the API: JSON rows or a file, all rows or none, and the row report on a 422."""

import io

import pytest
from sqlalchemy import select

from tests.api.builders import api_client, assert_problem
from tests.builders import create_team, create_user
from workforce.extensions import db
from workforce.kernel.models import AuditEvent, Team
from workforce.kernel.release import build_workbook
from workforce.kernel.roles import Role
from workforce.kernel.spreadsheets import Sheet, workbook_bytes

URL = "/api/v1/imports/teams"


@pytest.fixture
def api(client, db):
    return api_client(client, create_user(Role.ADMINISTRATOR, name="Ada Admin"), ["teams:read", "teams:write"])


def team_named(name):
    return db.session.execute(select(Team).where(Team.name == name)).scalar()


def test_json_rows_are_imported_with_counts_and_audited_as_api(api):
    rows = [{"Team": "Imported A", "Service area": "North"}, {"Team": "Imported B", "Service area": "North"}]
    response = api.post(URL, json={"rows": rows})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json() == {"import": "teams", "total_rows": 2, "counts": {"created": 2}}
    team = team_named("Imported A")
    assert team.service_area.name == "North"
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.record_type == "Team", AuditEvent.record_id == str(team.id))
    ).scalar_one()
    assert event.origin == "api" and event.actor_label == "Ada Admin (administrator)"


def test_one_bad_row_means_nothing_is_imported_and_the_report_names_each_problem(api):
    create_team(name="Existing team")
    rows = [
        {"Team": "Good row", "Service area": "North"},
        {"Team": None, "Service area": "North"},
        {"Team": "Existing team", "Service area": "South"},
        {"Team": "Good row", "Service area": "South"},
    ]
    body = assert_problem(api.post(URL, json={"rows": rows}), 422)
    assert body["errors"] == [
        {"row": 3, "column": "Team", "value": "", "message": "Enter the team name"},
        {"row": 4, "column": "Team", "value": "Existing team", "message": "A team called Existing team already exists"},
        {"row": 5, "column": "Team", "value": "Good row", "message": "This row repeats row 2"},
    ]
    assert body["total_rows"] == 4
    assert team_named("Good row") is None


def test_a_missing_column_is_reported_against_the_header_row(api):
    body = assert_problem(api.post(URL, json={"rows": [{"Team": "Alone"}]}), 422)
    assert body["errors"] == [
        {"row": 1, "column": "Service area", "value": "", "message": "The column Service area is missing"}
    ]


def test_a_csv_file_is_imported(api):
    data = {"file": (io.BytesIO(b"Team,Service area\nFrom CSV,East\n"), "teams.csv")}
    response = api.post(URL, data=data, content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert team_named("From CSV").service_area.name == "East"


def test_an_excel_file_is_imported(api):
    workbook = workbook_bytes(build_workbook([Sheet("Teams", ["Team", "Service area"], [["From Excel", "West"]])]))
    response = api.post(URL, data={"file": (io.BytesIO(workbook), "teams.xlsx")}, content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert team_named("From Excel") is not None


def test_a_file_that_is_not_a_spreadsheet_is_a_422(api):
    data = {"file": (io.BytesIO(b"not a workbook"), "teams.xlsx")}
    body = assert_problem(api.post(URL, data=data, content_type="multipart/form-data"), 422)
    assert list(body["errors"]) == ["file"]


@pytest.mark.parametrize(
    "payload",
    [{"rows": []}, {"rows": "Team"}, {"teams": []}, {"rows": [["Team", "North"]]}, {"rows": [{"Team": {"x": 1}}]}],
)
def test_malformed_json_rows_are_422_problems(api, payload):
    assert_problem(api.post(URL, json=payload), 422)


def test_a_read_only_token_cannot_import(client, db):
    api = api_client(client, create_user(Role.ADMINISTRATOR), ["teams:read"])
    assert_problem(api.post(URL, json={"rows": [{"Team": "X", "Service area": "Y"}]}), 403)
    assert team_named("X") is None


def test_a_role_without_the_import_permission_cannot_import(client, db):
    api = api_client(client, create_user(Role.HR), ["teams:write"])
    assert_problem(api.post(URL, json={"rows": [{"Team": "X", "Service area": "Y"}]}), 403)


def test_an_unknown_import_is_404(api):
    assert_problem(api.post("/api/v1/imports/spaceships", json={"rows": [{"a": 1}]}), 404)
