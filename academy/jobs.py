"""The training matrix export, built by a background job (`workforce.kernel.jobs`) with the permissions of the
person who asked: the matrix page starts it, the job's page shows its progress and offers the file."""

from __future__ import annotations

from flask import url_for

from academy import dao
from academy.constants import AcademyPermission
from academy.matrix import build_matrix, matrix_sheet
from workforce.extensions import db
from workforce.kernel import clock, jobs
from workforce.kernel.contract import JobKind
from workforce.kernel.dates import display_date
from workforce.kernel.models import User
from workforce.kernel.permissions import scope_of, user_can
from workforce.kernel.release import release_from_sheets
from workforce.kernel.spreadsheets import XLSX_MIMETYPE, workbook_bytes

MATRIX_EXPORT = "academy.matrix_export"


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
