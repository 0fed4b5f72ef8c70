"""The academy's background jobs (`workforce.kernel.jobs`): the training matrix export, built with the
permissions of the person who asked (the job's page shows its progress and offers the file), and the import of
past completions confirmed on the import page (checked again and applied all or nothing in the worker; its
page shows the result or the row-by-row report)."""

from __future__ import annotations

from flask import url_for

from academy import dao, imports
from academy.constants import AcademyPermission
from academy.matrix import build_matrix, matrix_sheet
from workforce.extensions import db
from workforce.kernel import clock, jobs
from workforce.kernel.contract import JobKind
from workforce.kernel.dates import display_date
from workforce.kernel.import_mappings import ImportMapping
from workforce.kernel.imports import ImportReport, RowProblem
from workforce.kernel.models import User
from workforce.kernel.permissions import scope_of, user_can
from workforce.kernel.release import release_from_sheets
from workforce.kernel.spreadsheets import XLSX_MIMETYPE, SpreadsheetError, read_table, workbook_bytes

MATRIX_EXPORT = "academy.matrix_export"
COMPLETIONS_IMPORT = "academy.completions_import"


def start_matrix_export(user: User, team_id: int | None) -> jobs.Job:
    """The person's export of the matrix (of one team, or all they may see): the one under way, or a new one."""
    return jobs.start_or_resume(
        MATRIX_EXPORT,
        user,
        result_url=url_for("academy.training_matrix", team=team_id or ""),
        team_id=team_id,
    )


def run_matrix_export(context: jobs.JobContext) -> jobs.JobResult:
    """The matrix as the person's scope is when the job runs (a team manager moved off a team since asking gets
    neither that team nor a file)."""
    user = db.session.get(User, context.started_by_id) if context.started_by_id else None
    if user is None or not user.is_active or not user_can(AcademyPermission.VIEW_MATRIX, user):
        raise jobs.JobFailed("You no longer have permission to see the training matrix.")
    scope = scope_of(user)
    team_id = context.params.get("team_id")
    if team_id is not None and team_id not in {team.id for team in dao.list_teams_in_scope(scope)}:
        raise jobs.JobFailed("That team is no longer one whose training you may see.")
    context.progress(0, 2, "Reading the training records")
    matrix = build_matrix(scope, clock.today(), team_id)
    context.progress(1, 2, "Writing the spreadsheet")
    workbook = release_from_sheets(
        "Training matrix",
        f"As at {display_date(matrix.on)}",
        "WPQ academy records: completions against the mandatory training required by role and team",
        [matrix_sheet(matrix)],
        notes=[("Cells", "The same text as the page: current, expiring within 90 or 30 days, expired, missing.")],
    )
    data = workbook_bytes(workbook)
    context.progress(2, 2, "Writing the spreadsheet")
    filename = f"training-matrix-{matrix.on:%Y-%m-%d}.xlsx"
    return jobs.JobResult(
        f"The training matrix of {len(matrix.rows):,} people is ready",
        values={"filename": filename, "people": len(matrix.rows)},
        file=(filename, data, XLSX_MIMETYPE),
    )


MATRIX_EXPORT_JOB = JobKind(MATRIX_EXPORT, "Training matrix export", run_matrix_export, max_attempts=2)


def completions_import_under_way() -> jobs.Job | None:
    """The completions import queued or running, whoever started it."""
    return jobs.unfinished(COMPLETIONS_IMPORT)


def start_completions_import(user: User, data: bytes, filename: str, mapping: ImportMapping | None) -> jobs.Job:
    """Keep the upload with a new job that checks and applies it; the caller commits, which hands it over."""
    job = jobs.start(
        COMPLETIONS_IMPORT,
        user,
        upload=(filename, data),
        filename=filename[:255],
        mapping_id=mapping.id if mapping else None,
    )
    job.result_url = url_for("academy.import_job", job_id=job.id)
    return job


def run_completions_import(context: jobs.JobContext) -> jobs.JobResult:
    """Check every row again (the catalogue and the staff records may have changed since the preview), then
    record them all; a file with problems is reported row by row with nothing recorded."""
    user = db.session.get(User, context.started_by_id) if context.started_by_id else None
    if user is None or not user.is_active or not user_can(AcademyPermission.MANAGE_ACADEMY, user):
        raise jobs.JobFailed("You no longer have permission to import training completions, so nothing was imported.")
    data = context.upload
    if data is None:
        raise jobs.JobFailed("The uploaded file is no longer kept, so nothing was imported. Upload it again.")
    mapping = None
    if context.params.get("mapping_id") is not None:
        mapping = db.session.get(ImportMapping, context.params["mapping_id"])
        if mapping is None or mapping.kind != "training":
            raise jobs.JobFailed("The column mapping chosen for this import has been deleted. Upload the file again.")
    filename = context.params.get("filename") or context.upload_filename or "upload.xlsx"
    context.progress(0, 0, "Checking every row")
    try:
        table = read_table(data, filename)
    except SpreadsheetError as problem:
        raise jobs.JobFailed(f"WPQ could not read the file: {problem}") from None
    report, ready = imports.check_completions(table, mapping)
    context.progress(report.total_rows, report.total_rows, "Checked every row")
    if not report.ok:
        problems = [[p.row, p.column, str(p.value), p.message] for p in report.sorted_problems()]
        return jobs.JobResult(
            f"Nothing was imported: {len(problems):,} problems in {report.rows_with_problems:,} rows of the file",
            values={"applied": False, "total_rows": report.total_rows, "problems": problems},
        )
    count = imports.apply_completions(ready, lambda done: context.progress(done, len(ready), "Recording the rows"))
    return jobs.JobResult(
        f"{count:,} completions imported", values={"applied": True, "count": count, "total_rows": report.total_rows}
    )


def completions_report(job: jobs.Job) -> ImportReport:
    """The import job's problems as an ImportReport, for its page and the problems download."""
    values = job.result or {}
    report = ImportReport(total_rows=values.get("total_rows") or 0)
    report.problems = [RowProblem(*problem) for problem in values.get("problems") or []]
    return report


COMPLETIONS_IMPORT_JOB = JobKind(
    COMPLETIONS_IMPORT, "Training completions import", run_completions_import, max_attempts=3, retry_delay=10
)
