from datetime import date

from sqlalchemy import select

from tests.caseloads.builders import case_file
from tests.people.builders import create_assignment, create_staff_member
from workforce.caseloads.models import CaseloadSnapshot


def test_the_import_command_imports_a_file_with_progress(app, db, tmp_path):
    worker = create_staff_member(employee_number="C100")
    create_assignment(worker)
    path = tmp_path / "extract.csv"
    path.write_bytes(
        case_file([["MOS-1", "CP", "C100", "", "", "2025-09-01"], ["MOS-2", "EH", "C100", "", "", "2025-09-02"]])
    )
    result = app.test_cli_runner().invoke(args=["import", "caseloads", str(path), "--date", "2025-09-30"])
    assert result.exit_code == 0, result.output
    assert "Imported 2 cases held by 1 workers for 2025-09-30." in result.output
    assert "Checking rows" in result.output
    snapshot = db.session.execute(select(CaseloadSnapshot)).scalar_one()
    assert snapshot.snapshot_date == date(2025, 9, 30)


def test_the_import_command_refuses_a_bad_file_and_writes_the_problems(app, db, tmp_path):
    path = tmp_path / "extract.csv"
    path.write_bytes(case_file([["MOS-1", "CP", "NOBODY", "", "", "2025-09-01"]]))
    problems = tmp_path / "problems.csv"
    result = app.test_cli_runner().invoke(
        args=["import", "caseloads", str(path), "--date", "2025-09-30", "--problems", str(problems)]
    )
    assert result.exit_code == 1
    assert "Nothing was imported." in result.output
    assert "row 2, EmployeeNumber: No one in the staff records has this number (NOBODY)" in result.output
    assert "NOBODY" in problems.read_text()
    assert db.session.execute(select(CaseloadSnapshot)).first() is None


def test_the_import_command_names_a_mapping_that_does_not_exist(app, db, tmp_path):
    path = tmp_path / "extract.csv"
    path.write_bytes(b"x")
    result = app.test_cli_runner().invoke(
        args=["import", "caseloads", str(path), "--date", "2025-09-30", "--mapping", "Nope"]
    )
    assert result.exit_code == 1
    assert "There is no saved column mapping called Nope" in result.output
