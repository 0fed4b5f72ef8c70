import random
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.builders import create_team
from tests.caseloads.builders import case_file, csv_bytes
from tests.people.builders import create_assignment, create_staff_member
from workforce.caseloads import imports, services
from workforce.caseloads import settings as caseload_settings
from workforce.caseloads.constants import CaseType, ExtractShape, SnapshotStatus, SourceSystem
from workforce.caseloads.models import CaseloadCase, CaseloadSnapshot, CaseloadWorkerCount
from workforce.extensions import db
from workforce.kernel.contract import registry
from workforce.kernel.measures import MeasureScope
from workforce.kernel.release import build_workbook
from workforce.kernel.spreadsheets import Sheet, workbook_bytes
from workforce.people.constants import CensusRole, EmploymentType
from workforce.people.models import Assignment, StaffMember

SNAPSHOT_DATE = date(2025, 9, 30)


def run(data: bytes, filename: str = "extract.csv", **options):
    return imports.import_snapshot(imports.SnapshotImport(data, filename, SNAPSHOT_DATE, **options))


def count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.fixture
def workers(db):
    team = create_team(name="Assessment Team 1")
    first = create_staff_member(employee_number="E1001", swe_number="SW5001")
    second = create_staff_member(employee_number="E1002", swe_number="SW5002")
    for worker in (first, second):
        create_assignment(worker, team=team)
    return {"team": team, "first": first, "second": second}


def test_a_case_level_file_with_the_standard_headers_imports_without_a_mapping(workers):
    outcome = run(
        case_file(
            [
                ["MOS-1", "CP", "E1001", "", "Assessment Team 1", "2025-09-01"],
                ["MOS-2", "cin", "", "SW005002", "", "15/08/2025"],
                ["MOS-3", "CLA", "E1001", "", "", "2025-01-10"],
            ]
        )
    )
    assert outcome.report.ok, outcome.report.problems
    snapshot = outcome.snapshot
    assert (snapshot.case_count, snapshot.worker_count, snapshot.shape) == (3, 2, ExtractShape.CASES)
    rows = {row.staff_id: row for row in db.session.execute(select(CaseloadWorkerCount)).scalars()}
    first = rows[workers["first"].id]
    assert (first.cp_cases, first.cla_cases, first.total_cases, first.team_id) == (1, 1, 2, workers["team"].id)
    assert rows[workers["second"].id].cin_cases == 1
    references = set(db.session.execute(select(CaseloadCase.case_reference)).scalars())
    assert references == {"MOS-1", "MOS-2", "MOS-3"}


def test_a_worker_count_file_imports_without_a_mapping(workers):
    data = csv_bytes(["EmployeeNumber", "CP", "CIN", "CLA", "CL", "EH", "OTHER"], [["E1001", 3, 4, "", 1, 0, 2]])
    outcome = run(data)
    assert outcome.report.ok, outcome.report.problems
    row = db.session.execute(select(CaseloadWorkerCount)).scalar_one()
    assert (row.cp_cases, row.cin_cases, row.cla_cases, row.cl_cases, row.other_cases, row.total_cases) == (
        3,
        4,
        0,
        1,
        2,
        10,
    )
    assert count(CaseloadCase) == 0


def test_an_excel_file_imports_like_a_csv(workers):
    sheet = Sheet(
        "Cases",
        ["CaseReference", "CaseType", "EmployeeNumber", "AllocationDate"],
        [["LL-9", "EH", "E1002", date(2025, 2, 3)]],
    )
    outcome = run(workbook_bytes(build_workbook([sheet])), "extract.xlsx")
    assert outcome.report.ok, outcome.report.problems
    assert db.session.execute(select(CaseloadCase.allocation_date)).scalar_one() == date(2025, 2, 3)


def test_a_saved_mapping_imports_another_layout(workers):
    mapping = services.save_mapping(
        "Eclipse monthly",
        SourceSystem.ECLIPSE,
        ExtractShape.CASES,
        {
            "case_reference": "Person ID",
            "case_type": "Category",
            "employee_number": "Worker",
            "allocation_date": "Allocated",
        },
    )
    data = csv_bytes(
        ["Person ID", "Category", "Worker", "Allocated", "Notes"], [["P77", "CP", "E1002", "2025-09-01", "x"]]
    )
    outcome = run(data, mapping=mapping)
    assert outcome.report.ok, outcome.report.problems
    assert db.session.execute(select(CaseloadCase.case_reference)).scalar_one() == "P77"


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (["MOS-1", "CP", "E1001", "", "", "31/02/2025"], "AllocationDate", "Enter a real date"),
        (
            ["MOS-1", "XX", "E1001", "", "", "2025-09-01"],
            "CaseType",
            "Use one of the codes CP, CIN, CLA, CL, EH, OTHER",
        ),
        (
            ["MOS-1", "CP", "E9999", "", "", "2025-09-01"],
            "EmployeeNumber",
            "No one in the staff records has this number",
        ),
        (["MOS-1", "CP", "", "", "", "2025-09-01"], "EmployeeNumber", "Enter the worker's employee number"),
        (
            ["MOS-1", "CP", "E1001", "", "", "2025-10-01"],
            "AllocationDate",
            "The allocation date is after the snapshot date",
        ),
        (["Jane Smith", "CP", "E1001", "", "", "2025-09-01"], "CaseReference", "never holds children's names"),
        (["MOS-1", "CP", "", "SWX", "", "2025-09-01"], "SWENo", "Enter a Social Work England number"),
    ],
)
def test_a_bad_row_is_reported_by_row_and_column_and_nothing_is_saved(workers, row, column, message):
    outcome = run(case_file([["MOS-0", "CIN", "E1002", "", "", "2025-09-01"], row]))
    assert not outcome.report.ok
    problems = outcome.report.problems
    assert [(p.row, p.column) for p in problems] == [(3, column)]
    assert message in problems[0].message
    assert count(CaseloadSnapshot) == count(CaseloadCase) == count(CaseloadWorkerCount) == 0


def test_a_case_allocated_to_two_workers_is_refused(workers):
    outcome = run(
        case_file([["MOS-1", "CP", "E1001", "", "", "2025-09-01"], ["mos-1", "CP", "E1002", "", "", "2025-09-01"]])
    )
    assert [(p.row, p.message) for p in outcome.report.problems] == [
        (3, "This case is also allocated to a different worker in row 2")
    ]
    assert count(CaseloadSnapshot) == 0


def test_a_repeated_row_is_refused(workers):
    row = ["MOS-1", "CP", "E1001", "", "", "2025-09-01"]
    outcome = run(case_file([row, row]))
    assert [(p.row, p.message) for p in outcome.report.problems] == [(3, "This row repeats row 2")]


def test_a_worker_twice_in_a_count_file_is_refused(workers):
    data = csv_bytes(["EmployeeNumber", "CP"], [["E1001", 3], ["E1001", 4]])
    outcome = run(data)
    assert [(p.row, p.message) for p in outcome.report.problems] == [(3, "This worker is already in row 2")]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "extract.csv", "The file is empty"),
        (b"CaseReference,CaseType,EmployeeNumber,AllocationDate\n", "extract.csv", "no rows of data"),
        (b"%PDF-1.4 binary", "extract.pdf", "must be an Excel workbook"),
        (b"not a zip", "extract.xlsx", "not an Excel workbook"),
        (b"Name,Date of birth\nJane,2020-01-01\n", "extract.csv", "WPQ does not know these columns"),
        (b"CaseReference,CaseType,AllocationDate\nM1,CP,2025-01-01\n", "extract.csv", "EmployeeNumber or SWENo"),
    ],
)
def test_a_malformed_file_changes_nothing_and_says_why(workers, data, filename, message):
    outcome = run(data, filename)
    assert not outcome.report.ok
    assert message in " ".join(problem.message for problem in outcome.report.problems)
    assert count(CaseloadSnapshot) == 0


def test_unknown_workers_can_be_kept_when_the_importer_allows_it(workers):
    outcome = run(case_file([["MOS-1", "CP", "E9999", "", "", "2025-09-01"]]), allow_unknown_workers=True)
    assert outcome.report.ok
    row = db.session.execute(select(CaseloadWorkerCount)).scalar_one()
    assert (row.staff_id, row.worker_identifier, row.total_cases) == (None, "E9999", 1)


def test_case_references_are_hashed_with_the_secret_salt_when_the_setting_says_so(workers):
    caseload_settings.put("caseload_hash_references", True)
    outcome = run(case_file([["MOS-1", "CP", "E1001", "", "", "2025-09-01"]]))
    stored = db.session.execute(select(CaseloadCase.case_reference)).scalar_one()
    assert stored != "MOS-1"
    assert stored == imports.hash_reference("MOS-1")
    assert len(stored) == 64
    assert outcome.snapshot.references_hashed


def test_a_new_import_for_the_same_date_supersedes_the_earlier_one(workers):
    first = run(case_file([["MOS-1", "CP", "E1001", "", "", "2025-09-01"]])).snapshot
    second = run(case_file([["MOS-2", "CP", "E1002", "", "", "2025-09-01"]])).snapshot
    assert first.status is SnapshotStatus.SUPERSEDED
    assert second.status is SnapshotStatus.IMPORTED


def test_a_100000_row_file_imports_and_its_figures_match_an_independent_count(db):
    teams = [create_team() for _ in range(4)]
    staff = [
        StaffMember(
            employee_number=f"T{index:04d}",
            first_name="Big",
            last_name=str(index),
            swe_number=f"SW{700000 + index}",
            employment_type=EmploymentType.PERMANENT,
        )
        for index in range(400)
    ]
    db.session.add_all(staff)
    db.session.flush()
    db.session.add_all(
        Assignment(
            staff_id=worker.id,
            team_id=teams[index % 4].id,
            census_role=CensusRole.CASE_HOLDER,
            employment_type=EmploymentType.PERMANENT,
            fte=1.0 if index % 5 else 0.5,
            start_date=date(2020, 1, 1),
        )
        for index, worker in enumerate(staff)
    )
    db.session.commit()
    rng = random.Random(4)
    rows, held = [], Counter()
    types = [case_type.value for case_type in CaseType]
    for index in range(100_000):
        worker = rng.randrange(400)
        held[worker] += 1
        rows.append([f"R{index:06d}", rng.choice(types), f"T{worker:04d}", "", "", "2025-05-01"])
    seen = []
    outcome = imports.import_snapshot(
        imports.SnapshotImport(case_file(rows), "big.csv", SNAPSHOT_DATE),
        lambda stage, done, total: seen.append((stage, done, total)),
    )
    assert outcome.report.ok
    assert seen[-1][1] == seen[-1][2]
    assert count(CaseloadCase) == 100_000
    fte = sum(1.0 if index % 5 else 0.5 for index in held)
    measures = registry().measures
    value = measures.compute("caseload_fte", date(2025, 9, 1), SNAPSHOT_DATE)
    assert (value.numerator, value.denominator) == (100_000, pytest.approx(fte))
    team_cases = sum(held[index] for index in held if index % 4 == 1)
    assert measures.compute("cases", SNAPSHOT_DATE, SNAPSHOT_DATE, MeasureScope.team(teams[1].id)).value == team_cases
