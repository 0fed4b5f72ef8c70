"""Importing through the web: problems on screen and as a file, a preview, then all rows on confirmation."""

import io

from sqlalchemy import func, select

from tests.builders import create_team, create_team_manager, create_user
from tests.people.test_imports import as_csv, staff_row
from workforce.extensions import db
from workforce.kernel.roles import Role
from workforce.people.models import StaffMember


def upload(client_request, rows, expected_status=200):
    return client_request.post(
        "people.import_file",
        {"file": (io.BytesIO(as_csv(rows)), "extract.csv")},
        _expected_status=expected_status,
        kind="staff",
    )


def staff_count():
    return db.session.execute(select(func.count()).select_from(StaffMember)).scalar_one()


def test_bad_rows_are_shown_and_downloadable_and_nothing_is_saved(client_request, db):
    create_team("Team A")
    client_request.login(create_user(Role.HR))
    page = upload(client_request, [staff_row(1, "Team A"), staff_row(2, "Team A", OrgRole="8")])
    assert staff_count() == 0
    cells = [cell.get_text(strip=True) for cell in page.select("table tbody tr td")]
    assert cells[:3] == ["3", "OrgRole", "8"]
    link = page.find("a", string="Download the problems as CSV")["href"]
    download = client_request.client.get(link)
    assert download.status_code == 200
    assert "OrgRole" in download.get_data(as_text=True)


def test_a_good_file_is_previewed_then_imported_on_confirmation(client_request, db):
    create_team("Team A")
    client_request.login(create_user(Role.HR))
    page = upload(client_request, [staff_row(1, "Team A"), staff_row(2, "Team A")])
    assert staff_count() == 0
    assert "Records added" in page.get_text()
    token = page.select_one("input[name=token]")["value"]
    client_request.post("people.confirm_import", {"token": token}, kind="staff")
    assert staff_count() == 2


def test_a_file_that_matches_what_wpq_holds_has_nothing_to_confirm(client_request, db):
    create_team("Team A")
    client_request.login(create_user(Role.HR))
    page = upload(client_request, [staff_row(1, "Team A")])
    client_request.post("people.confirm_import", {"token": page.select_one("input[name=token]")["value"]}, kind="staff")
    page = upload(client_request, [staff_row(1, "Team A")])
    assert "would change nothing" in page.get_text()


def test_the_template_downloads_as_a_workbook(client_request, db):
    client_request.login(create_user(Role.HR))
    response = client_request.get("people.import_template", kind="absences")
    assert response.mimetype.endswith("spreadsheetml.sheet")


def test_team_managers_cannot_import(client_request, db):
    client_request.login(create_team_manager())
    client_request.get("people.import_file", kind="staff", _expected_status=403)
