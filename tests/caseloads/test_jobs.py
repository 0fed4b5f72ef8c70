import threading
from datetime import date

from tests.caseloads.builders import case_file
from workforce.app import create_app
from workforce.caseloads import importing, jobs
from workforce.caseloads.constants import ImportJobStatus
from workforce.caseloads.models import CaseloadImportJob, CaseloadSnapshot
from workforce.extensions import db
from workforce.kernel.imports import keep_upload
from workforce.people.constants import EmploymentType
from workforce.people.models import StaffMember


def test_an_import_job_runs_in_a_background_thread_and_records_its_result(tmp_path):
    app = create_app(
        {
            "WPQ_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'jobs.sqlite3'}",
            "CASELOAD_IMPORTS_INLINE": False,
        }
    )
    app.instance_path = str(tmp_path)
    with app.app_context():
        db.create_all()
        db.session.add(
            StaffMember(employee_number="J1", first_name="Jo", last_name="Job", employment_type=EmploymentType.AGENCY)
        )
        data = case_file([["MOS-1", "CP", "J1", "", "", "2025-09-01"]])
        job = jobs.create_job(
            importing.SnapshotImport(data, "extract.csv", date(2025, 9, 30)), keep_upload(data, "x.csv")
        )
        db.session.commit()
        job_id = job.id
        jobs.start(job_id)
        thread = next(t for t in threading.enumerate() if t.name == f"caseload-import-{job_id}")
        thread.join(timeout=60)
        db.session.rollback()  # end this thread's read transaction, to see what the import thread wrote
        job = db.session.get(CaseloadImportJob, job_id)
        assert job.status is ImportJobStatus.IMPORTED
        assert job.upload_token is None
        assert db.session.get(CaseloadSnapshot, job.snapshot_id).case_count == 1
        assert not list((tmp_path / "uploads").iterdir())
        db.session.remove()
        db.engine.dispose()
