"""The census return's files (the XML for DfE and the Excel copy for checking), built by background jobs
(`workforce.kernel.jobs`): the summary page starts one, the job's page shows its progress and offers the file."""

from __future__ import annotations

from flask import url_for

from workforce.census import files
from workforce.census.constants import CensusPermission
from workforce.census.returns import build_return
from workforce.census.validation import validate
from workforce.extensions import db
from workforce.kernel import jobs
from workforce.kernel.contract import JobKind
from workforce.kernel.models import User
from workforce.kernel.permissions import user_can
from workforce.kernel.spreadsheets import XLSX_MIMETYPE

KIND = "census.return"
XML, WORKBOOK = "xml", "xlsx"


def start(year: int, file_format: str, user: User, with_errors: bool = False) -> jobs.Job:
    """The person's job for this file: the one under way, or a new one. The caller commits."""
    return jobs.start_or_resume(
        KIND,
        user,
        result_url=url_for("census.summary", year=year),
        year=year,
        format=file_format,
        with_errors=with_errors,
    )


def run(context: jobs.JobContext) -> jobs.JobResult:
    user = db.session.get(User, context.started_by_id) if context.started_by_id else None
    if user is None or not user.is_active or not user_can(CensusPermission.PRODUCE, user):
        raise jobs.JobFailed("You no longer have permission to produce the census return.")
    year, file_format = int(context.params["year"]), context.params["format"]
    context.progress(0, 3, "Gathering the records")
    the_return = build_return(year)
    context.progress(1, 3, "Checking the return")
    problems = validate(the_return)
    context.progress(2, 3, "Writing the file")
    if file_format == XML:
        if problems and not context.params.get("with_errors"):
            raise jobs.JobFailed(
                f"The return has {len(problems)} validation errors. Fix them, or choose to export with errors."
            )
        filename, data, media_type = f"csww-{year}.xml", files.build_xml(the_return, problems), "application/xml"
    else:
        filename, data, media_type = (
            f"csww-{year}-check.xlsx",
            files.build_workbook_bytes(the_return, problems),
            XLSX_MIMETYPE,
        )
    context.progress(3, 3, "Writing the file")
    errors = f", with {len(problems)} validation errors" if problems else ""
    return jobs.JobResult(
        f"The census return for {year} is ready ({filename}{errors})",
        values={"filename": filename, "problems": len(problems)},
        file=(filename, data, media_type),
    )


JOB_KIND = JobKind(KIND, "Census return", run, max_attempts=2, retry_delay=10)
