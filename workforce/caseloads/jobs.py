"""Background imports from the upload page: a thread per import, with its progress kept in the database so a
status page can show it and no request runs for longer than a request should."""

from __future__ import annotations

import threading
import time

from flask import Flask, current_app

from workforce.caseloads import importing
from workforce.caseloads.constants import ImportJobStatus
from workforce.caseloads.models import CaseloadImportJob
from workforce.extensions import db
from workforce.kernel import audit_trail, clock
from workforce.kernel.imports import ImportReport, RowProblem, discard_upload, read_kept_upload

#: Progress is written at most this often (seconds), so that checking rows is not slowed by commits.
PROGRESS_INTERVAL = 1.0


def create_job(request: importing.SnapshotImport, upload_token: str) -> CaseloadImportJob:
    job = CaseloadImportJob(
        status=ImportJobStatus.QUEUED,
        upload_token=upload_token,
        filename=request.filename[:255],
        snapshot_date=request.snapshot_date,
        source_system=request.source_system,
        mapping_id=request.mapping.id if request.mapping else None,
        allow_unknown_workers=request.allow_unknown_workers,
        created_by_id=request.imported_by_id,
    )
    db.session.add(job)
    db.session.flush()
    return job


def start(job_id: int) -> None:
    """Run the job in a background thread, or at once when the app says so (tests: CASELOAD_IMPORTS_INLINE)."""
    app = current_app._get_current_object()
    if app.config.get("CASELOAD_IMPORTS_INLINE", app.testing):
        run(job_id)
        return
    thread = threading.Thread(target=_run_in_app, args=(app, job_id), name=f"caseload-import-{job_id}", daemon=True)
    thread.start()


def _run_in_app(app: Flask, job_id: int) -> None:
    with app.app_context():
        try:
            run(job_id)
        finally:
            db.session.remove()


def run(job_id: int) -> None:
    """Check the kept upload, then save it in one transaction; progress is committed only while checking, when
    nothing else has been written, so a failure never leaves half a snapshot."""
    job = db.session.get(CaseloadImportJob, job_id)
    if job is None or job.status is not ImportJobStatus.QUEUED:
        return
    token = job.upload_token or ""
    data = read_kept_upload(token)
    request = importing.SnapshotImport(
        data=data or b"",
        filename=job.filename,
        snapshot_date=job.snapshot_date,
        source_system=job.source_system,
        mapping=job.mapping,
        allow_unknown_workers=job.allow_unknown_workers,
        imported_by_id=job.created_by_id,
    )
    job.status = ImportJobStatus.CHECKING
    db.session.commit()
    last_written = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        if stage != "Checking rows":
            return
        now = time.monotonic()
        if now - last_written[0] >= PROGRESS_INTERVAL or done == total:
            job.total_rows, job.processed_rows = total, done
            db.session.commit()
            last_written[0] = now

    user_label = f"Caseload import {job.id}"
    try:
        with audit_trail.acting_as(user_label, audit_trail.Origin.IMPORT, job.created_by_id):
            outcome = importing.check_snapshot(request, progress)
            job.total_rows = job.processed_rows = outcome.report.total_rows
            if outcome.report.ok:
                job.status = ImportJobStatus.SAVING
                db.session.commit()
                snapshot = importing.save_snapshot(request, outcome)
                job.snapshot_id = snapshot.id
                job.status = ImportJobStatus.IMPORTED
                job.message = f"Imported {snapshot.case_count:,} cases held by {snapshot.worker_count:,} workers"
            else:
                job.status = ImportJobStatus.REJECTED
                job.problems = [[p.row, p.column, p.value, p.message] for p in outcome.report.sorted_problems()]
            job.finished_at = clock.now()
            job.upload_token = None
            db.session.commit()
    except Exception:
        db.session.rollback()
        job = db.session.get(CaseloadImportJob, job_id)
        job.status = ImportJobStatus.FAILED
        job.message = "The import stopped because of an error in WPQ. Nothing was saved; try again or tell support."
        job.finished_at = clock.now()
        db.session.commit()
        current_app.logger.exception("Caseload import %s failed", job_id)
    finally:
        discard_upload(token)


def report_of(job: CaseloadImportJob):
    """The job's problems as an ImportReport (for the page and the downloads)."""
    report = ImportReport(total_rows=job.total_rows)
    report.problems = [RowProblem(*problem) for problem in job.problems or []]
    return report
