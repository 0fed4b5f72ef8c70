"""Caseload imports as background jobs (immediate mode; tests/kernel/test_job_worker.py runs a real worker)."""

from datetime import date

from sqlalchemy import func, select

from tests.caseloads.builders import case_file
from workforce.caseloads import imports, jobs
from workforce.caseloads.constants import ImportJobStatus
from workforce.caseloads.models import CaseloadSnapshot
from workforce.extensions import db
from workforce.kernel.jobs import JobFile, JobStatus, run_ready
from workforce.people.constants import EmploymentType
from workforce.people.models import StaffMember


def add_worker(number: str) -> None:
    db.session.add(
        StaffMember(employee_number=number, first_name="Jo", last_name="Job", employment_type=EmploymentType.AGENCY)
    )
    db.session.flush()


def uploads() -> int:
    return db.session.execute(select(func.count()).select_from(JobFile)).scalar_one()


def test_an_import_runs_as_a_job_and_its_upload_is_removed_when_it_ends(db):
    add_worker("J1")
    data = case_file([["MOS-1", "CP", "J1", "", "", "2025-09-01"]])
    record = jobs.create_job(imports.SnapshotImport(data, "extract.csv", date(2025, 9, 30)))
    db.session.commit()
    assert uploads() == 1
    run_ready()

    db.session.refresh(record)
    assert record.status is ImportJobStatus.IMPORTED
    assert record.background_job.status is JobStatus.DONE
    assert record.background_job.result_summary == "Imported 1 case held by 1 worker"
    assert db.session.get(CaseloadSnapshot, record.snapshot_id).case_count == 1
    assert uploads() == 0


def test_a_file_with_problems_is_rejected_and_its_upload_removed(db):
    data = case_file([["MOS-1", "CP", "NOBODY", "", "", "2025-09-01"]])
    record = jobs.create_job(imports.SnapshotImport(data, "extract.csv", date(2025, 9, 30)))
    db.session.commit()
    run_ready()
    db.session.refresh(record)
    assert record.status is ImportJobStatus.REJECTED and record.problems
    assert record.background_job.status is JobStatus.DONE
    assert uploads() == 0


def test_an_import_that_keeps_breaking_is_tried_three_times_then_failed_with_nothing_saved(db, monkeypatch):
    add_worker("J2")
    calls = []

    def broken(request, outcome, progress):
        calls.append(1)
        db.session.add(CaseloadSnapshot(snapshot_date=date(2025, 9, 30), source_system="mosaic", filename="half"))
        db.session.flush()
        raise OSError("disk full")

    monkeypatch.setattr(imports, "save_snapshot", broken)
    before = db.session.execute(select(func.count()).select_from(CaseloadSnapshot)).scalar_one()
    data = case_file([["MOS-1", "CP", "J2", "", "", "2025-09-01"]])
    record = jobs.create_job(imports.SnapshotImport(data, "extract.csv", date(2025, 9, 30)))
    db.session.commit()
    run_ready()

    db.session.refresh(record)
    assert len(calls) == 3
    assert record.status is ImportJobStatus.FAILED
    assert record.background_job.status is JobStatus.FAILED and record.background_job.attempts == 3
    assert "Nothing was saved" in record.message
    assert db.session.execute(select(func.count()).select_from(CaseloadSnapshot)).scalar_one() == before
    assert uploads() == 0
