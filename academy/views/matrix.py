"""The training requirements, the training matrix and its export, and the import of past completions."""

import math

from flask import abort, flash, redirect, render_template, request, url_for

from academy import dao, imports, services
from academy.constants import AcademyPermission, EarlyCareerProgramme, MatrixState
from academy.forms import CompletionImportForm, ConfirmForm, MatrixFilterForm, RequirementForm
from academy.matrix import PER_PAGE, build_matrix, matrix_counts, matrix_sheet
from academy.models import Course
from academy.views import blueprint
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.dates import display_date
from workforce.kernel.imports import discard_upload, keep_upload, read_kept_upload
from workforce.kernel.permissions import current_scope, permission_required
from workforce.kernel.release import release_from_sheets
from workforce.kernel.spreadsheets import SpreadsheetError, read_table, send_workbook
from workforce.people.constants import CensusRole


@blueprint.route("/requirements")
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def list_requirements():
    return render_template("academy/requirements.html", requirements=dao.list_requirements())


@blueprint.route("/requirements/new", methods=["GET", "POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def create_requirement():
    form = RequirementForm()
    form.course_id.choices = [(c.id, f"{c.programme.name}: {c.title}") for c in dao.list_courses()]
    form.team_id.choices = [("", "Every team")] + [
        (str(t.id), t.name) for t in dao.list_teams_in_scope(current_scope())
    ]
    if form.validate_on_submit():
        requirement = services.create_requirement(
            db.session.get(Course, form.course_id.data),
            CensusRole(int(form.census_role.data)) if form.census_role.data else None,
            int(form.team_id.data) if form.team_id.data else None,
            EarlyCareerProgramme(form.early_career_programme.data) if form.early_career_programme.data else None,
        )
        db.session.commit()
        flash(f"Requirement added: {requirement}", "success")
        return redirect(url_for("academy.list_requirements"))
    return render_template(
        "academy/form.html", form=form, title="Add a training requirement", back=url_for("academy.list_requirements")
    )


def _filtered_matrix():
    form, team_id = _matrix_filter()
    return form, build_matrix(current_scope(), clock.today(), team_id), team_id


def _matrix_filter():
    form = MatrixFilterForm(request.args)
    teams = dao.list_teams_in_scope(current_scope())
    form.team.choices = [("", "All your teams" if not current_scope().all_teams else "All teams")] + [
        (str(team.id), team.name) for team in teams
    ]
    team_id = None
    if form.team.data:
        if not form.team.data.isdigit() or int(form.team.data) not in {team.id for team in teams}:
            abort(404)
        team_id = int(form.team.data)
    return form, team_id


@blueprint.route("/matrix")
@permission_required(AcademyPermission.VIEW_MATRIX)
def training_matrix():
    form, team_id = _matrix_filter()
    scope, today = current_scope(), clock.today()
    pages = max(1, math.ceil(dao.count_people_in_scope(scope, today, team_id) / PER_PAGE))
    page = min(max(1, request.args.get("page", 1, type=int)), pages)
    matrix = build_matrix(scope, today, team_id, page=page)
    return render_template(
        "academy/matrix.html",
        form=form,
        matrix=matrix,
        counts=matrix_counts(scope, today, team_id),
        team_id=team_id,
        states=list(MatrixState),
        page=page,
        pages=pages,
    )


@blueprint.route("/matrix/export")
@permission_required(AcademyPermission.VIEW_MATRIX)
def export_matrix():
    _, matrix, _ = _filtered_matrix()
    workbook = release_from_sheets(
        "Training matrix",
        f"As at {display_date(matrix.on)}",
        "WPQ academy records: completions against the mandatory training required by role and team",
        [matrix_sheet(matrix)],
        notes=[("Cells", "The same text as the page: current, expiring within 90 or 30 days, expired, missing.")],
    )
    return send_workbook(workbook, f"training-matrix-{matrix.on:%Y-%m-%d}.xlsx")


@blueprint.route("/completions/import", methods=["GET", "POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def import_completions():
    form = CompletionImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read()
        try:
            table = read_table(data, upload.filename)
        except SpreadsheetError as problem:
            form.file.errors = [*form.file.errors, str(problem)]
        else:
            report, ready = imports.check_completions(table)
            if report.ok:
                token = keep_upload(data, upload.filename)
                return render_template(
                    "academy/import_preview.html", ready=ready, token=token, confirm_form=ConfirmForm()
                )
            return render_template("academy/import.html", form=form, report=report)
    return render_template("academy/import.html", form=form, report=None)


@blueprint.route("/completions/import/<token>", methods=["POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def confirm_import(token: str):
    data = read_kept_upload(token)
    if data is None or not ConfirmForm().validate_on_submit():
        abort(404)
    report, ready = imports.check_completions(read_table(data, token))
    if not report.ok:
        flash("The file no longer imports cleanly; upload it again to see why", "error")
        return redirect(url_for("academy.import_completions"))
    count = imports.apply_completions(ready)
    db.session.commit()
    discard_upload(token)
    flash(f"{count} completions imported", "success")
    return redirect(url_for("academy.training_matrix"))
