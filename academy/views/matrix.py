"""The training requirements, the training matrix and its export, training records, importing past completions."""

import math

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from academy import dao, imports, jobs, services
from academy.constants import AcademyPermission, EarlyCareerProgramme, MatrixState
from academy.forms import CompletionForm, CompletionImportForm, ConfirmForm, MatrixFilterForm, RequirementForm
from academy.lists import training_records_list
from academy.matrix import PER_PAGE, build_matrix, matrix_counts
from academy.models import Completion, Course
from academy.views import blueprint
from academy.views.access import covers_staff, get_staff_in_scope_or_404
from workforce.extensions import db
from workforce.kernel import clock, freshness
from workforce.kernel.confirm import Consequence
from workforce.kernel.dates import display_date
from workforce.kernel.forms import save_or_show
from workforce.kernel.import_mappings import ImportMapping
from workforce.kernel.import_mappings.services import list_mappings
from workforce.kernel.imports import discard_upload, keep_upload, read_kept_upload
from workforce.kernel.jobs import Job, live_progress
from workforce.kernel.lists import show_list
from workforce.kernel.permissions import current_scope, permission_required
from workforce.kernel.spreadsheets import SpreadsheetError, read_table
from workforce.kernel.withdrawal import WithdrawalForm, withdraw_when_confirmed
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
        return save_or_show(
            form,
            lambda: services.create_requirement(
                db.session.get(Course, form.course_id.data),
                CensusRole(int(form.census_role.data)) if form.census_role.data else None,
                int(form.team_id.data) if form.team_id.data else None,
                EarlyCareerProgramme(form.early_career_programme.data) if form.early_career_programme.data else None,
            ),
            saved=lambda requirement: f"Requirement added: {requirement}",
            then=url_for("academy.list_requirements"),
        )
    return render_template(
        "academy/form.html", form=form, title="Add a training requirement", back=url_for("academy.list_requirements")
    )


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
@freshness.kept_page
def training_matrix():
    form, team_id = _matrix_filter()
    scope, today = current_scope(), clock.today()
    total = dao.count_people_in_scope(scope, today, team_id)
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(max(1, request.args.get("page", 1, type=int)), pages)
    matrix = build_matrix(scope, today, team_id, page=page, total=total)
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


@blueprint.route("/people/<int:staff_id>/training")
@permission_required(AcademyPermission.VIEW_MATRIX)
def person_training(staff_id: int):
    """A person's training record: every completion, withdrawn ones marked with the reason."""
    staff = get_staff_in_scope_or_404(staff_id)
    return render_template(
        "academy/person_training.html", staff=staff, completions=dao.list_completions_for_staff(staff.id)
    )


def _changeable_completion_or_404(completion_id: int) -> Completion:
    """A completion the academy lead may correct or withdraw: not withdrawn, and not from a register (the
    register changes those)."""
    completion = db.session.get(Completion, completion_id)
    if completion is None or completion.withdrawn or completion.from_register:
        abort(404)
    if not covers_staff(completion.staff_member):
        abort(404)
    return completion


@blueprint.route("/completions/<int:completion_id>/edit", methods=["GET", "POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def correct_completion(completion_id: int):
    completion = _changeable_completion_or_404(completion_id)
    back = url_for("academy.person_training", staff_id=completion.staff_id)
    if request.method == "GET":
        form = CompletionForm(
            data={
                "course_id": completion.course_id,
                "completed_on": completion.completed_on,
                "expires_on": completion.expires_on,
            }
        )
    else:
        form = CompletionForm()
    form.course_id.choices = [(c.id, f"{c.programme.name}: {c.title}") for c in dao.list_courses()]
    if form.validate_on_submit():
        response = save_or_show(
            form,
            lambda: services.correct_completion(
                completion, db.session.get(Course, form.course_id.data), form.completed_on.data, form.expires_on.data
            ),
            refused=services.AcademyError,
            saved="Training record corrected",
            then=back,
        )
        if response is not None:
            return response
    title = f"Correct the training record of {completion.staff_member.name}"
    return render_template("academy/form.html", form=form, title=title, back=back)


@blueprint.route("/completions/<int:completion_id>/withdraw", methods=["GET", "POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def withdraw_completion(completion_id: int):
    completion = _changeable_completion_or_404(completion_id)
    back = url_for("academy.person_training", staff_id=completion.staff_id)
    form = WithdrawalForm()
    if form.validate_on_submit():
        response = withdraw_when_confirmed(
            form,
            title=f"Withdraw {completion.course.title}?",
            caption=completion.staff_member.name,
            record=[
                Consequence("Completed", display_date(completion.completed_on)),
                Consequence(
                    "Expires", display_date(completion.expires_on) if completion.expires_on else "Does not expire"
                ),
            ],
            effect=Consequence(
                "What changes", "It no longer counts in the training matrix, the measures or the exports"
            ),
            warning="A withdrawn training record is kept, marked withdrawn, and cannot be brought back.",
            button="Withdraw the training record",
            back=back,
            withdraw=lambda: services.withdraw_completion(completion, form.reason.data),
            refused=services.AcademyError,
            saved="Training record withdrawn",
        )
        if response is not None:
            return response
    return render_template(
        "academy/form.html",
        form=form,
        title=f"Withdraw {completion.course.title} from the training record of {completion.staff_member.name}",
        back=back,
    )


@blueprint.route("/matrix/export", methods=["POST"])
@permission_required(AcademyPermission.VIEW_MATRIX)
def export_matrix():
    """Start the export of the matrix (?team= one of the user's teams, else all they may see) and show the job's
    page, which offers the file when it is ready."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    _, team_id = _matrix_filter()
    job = jobs.start_matrix_export(current_user, team_id)
    db.session.commit()
    return redirect(url_for("jobs.show_job", job_id=job.id))


def _completion_mapping(mapping_id: str | None) -> ImportMapping | None:
    if not mapping_id:
        return None
    mapping = db.session.get(ImportMapping, int(mapping_id)) if str(mapping_id).isdigit() else None
    if mapping is None or mapping.kind != "training":
        abort(404)
    return mapping


@blueprint.route("/completions")
@permission_required(AcademyPermission.VIEW_ACADEMY)
def list_completions():
    """Training records: the academy lead sees everyone's, a team manager their teams' people's, a worker their own."""
    scope = current_scope()
    on = clock.today()
    teams = dao.current_teams_subquery(on)
    return show_list(
        training_records_list(teams, dao.list_teams_in_scope(scope), dao.list_course_choices()),
        dao.completions_in_scope_query(scope, on, teams),
        "academy/completions.html",
        scope=scope,
    )


@blueprint.route("/completions/import", methods=["GET", "POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def import_completions():
    form = CompletionImportForm()
    form.mapping.choices = [("", "WPQ's own layout")] + [(str(m.id), m.name) for m in list_mappings("training")]
    busy = jobs.completions_import_under_way()
    if busy is not None and request.method == "POST":
        return _show_import_under_way(busy)
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read()
        mapping = _completion_mapping(form.mapping.data)
        try:
            table = read_table(data, upload.filename)
        except SpreadsheetError as problem:
            form.file.errors = [*form.file.errors, str(problem)]
        else:
            report, ready = imports.check_completions(table, mapping)
            if report.ok:
                token = keep_upload(data, upload.filename)
                return render_template(
                    "academy/import_preview.html",
                    ready=ready,
                    token=token,
                    confirm_form=ConfirmForm(),
                    mapping=mapping,
                )
            return render_template("academy/import.html", form=form, report=report, busy=busy)
    return render_template("academy/import.html", form=form, report=None, busy=busy)


@blueprint.route("/completions/import/<token>", methods=["POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def confirm_import(token: str):
    data = read_kept_upload(token)
    if data is None or not ConfirmForm().validate_on_submit():
        abort(404)
    busy = jobs.completions_import_under_way()
    if busy is not None:
        return _show_import_under_way(busy)
    # The worker checks the kept upload again and records it all or nothing; the preview's copy goes now.
    job = jobs.start_completions_import(current_user, data, token, _completion_mapping(request.form.get("mapping")))
    db.session.commit()
    discard_upload(token)
    return redirect(url_for("academy.import_job", job_id=job.id))


def _show_import_under_way(job):
    if job.started_by_id == current_user.id:
        flash("Your import of completions is still under way: it is shown here", "info")
        return redirect(url_for("academy.import_job", job_id=job.id))
    flash(
        f"{job.started_by.name if job.started_by else 'Someone'} is importing completions now. "
        "Upload yours once their import has finished",
        "error",
    )
    return redirect(url_for("academy.import_completions"))


def _import_job_or_404(job_id: int) -> Job:
    """The import job, for the person who started it only: its report quotes the file's rows."""
    job = db.session.get(Job, job_id)
    if job is None or job.kind != jobs.COMPLETIONS_IMPORT or job.started_by_id != current_user.id:
        abort(404)
    return job


@blueprint.route("/completions/import/jobs/<int:job_id>")
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def import_job(job_id: int):
    job = _import_job_or_404(job_id)
    # WCAG 2.2.1: the page refreshes itself while the import runs, and the user can turn that off.
    return render_template(
        "academy/import_job.html",
        job=job,
        progress=live_progress(job),
        report=jobs.completions_report(job),
        auto_refresh=request.args.get("refresh") != "off",
    )


@blueprint.route("/completions/import/jobs/<int:job_id>/problems/<file_format>")
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def import_job_problems(job_id: int, file_format: str):
    job = _import_job_or_404(job_id)
    report = jobs.completions_report(job)
    if file_format not in ("xlsx", "csv") or not report.problems:
        abort(404)
    if file_format == "xlsx":
        return report.send_xlsx(f"completions-import-{job.id}-problems.xlsx")
    return report.send_csv(f"completions-import-{job.id}-problems.csv")
