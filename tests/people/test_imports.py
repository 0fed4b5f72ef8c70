"""Importing staff and absences from the HR system: all rows or none, every bad row reported, idempotent."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.builders import create_team
from tests.people.builders import create_staff_member
from workforce.extensions import db
from workforce.kernel.models import AuditEvent
from workforce.people import imports
from workforce.people.constants import EmploymentType, ReasonForLeaving
from workforce.people.models import Absence, Assignment, StaffMember

HEADERS = list(imports.STAFF_COLUMNS)


def staff_row(number: int, team: str, **overrides) -> dict:
    row = {
        "EmployeeNumber": f"E{number:05d}",
        "FirstName": "Alex",
        "LastName": f"Person{number}",
        "SWENo": f"SW{200000 + number}",
        "PersonBirthDate": "1985-04-01",
        "Sex": "F",
        "Ethnicity": "WBRI",
        "QualLevel": "1",
        "OrgRole": "5",
        "RoleStartDate": "2021-09-06",
        "StartOrigin": "2",
        "RoleEndDate": "",
        "LeaverDestination": "",
        "ReasonLeave": "",
        "AgencyWorker": "0",
        "FTE": "",
        "Team": team,
        "JobTitle": "Social worker",
        "ContractedHours": "37",
        "StandardHours": "37",
        "EmploymentType": "permanent",
    }
    return {**row, **overrides}


def as_csv(rows: list[dict], headers=HEADERS) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=headers)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def run(rows, headers=HEADERS):
    report, loaded = imports.check_staff(as_csv(rows, headers), "extract.csv")
    if not report.ok:
        return report, None
    return report, imports.apply_staff(loaded)


def counts():
    return tuple(
        db.session.execute(select(func.count()).select_from(model)).scalar_one()
        for model in (StaffMember, Assignment, AuditEvent)
    )


def test_a_5000_row_file_with_three_bad_rows_changes_nothing_then_imports_once_corrected(db):
    create_team("Assessment Team 1")
    rows = [staff_row(number, "Assessment Team 1") for number in range(1, 5001)]
    rows[99]["OrgRole"] = "9"
    rows[2499]["RoleStartDate"] = "31/02/2024"
    rows[4999]["Team"] = "Nowhere Team"
    before = counts()
    report, _ = run(rows)
    assert counts() == before
    assert [(problem.row, problem.column) for problem in report.sorted_problems()] == [
        (101, "OrgRole"),
        (2501, "RoleStartDate"),
        (5001, "Team"),
    ]
    rows[99]["OrgRole"] = "5"
    rows[2499]["RoleStartDate"] = "2024-02-28"
    rows[4999]["Team"] = "Assessment Team 1"
    report, outcome = run(rows)
    assert report.ok and (outcome.created, outcome.assignments_created) == (5000, 5000)
    after_first = counts()
    report, outcome = run(rows)
    assert report.ok and not outcome.changed_anything and outcome.unchanged == 5000
    assert counts() == after_first


def test_a_later_extract_updates_by_employee_number_and_records_leavers(db):
    create_team("Fostering Team")
    run([staff_row(1, "Fostering Team"), staff_row(2, "Fostering Team")])
    later = [
        staff_row(1, "Fostering Team", LastName="Married-Name", ContractedHours="18.5"),
        staff_row(2, "Fostering Team", RoleEndDate="2025-09-30", ReasonLeave="5", LeaverDestination="6"),
    ]
    _, outcome = run(later)
    assert (outcome.created, outcome.updated, outcome.leavers) == (0, 1, 1)
    first = db.session.execute(select(StaffMember).where(StaffMember.employee_number == "E00001")).scalar_one()
    assert first.last_name == "Married-Name" and first.fte == 0.5
    leaver = db.session.execute(
        select(Assignment).join(StaffMember).where(StaffMember.employee_number == "E00002")
    ).scalar_one()
    assert leaver.is_leaving and leaver.end_date == date(2025, 9, 30)
    assert leaver.reason_for_leaving is ReasonForLeaving.RETIRED


def test_a_person_in_two_posts_has_two_rows_and_one_record(db):
    create_team("Team A"), create_team("Team B")
    _, outcome = run([staff_row(1, "Team A", FTE="0.6"), staff_row(1, "Team B", FTE="0.4", OrgRole="4")])
    assert (outcome.created, outcome.assignments_created) == (1, 2)


def test_an_agency_worker_is_stored_as_agency(db):
    create_team("Team A")
    run([staff_row(1, "Team A", AgencyWorker="1", EmploymentType="")])
    person = db.session.execute(select(StaffMember)).scalar_one()
    assert person.employment_type is EmploymentType.AGENCY


@pytest.mark.parametrize(
    ("overrides", "column", "message"),
    [
        ({"SWENo": "123"}, "SWENo", "Enter a Social Work England number: SW followed by digits, like SW123456"),
        ({"ReasonLeave": "1", "LeaverDestination": "1"}, "RoleEndDate", "A leaver needs the role end date"),
        ({"RoleEndDate": "2020-01-01"}, "RoleEndDate", "The role end date must be on or after the role start date"),
        ({"FTE": "1.5"}, "FTE", "Enter a number from 0 to 1"),
        ({"EmployeeNumber": ""}, "EmployeeNumber", "Enter the employee number"),
        ({"Sex": "X"}, "Sex", "Use one of the codes M, F"),
    ],
)
def test_bad_values_are_reported_by_row_and_column(db, overrides, column, message):
    create_team("Team A")
    report, _ = run([staff_row(1, "Team A", **overrides)])
    assert [(p.row, p.column, p.message) for p in report.problems] == [(2, column, message)]


def test_an_swe_number_already_on_another_persons_record_is_refused(db):
    create_team("Team A")
    create_staff_member(employee_number="X1", swe_number="SW200001")
    report, _ = run([staff_row(1, "Team A")])
    assert report.problems[0].message == "SW200001 belongs to employee X1 in WPQ"


def test_a_missing_required_column_is_reported(db):
    report, _ = run([{"EmployeeNumber": "E1"}], headers=["EmployeeNumber"])
    assert {problem.column for problem in report.problems} == {
        "FirstName",
        "LastName",
        "Team",
        "OrgRole",
        "RoleStartDate",
    }


def test_the_template_has_the_census_headers_and_a_notes_sheet(app, tmp_path):
    output = tmp_path / "staff.xlsx"
    result = app.test_cli_runner().invoke(args=["template", "staff", "--output", str(output)])
    assert result.exit_code == 0, result.output
    workbook = load_workbook(output)
    assert [cell.value for cell in workbook["Staff"][1]] == HEADERS
    assert workbook["Notes"]["A2"].value == "EmployeeNumber"


def test_wpq_import_staff_imports_a_file_and_reports_bad_rows(app, db, tmp_path):
    create_team("Team A")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(as_csv([staff_row(1, "Team A"), staff_row(2, "Team A", OrgRole="0")]))
    result = app.test_cli_runner().invoke(args=["import", "staff", str(bad)])
    assert result.exit_code != 0 and "Row 3, OrgRole" in result.output
    good = tmp_path / "good.csv"
    good.write_bytes(as_csv([staff_row(1, "Team A"), staff_row(2, "Team A")]))
    result = app.test_cli_runner().invoke(args=["import", "staff", str(good)])
    assert result.exit_code == 0, result.output
    assert "2 added" in result.output


def absence_csv(rows):
    return as_csv(rows, list(imports.ABSENCE_COLUMNS))


def test_absences_import_all_or_none_and_again_changes_nothing(db):
    create_staff_member(employee_number="E1")
    rows = [
        {
            "EmployeeNumber": "E1",
            "AbsenceReason": "SIC",
            "AbsenceStartDate": "2025-03-03",
            "AbsenceEndDate": "2025-03-07",
        },
        {"EmployeeNumber": "E404", "AbsenceReason": "SIC", "AbsenceStartDate": "2025-03-03", "AbsenceEndDate": ""},
    ]
    report, _ = imports.check_absences(absence_csv(rows), "absences.csv")
    assert [(p.row, p.column) for p in report.problems] == [(3, "EmployeeNumber")]
    report, loaded = imports.check_absences(absence_csv(rows[:1]), "absences.csv")
    assert imports.apply_absences(loaded).created == 1
    report, loaded = imports.check_absences(absence_csv(rows[:1]), "absences.csv")
    outcome = imports.apply_absences(loaded)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 1)
    assert db.session.execute(select(func.count()).select_from(Absence)).scalar_one() == 1


def test_the_work_email_is_kept_in_lower_case_and_empty_leaves_it_unchanged(db):
    create_team("Assessment Team 1")
    report, _ = run([staff_row(1, "Assessment Team 1", Email=" Sam.Jones@Council.example ")])
    assert report.ok
    person = db.session.execute(select(StaffMember)).scalar_one()
    assert person.email == "sam.jones@council.example"
    report, _ = run([staff_row(1, "Assessment Team 1", Email="")])
    assert report.ok and person.email == "sam.jones@council.example"


@pytest.mark.parametrize(
    ("rows", "existing", "problem"),
    [
        ([{"Email": "not an email"}], None, "Enter an email address in the correct format, like name@example.gov.uk"),
        (
            [{"Email": "a@council.example"}, {"Email": "A@council.example"}],
            None,
            "Row 2 gives a@council.example to another person",
        ),
        ([{"Email": "a@council.example"}], "a@council.example", "a@council.example belongs to employee E99999 in WPQ"),
    ],
)
def test_a_bad_or_repeated_email_is_reported_and_nothing_changes(db, rows, existing, problem):
    create_team("Assessment Team 1")
    if existing:
        create_staff_member(employee_number="E99999", email=existing)
    before = counts()
    report, outcome = run([staff_row(number, "Assessment Team 1", **row) for number, row in enumerate(rows, start=1)])
    assert outcome is None
    assert [(p.column, p.message) for p in report.problems] == [("Email", problem)]
    assert counts() == before


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"Team": "Asessment Team 1", "RoleEndDate": "2021-01-01"},
            {
                ("Team", "There is no team called Asessment Team 1"),
                ("RoleEndDate", "The role end date must be on or after the role start date"),
            },
        ),
        (
            {"Team": "Asessment Team 1", "OrgRole": "9"},
            {("Team", "There is no team called Asessment Team 1"), ("OrgRole", None)},
        ),
    ],
)
def test_a_staff_row_with_several_problems_reports_them_all_in_one_pass(db, overrides, expected):
    create_team(name="Assessment Team 1")
    report, _ = run([staff_row(1, "Assessment Team 1", **overrides)])
    found = {(problem.column, problem.message) for problem in report.problems}
    for column, message in expected:
        assert any(c == column and (message is None or m == message) for c, m in found), found
    assert counts()[0] == 0


def test_an_absence_row_with_an_unknown_person_and_dates_out_of_order_reports_both(db):
    rows = [
        {
            "EmployeeNumber": "E404",
            "AbsenceReason": "XXX",
            "AbsenceStartDate": "2025-03-07",
            "AbsenceEndDate": "2025-03-03",
        },
    ]
    report, _ = imports.check_absences(absence_csv(rows), "absences.csv")
    assert sorted(problem.column for problem in report.problems) == [
        "AbsenceEndDate",
        "AbsenceReason",
        "EmployeeNumber",
    ]
