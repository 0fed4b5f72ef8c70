"""Caseload imports from the upload page, run as background jobs (`workforce.kernel.jobs`): the upload waits in
the database with its job, the rows are checked and saved in the worker, and the status page shows progress."""

from __future__ import annotations

from workforce.caseloads import imports
from workforce.caseloads.constants import ImportJobStatus
from workforce.caseloads.models import CaseloadImportJob
from workforce.extensions import db
from workforce.kernel import clock, jobs
from workforce.kernel.contract import JobKind
from workforce.kernel.imports import ImportReport, RowProblem
from workforce.kernel.plurals import plural

KIND = "caseloads.import"


def create_job(request: imports.SnapshotImport) -> CaseloadImportJob:
    """Record the import and start its job; the caller commits, which hands the job to the worker."""
    record = CaseloadImportJob(
        status=ImportJobStatus.QUEUED,
        filename=request.filename[:255],
        snapshot_date=request.snapshot_date,
        source_system=request.source_system,
        mapping_id=request.mapping.id if request.mapping else None,
        allow_unknown_workers=request.allow_unknown_workers,
        created_by_id=request.imported_by_id,
    )
    db.session.add(record)
    db.session.flush()
    job = jobs.start(KIND, request.imported_by_id, upload=(request.filename, request.data), import_id=record.id)
    record.job_id = job.id
    db.session.flush()
    return record


def run(context: jobs.JobContext) -> jobs.JobResult:
    """Check every row, then save the snapshot; the kernel commits both with the job's end, or neither."""
    record = db.session.get(CaseloadImportJob, context.params["import_id"])
    if record is None:
        raise jobs.JobFailed("The import's record is missing, so there is nothing to import.")
    request = imports.SnapshotImport(
        data=context.upload or b"",
        filename=record.filename,
        snapshot_date=record.snapshot_date,
        source_system=record.source_system,
        mapping=record.mapping,
        allow_unknown_workers=record.allow_unknown_workers,
        imported_by_id=record.created_by_id,
    )

    def progress(stage: str, done: int, total: int) -> None:
        context.progress(done, total, stage)

    outcome = imports.check_snapshot(request, progress)
    if outcome.report.ok:
        context.end_reading()
        snapshot = imports.save_snapshot(request, outcome, progress)
        record.snapshot_id = snapshot.id
        record.status = ImportJobStatus.IMPORTED
        record.message = (
            f"Imported {plural(snapshot.case_count, 'case')} held by {plural(snapshot.worker_count, 'worker')}"
        )
    else:
        record.status = ImportJobStatus.REJECTED
        record.problems = [[p.row, p.column, p.value, p.message] for p in outcome.report.sorted_problems()]
        record.message = f"Not imported: {len(record.problems):,} problems in the file"
    record.total_rows = record.processed_rows = outcome.report.total_rows
    record.finished_at = clock.now()
    return jobs.JobResult(record.message, values={"import_id": record.id, "snapshot_id": record.snapshot_id})


def mark_failed(context: jobs.JobContext, reason: str) -> None:
    record = db.session.get(CaseloadImportJob, context.params.get("import_id"))
    if record is not None:
        record.status = ImportJobStatus.FAILED
        record.message = f"{reason} Try again, or tell support if it happens again."
        record.finished_at = clock.now()


JOB_KIND = JobKind(KIND, "Caseload import", run, max_attempts=3, retry_delay=10, on_failure=mark_failed)


def report_of(job: CaseloadImportJob):
    """The job's problems as an ImportReport (for the page and the downloads)."""
    report = ImportReport(total_rows=job.total_rows)
    report.problems = [RowProblem(*problem) for problem in job.problems or []]
    return report
