"""The QA board's audit report workbook: scoped, with case references for QA roles only."""

import io

from openpyxl import load_workbook

from audits.exports import build_for
from tests.audits.builders import create_audit, create_moderation
from tests.builders import create_team, create_team_manager, create_user
from tests.spreadsheets import table_rows
from workforce.kernel.roles import Role
from workforce.kernel.spreadsheets import workbook_bytes

NOVEMBER = {"start": "2026-11-01", "end": "2026-11-30"}


def sheet_rows(response, title):
    workbook = load_workbook(io.BytesIO(response.get_data()))
    return table_rows(workbook[title])


def test_a_qa_officer_downloads_the_report_with_case_references_and_moderated_grades(client_request):
    audit = create_audit(grade="Good", reference="CR555001")
    create_moderation(audit, "Requires improvement")
    client_request.login(create_user(Role.QA_OFFICER))
    response = client_request.get("audits.export_report", _query=NOVEMBER)
    assert response.mimetype.endswith("spreadsheetml.sheet")
    rows = sheet_rows(response, "Audits")
    assert rows[0][0] == "Case reference"
    assert rows[1][0] == "CR555001"
    assert rows[1][-3:] == ["Good", "Requires improvement", "Requires improvement"]
    summary = sheet_rows(response, "Summary")
    assert summary[2][:3] == ["Good or better (moderated grade where moderated)", 0, 1]


def test_a_team_managers_download_is_scoped_and_has_no_case_references(client_request):
    own, other = create_team(), create_team()
    manager = create_team_manager(own)
    create_audit(team=own, grade="Good")
    create_audit(team=other, grade="Inadequate")
    client_request.login(manager)
    rows = sheet_rows(client_request.get("audits.export_report", _query=NOVEMBER), "Audits")
    assert "Case reference" not in rows[0]
    assert len(rows) == 2
    assert rows[1][rows[0].index("Team")] == own.name


def test_the_registered_export_builds_the_same_report_for_a_user(db):
    from datetime import date

    create_audit(grade="Good", reference="CR555002")
    workbook = build_for(create_user(Role.SENIOR_LEADER), date(2026, 11, 1), date(2026, 11, 30))
    saved = load_workbook(io.BytesIO(workbook_bytes(workbook)))
    assert saved.sheetnames == [
        "Cover",
        "Contents",
        "Notes",
        "Summary",
        "By month and service area",
        "Moderation by auditor",
        "Themes",
        "Audits",
    ]


def test_roles_without_the_report_cannot_download_it(client_request):
    client_request.login(create_user(Role.COMMITTEE_VIEWER))
    client_request.get("audits.export_report", _expected_status=403)
