"""The staff, absence, caseload and training-completion imports through the API: the pages' checks, all rows or
none, the row report as problem details, the audit trail with origin api, and write scopes and permissions."""

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from academy.models import Completion
from tests.academy.builders import create_course
from tests.api.builders import api_client, assert_problem
from tests.builders import create_team, create_user
from tests.caseloads.builders import CASE_HEADERS, csv_bytes
from tests.people.builders import create_staff_member
from workforce.caseloads.models import CaseloadSnapshot, CaseloadWorkerCount
from workforce.extensions import db
from workforce.kernel.models import AuditEvent
from workforce.kernel.roles import Role
from workforce.people.constants import AbsenceReason
from workforce.people.models import Absence, Assignment, StaffMember


def count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def api_events(record_type: str) -> list[AuditEvent]:
    statement = select(AuditEvent).where(AuditEvent.record_type == record_type, AuditEvent.origin == "api")
    return list(db.session.execute(statement).scalars())


# Staff and absences


def staff_row(number: str, team: str, **overrides) -> dict:
    return {
        "EmployeeNumber": number,
        "FirstName": "Sam",
        "LastName": f"Worker{number}",
        "Team": team,
        "OrgRole": 5,
        "RoleStartDate": "2024-04-01",
        "FTE": 1,
        **overrides,
    }


@pytest.fixture
def hr(client, db):
    return api_client(client, create_user(Role.HR, name="Hana HR"), ["staff:read", "staff:write"])


def test_staff_rows_are_imported_with_their_assignments_and_audited_as_api(hr):
    team = create_team(name="Assessment 1")
    rows = [staff_row("E100", team.name), staff_row("E101", team.name, SWENo="SW0123")]
    response = hr.post("/api/v1/imports/staff", json={"rows": rows})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["total_rows"] == 2
    assert body["counts"]["created"] == 2 and body["counts"]["assignments_created"] == 2
    person = db.session.execute(select(StaffMember).where(StaffMember.employee_number == "E101")).scalar_one()
    assert person.swe_number == "SW123"
    assert person.assignments[0].team_id == team.id
    events = api_events("Staff")
    assert len(events) == 2 and {event.actor_label for event in events} == {"Hana HR (hr)"}
    again = hr.post("/api/v1/imports/staff", json={"rows": rows}).get_json()
    assert again["counts"]["created"] == 0 and again["counts"]["unchanged"] == 2


def test_one_bad_staff_row_means_no_one_is_imported_and_the_report_names_each_problem(hr):
    team = create_team(name="Assessment 1")
    rows = [
        staff_row("E100", team.name),
        staff_row("E101", "No such team"),
        staff_row("E102", team.name, OrgRole=9, RoleStartDate="31/02/2024"),
    ]
    body = assert_problem(hr.post("/api/v1/imports/staff", json={"rows": rows}), 422)
    assert body["total_rows"] == 3
    assert {(problem["row"], problem["column"]) for problem in body["errors"]} == {
        (3, "Team"),
        (4, "OrgRole"),
        (4, "RoleStartDate"),
    }
    assert body["detail"].startswith("Nothing was imported")
    assert count(StaffMember) == 0 and count(Assignment) == 0


def test_a_staff_file_missing_required_columns_is_reported_against_the_header_row(hr):
    body = assert_problem(hr.post("/api/v1/imports/staff", json={"rows": [{"EmployeeNumber": "E1"}]}), 422)
    assert {problem["row"] for problem in body["errors"]} == {1}
    assert "The column FirstName is missing" in {problem["message"] for problem in body["errors"]}


def test_absences_are_imported_from_a_csv_upload(hr):
    person = create_staff_member(employee_number="E200")
    data = b"EmployeeNumber,AbsenceReason,AbsenceStartDate,AbsenceEndDate\nE200,SIC,2026-02-02,2026-02-06\n"
    response = hr.post(
        "/api/v1/imports/absences",
        data={"file": (io.BytesIO(data), "absences.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["counts"] == {"created": 1, "updated": 0, "unchanged": 0}
    absence = db.session.execute(select(Absence)).scalar_one()
    assert (absence.staff_id, absence.reason, absence.end_date) == (person.id, AbsenceReason.SICKNESS, date(2026, 2, 6))
    assert len(api_events("Absence")) == 1


def test_an_absence_of_an_unknown_person_stops_the_whole_file(hr):
    create_staff_member(employee_number="E200")
    rows = [
        {"EmployeeNumber": "E200", "AbsenceReason": "SIC", "AbsenceStartDate": "2026-02-02"},
        {"EmployeeNumber": "E999", "AbsenceReason": "SIC", "AbsenceStartDate": "2026-02-02"},
        {"EmployeeNumber": "E200", "AbsenceReason": "FLU", "AbsenceStartDate": "2026-03-02"},
    ]
    body = assert_problem(hr.post("/api/v1/imports/absences", json={"rows": rows}), 422)
    assert [(problem["row"], problem["column"]) for problem in body["errors"]] == [
        (3, "EmployeeNumber"),
        (4, "AbsenceReason"),
    ]
    assert body["errors"][0]["message"] == "There is no member of staff with this employee number"
    assert count(Absence) == 0


@pytest.mark.parametrize("name", ["staff", "absences"])
def test_a_read_only_token_cannot_import_staff_records(client, db, name):
    api = api_client(client, create_user(Role.HR), ["staff:read"])
    body = assert_problem(api.post(f"/api/v1/imports/{name}", json={"rows": [{"EmployeeNumber": "E1"}]}), 403)
    assert "staff:write" in body["detail"]


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.SENIOR_LEADER, Role.ACADEMY_LEAD])
def test_roles_without_the_import_permission_cannot_import_staff(client, db, role):
    api = api_client(client, create_user(role), ["staff:write"])
    assert_problem(api.post("/api/v1/imports/staff", json={"rows": [staff_row("E1", "Any")]}), 403)
    assert count(StaffMember) == 0


# Caseloads

CASELOADS = "/api/v1/imports/caseloads"


@pytest.fixture
def importer(client, db):
    return api_client(client, create_user(Role.HR, name="Hana HR"), ["caseloads:read", "caseloads:write"])


def case_row(reference: str, number: str, case_type: str = "CIN", allocated: str = "2026-09-01") -> dict:
    return {"CaseReference": reference, "CaseType": case_type, "EmployeeNumber": number, "AllocationDate": allocated}


def test_a_case_level_extract_becomes_a_snapshot_with_worker_counts(importer):
    team = create_team(name="Assessment 1")
    worker = create_staff_member(employee_number="E300")
    rows = [case_row("C1", "E300", "CP"), case_row("C2", "E300"), {**case_row("C3", "E300"), "Team": team.name}]
    response = importer.post(f"{CASELOADS}?snapshot_date=2026-10-31&source_system=mosaic", json={"rows": rows})
    assert response.status_code == 200, response.get_data(as_text=True)
    counts = response.get_json()["counts"]
    assert (counts["cases"], counts["workers"]) == (3, 1)
    snapshot = db.session.get(CaseloadSnapshot, counts["snapshot_id"])
    assert snapshot.snapshot_date == date(2026, 10, 31) and snapshot.source_system.value == "mosaic"
    row = db.session.execute(select(CaseloadWorkerCount)).scalar_one()
    assert (row.staff_id, row.cp_cases, row.cin_cases, row.total_cases) == (worker.id, 1, 2, 3)
    assert [event.actor_label for event in api_events("Caseload snapshot")] == ["Hana HR (hr)"]


def test_a_worker_count_file_upload_imports(importer):
    create_staff_member(employee_number="E300")
    data = csv_bytes(["EmployeeNumber", "CP", "CIN", "CLA"], [["E300", 2, 9, 1]])
    response = importer.post(
        f"{CASELOADS}?snapshot_date=2026-10-31",
        data={"file": (io.BytesIO(data), "counts.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["counts"]["cases"] == 12


def test_a_bad_caseload_row_means_no_snapshot_and_a_row_report(importer):
    create_staff_member(employee_number="E300")
    rows = [
        case_row("C1", "E300"),
        case_row("C1", "E300"),
        case_row("Jane Smith", "E300"),
        case_row("C4", "E404"),
        case_row("C5", "E300", allocated="2026-11-15"),
    ]
    body = assert_problem(importer.post(f"{CASELOADS}?snapshot_date=2026-10-31", json={"rows": rows}), 422)
    assert [problem["row"] for problem in body["errors"]] == [3, 4, 5, 6]
    assert body["errors"][0]["message"] == "This row repeats row 2"
    assert body["errors"][2]["message"] == "No one in the staff records has this number"
    assert count(CaseloadSnapshot) == 0 and count(CaseloadWorkerCount) == 0


def test_unknown_workers_may_be_kept_when_asked(importer):
    rows = [case_row("C1", "E404")]
    response = importer.post(f"{CASELOADS}?snapshot_date=2026-10-31&allow_unknown_workers=true", json={"rows": rows})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert db.session.execute(select(CaseloadWorkerCount.staff_id)).scalar_one() is None


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("", "snapshot_date"),
        ("?snapshot_date=31/10/2026", "snapshot_date"),
        ("?snapshot_date=2026-10-31&source_system=excel", "source_system"),
        ("?snapshot_date=2026-10-31&mapping=Nope", "mapping"),
        ("?snapshot_date=2026-10-31&colour=blue", "colour"),
    ],
)
def test_caseload_import_options_are_checked(importer, query, field):
    body = assert_problem(importer.post(f"{CASELOADS}{query}", json={"rows": [case_row("C1", "E1")]}), 422)
    assert list(body["errors"]) == [field]
    assert count(CaseloadSnapshot) == 0


def test_a_read_only_caseload_token_cannot_import(client, db):
    api = api_client(client, create_user(Role.HR), ["caseloads:read"])
    assert_problem(api.post(f"{CASELOADS}?snapshot_date=2026-10-31", json={"rows": [case_row("C1", "E1")]}), 403)


def test_a_team_manager_cannot_import_caseloads(client, db):
    api = api_client(client, create_user(Role.TEAM_MANAGER), ["caseloads:write"])
    assert_problem(api.post(f"{CASELOADS}?snapshot_date=2026-10-31", json={"rows": [case_row("C1", "E1")]}), 403)


def test_the_standard_case_headers_are_the_documented_ones():
    assert set(CASE_HEADERS) - {"SWENo", "Team"} == set(case_row("C1", "E1"))


# Training completions

COMPLETIONS = "/api/v1/imports/training-completions"


@pytest.fixture
def academy_lead(client, db):
    return api_client(client, create_user(Role.ACADEMY_LEAD, name="Aisha Lead"), ["academy:read", "academy:write"])


def test_training_completions_are_imported_with_their_expiry(academy_lead):
    person = create_staff_member(employee_number="E400")
    course = create_course(title="Safeguarding level 3", validity_months=36)
    rows = [{"Employee number": "E400", "Course": "safeguarding level 3", "Completed on": "2025-03-01"}]
    response = academy_lead.post(COMPLETIONS, json={"rows": rows})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["counts"] == {"created": 1}
    completion = db.session.execute(select(Completion)).scalar_one()
    assert (completion.staff_id, completion.course_id) == (person.id, course.id)
    assert completion.expires_on == date(2028, 3, 1)
    assert len(api_events("Completion")) == 1
    body = assert_problem(academy_lead.post(COMPLETIONS, json={"rows": rows}), 422)
    assert body["errors"][0]["message"] == "WPQ already holds this completion"


def test_a_bad_completion_row_means_nothing_is_imported(academy_lead):
    create_staff_member(employee_number="E400")
    create_course(title="Safeguarding level 3")
    rows = [
        {"Employee number": "E400", "Course": "Safeguarding level 3", "Completed on": "2025-03-01"},
        {"Employee number": "E999", "Course": "Safeguarding level 3", "Completed on": "2025-03-01"},
        {"Employee number": "E400", "Course": "Basket weaving", "Completed on": "2099-01-01"},
    ]
    body = assert_problem(academy_lead.post(COMPLETIONS, json={"rows": rows}), 422)
    assert [(problem["row"], problem["column"]) for problem in body["errors"]] == [
        (3, "Employee number"),
        (4, "Completed on"),
        (4, "Course"),
    ]
    assert count(Completion) == 0


def test_a_read_only_academy_token_and_other_roles_cannot_import_completions(client, db):
    rows = [{"Employee number": "E1", "Course": "X", "Completed on": "2025-01-01"}]
    read_only = api_client(client, create_user(Role.ACADEMY_LEAD), ["academy:read"])
    assert_problem(read_only.post(COMPLETIONS, json={"rows": rows}), 403)
    manager = api_client(client, create_user(Role.TEAM_MANAGER), ["academy:write"])
    assert_problem(manager.post(COMPLETIONS, json={"rows": rows}), 403)
