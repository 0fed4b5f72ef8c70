"""Staff, absence and survey imports confirmed on the import page, run as background jobs (`workforce.kernel.jobs`).

The upload waits in the database with its job (so every web and worker process sees it, and it goes when the job
ends, whatever the outcome); the mapping, the full-extract flag and HR's decisions for the people a full extract
leaves out travel in the job's parameters. The worker checks every row again and applies all or nothing, so a
file that changed nothing on the preview but meets a newer import is still refused whole, with its report.
"""

from __future__ import annotations

from datetime import date

from flask import url_for

from workforce.extensions import db
from workforce.kernel import jobs
from workforce.kernel.contract import JobKind
from workforce.kernel.import_mappings import ImportMapping
from workforce.kernel.imports import ImportReport, RowProblem, hold_import_lock
from workforce.kernel.models import User
from workforce.kernel.permissions import user_can
from workforce.people import imports
from workforce.people.constants import LeaverDestination, PeoplePermission, ReasonForLeaving
from workforce.people.feed import run_staff_import

KIND = "people.import"
CHECKS = {
    "staff": (imports.check_staff, imports.apply_staff),
    "absences": (imports.check_absences, imports.apply_absences),
    "survey": (imports.check_survey, imports.apply_survey),
}


def decisions_to_params(decisions: imports.Reconciliation) -> dict:
    return {
        "kept": sorted(decisions.kept),
        "leavers": {
            number: [leaving.last_day.isoformat(), int(leaving.reason), int(leaving.destination)]
            for number, leaving in sorted(decisions.leavers.items())
        },
    }


def decisions_from_params(value: dict | None) -> imports.Reconciliation:
    value = value or {}
    return imports.Reconciliation(
        leavers={
            number: imports.Leaving(date.fromisoformat(day), ReasonForLeaving(reason), LeaverDestination(destination))
            for number, (day, reason, destination) in (value.get("leavers") or {}).items()
        },
        kept=set(value.get("kept") or ()),
    )


def under_way(kind: str) -> jobs.Job | None:
    """The import of this kind queued or running, whoever started it."""
    return jobs.unfinished(KIND, import_kind=kind)


def start(
    kind: str,
    user: User,
    data: bytes,
    filename: str,
    mapping: ImportMapping | None,
    *,
    full: bool = False,
    decisions: imports.Reconciliation | None = None,
) -> jobs.Job:
    """Keep the upload with a new job that checks and applies it; the caller commits, which hands it over."""
    job = jobs.start(
        KIND,
        user,
        upload=(filename, data),
        import_kind=kind,
        filename=filename[:255],
        mapping_id=mapping.id if mapping else None,
        full=bool(full),
        decisions=decisions_to_params(decisions) if decisions else None,
    )
    job.result_url = url_for("people.import_job", kind=kind, job_id=job.id)
    return job


def run(context: jobs.JobContext) -> jobs.JobResult:
    """Check every row, then apply them all; a file with problems is reported row by row with nothing applied."""
    params = context.params
    kind = params.get("import_kind")
    if kind not in CHECKS:
        raise jobs.JobFailed(f"WPQ does not import {kind!r}.")
    user = db.session.get(User, context.started_by_id) if context.started_by_id else None
    if user is None or not user.is_active or not user_can(PeoplePermission.IMPORT_STAFF, user):
        raise jobs.JobFailed("You no longer have permission to import staff records, so nothing was imported.")
    data = context.upload
    if data is None:
        raise jobs.JobFailed("The uploaded file is no longer kept, so nothing was imported. Upload it again.")
    mapping = None
    if params.get("mapping_id") is not None:
        mapping = db.session.get(ImportMapping, params["mapping_id"])
        if mapping is None or mapping.kind != kind:
            raise jobs.JobFailed("The column mapping chosen for this import has been deleted. Upload the file again.")
    filename = params.get("filename") or context.upload_filename or "upload.csv"
    context.progress(0, 0, "Checking every row")
    state = {"done": 0, "total": 0}

    def checked(count: int) -> None:
        state["total"] = count
        context.progress(count, count, "Checked every row")

    def applying(step: int) -> None:
        state["done"] += step
        context.progress(state["done"], state["total"], "Applying the rows")

    if kind == "staff":
        staff_run = run_staff_import(
            data,
            filename,
            mapping,
            full=bool(params.get("full")),
            decisions=decisions_from_params(params.get("decisions")),
            progress=applying,
            checked=checked,
        )
        report, outcome, rows_count = staff_run.report, staff_run.outcome, staff_run.rows
    else:
        check, apply = CHECKS[kind]
        hold_import_lock(kind)
        report, rows = check(data, filename, mapping)
        rows_count = len(rows)
        checked(rows_count)
        outcome = apply(rows, applying) if report.ok else None
    if not report.ok:
        problems = [[p.row, p.column, str(p.value), p.message] for p in report.sorted_problems()]
        return jobs.JobResult(
            f"Nothing was imported: {len(problems):,} problems in {report.rows_with_problems:,} rows of the file",
            values={"applied": False, "total_rows": report.total_rows, "problems": problems, "rows": rows_count},
        )
    summary = (
        f"Imported {rows_count:,} rows: {outcome.created:,} added, {outcome.updated:,} updated, "
        f"{outcome.unchanged:,} unchanged"
    )
    if outcome.confirmed_leavers or outcome.kept_in_post:
        summary += f"; {outcome.confirmed_leavers:,} confirmed as leavers, {outcome.kept_in_post:,} kept in post"
    return jobs.JobResult(summary, values={"applied": True, "rows": rows_count, "total_rows": report.total_rows})


def report_of(job: jobs.Job) -> ImportReport:
    """The job's problems as an ImportReport, for its page and the problems download."""
    values = job.result or {}
    report = ImportReport(total_rows=values.get("total_rows") or 0)
    report.problems = [RowProblem(*problem) for problem in values.get("problems") or []]
    return report


JOB_KIND = JobKind(KIND, "Staff records import", run, max_attempts=3, retry_delay=10)
