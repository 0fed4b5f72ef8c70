"""Import pages: upload an HR extract (in WPQ's own layout or through a saved column mapping), see the first
rows as WPQ reads them and every problem or a preview, then confirm (all rows or none). A full staff extract
lists the people in post it leaves out, for HR to confirm as leavers or keep, before anything is applied. The
confirmed import runs as a background job (`workforce.people.jobs`) whose page shows its progress, then
the row-by-row report or what it changed."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import HiddenField

from workforce.extensions import db
from workforce.kernel.forms import GovForm
from workforce.kernel.import_mappings import ImportMapping, preview
from workforce.kernel.import_mappings.forms import unmapped_choices
from workforce.kernel.import_mappings.services import list_mappings
from workforce.kernel.imports import ImportReport, discard_upload, keep_upload, read_kept_upload
from workforce.kernel.jobs import Job, live_progress
from workforce.kernel.permissions import permission_required, user_can
from workforce.kernel.roles import Permission
from workforce.kernel.spreadsheets import SpreadsheetError, read_table, send_workbook
from workforce.people import imports
from workforce.people import jobs as import_jobs
from workforce.people.constants import LeaverDestination, PeoplePermission, ReasonForLeaving
from workforce.people.forms import ConfirmMappedImportForm, MappedImportForm
from workforce.people.views import blueprint

KINDS = {
    "staff": (
        "Staff and assignments",
        imports.check_staff,
        imports.apply_staff,
        imports.STAFF_COLUMNS,
        imports.STAFF_NOTES,
    ),
    "absences": (
        "Absences",
        imports.check_absences,
        imports.apply_absences,
        imports.ABSENCE_COLUMNS,
        imports.ABSENCE_NOTES,
    ),
    "survey": (
        "Staff survey results",
        imports.check_survey,
        imports.apply_survey,
        imports.SURVEY_COLUMNS,
        imports.SURVEY_NOTES,
    ),
}
LAYOUTS = {"staff": imports.STAFF_LAYOUT, "absences": imports.ABSENCE_LAYOUT, "survey": imports.SURVEY_LAYOUT}


class ConfirmImportForm(GovForm):
    """The confirmation of an import that needs only its kept upload (the go-live teams import)."""

    token = HiddenField()


def _kind_or_404(kind: str):
    if kind not in KINDS:
        abort(404)
    return KINDS[kind]


def _mapping(kind: str, mapping_id: str | None) -> ImportMapping | None:
    if not mapping_id:
        return None
    mapping = db.session.get(ImportMapping, int(mapping_id)) if str(mapping_id).isdigit() else None
    if mapping is None or mapping.kind != kind:
        abort(404)
    return mapping


def _upload_form(kind: str, **data) -> MappedImportForm:
    form = MappedImportForm(**data)
    form.mapping.choices = [("", "WPQ's own layout (the template's headers)")] + [
        (str(mapping.id), mapping.name) for mapping in list_mappings(kind)
    ]
    return form


def _first_rows(kind: str, data: bytes, filename: str, mapping: ImportMapping | None):
    try:
        table = read_table(data, filename)
    except SpreadsheetError:
        return None
    return preview(table, mapping, LAYOUTS[kind])


def _unmapped_offer(kind: str, report: ImportReport, mapping: ImportMapping | None) -> list[dict]:
    """The codes to offer for translation: only with a mapping, and to people who may change it."""
    if mapping is None or not report.unmapped or not user_can(Permission.MANAGE_IMPORT_MAPPINGS):
        return []
    layout = LAYOUTS[kind]
    return [{"code": code, "choices": unmapped_choices(layout, code.column)} for code in report.unmapped[:200]]


def _full_requested(kind: str, value) -> bool:
    return kind == "staff" and str(value).lower() in ("1", "true", "y", "on")


def _show(kind: str, data: bytes, token: str, mapping: ImportMapping | None, full: bool, confirm=None):
    """Check the kept upload and show its problems, or a preview of what it would change."""
    title, check, apply, _, _ = KINDS[kind]
    first_rows = _first_rows(kind, data, token, mapping)
    report, rows = check(data, token, mapping)
    missing = []
    if full and report.ok:
        missing = imports.missing_from_extract(rows, kept=(mapping.kept or []) if mapping else ())
    if not report.ok:
        form = _upload_form(kind, mapping=str(mapping.id) if mapping else "", full=full)
        return render_template(
            "people/import.html",
            form=form,
            kind=kind,
            title=title,
            report=report,
            token=token,
            first_rows=first_rows,
            mapping=mapping,
            full=full,
            offer=_unmapped_offer(kind, report, mapping),
        )
    nested = db.session.begin_nested()
    outcome = apply(rows)
    nested.rollback()
    if confirm is None:
        confirm = ConfirmMappedImportForm(
            token=token, mapping=str(mapping.id) if mapping else "", full="1" if full else ""
        )
        for person in missing:
            confirm.people.append_entry({"employee_number": person.employee_number})
    return render_template(
        "people/import_preview.html",
        kind=kind,
        title=title,
        outcome=outcome,
        rows=len(rows),
        confirm=confirm,
        form=confirm,
        first_rows=first_rows,
        mapping=mapping,
        missing=list(zip(missing, confirm.people, strict=False)),
    )


@blueprint.route("/staff/import/<kind>", methods=["GET", "POST"])
@permission_required(PeoplePermission.IMPORT_STAFF)
def import_file(kind: str):
    title, _, _, _, _ = _kind_or_404(kind)
    # Back from adding translations: check the kept upload again through the changed mapping.
    token = request.args.get("token")
    if request.method == "GET" and token:
        data = read_kept_upload(token)
        if data is not None:
            return _show(
                kind,
                data,
                token,
                _mapping(kind, request.args.get("mapping")),
                _full_requested(kind, request.args.get("full")),
            )
        flash("The uploaded file has expired. Upload it again", "error")
    form = _upload_form(kind)
    busy = import_jobs.under_way(kind)
    if busy is not None and request.method == "POST":
        return _show_under_way(kind, busy)
    if form.validate_on_submit():
        upload = form.file.data
        if upload is None or not upload.filename:
            form.file.errors = ["Select an Excel or CSV file"]
        else:
            data = upload.read()
            token = keep_upload(data, upload.filename)
            return _show(kind, data, token, _mapping(kind, form.mapping.data), kind == "staff" and form.full.data)
    return render_template(
        "people/import.html",
        form=form,
        kind=kind,
        title=title,
        report=None,
        token=None,
        first_rows=None,
        offer=[],
        busy=busy,
    )


def _show_under_way(kind: str, job: Job):
    """The import of this kind already under way: its own page for whoever started it, otherwise who did."""
    if job.started_by_id == current_user.id:
        flash("Your import of this kind is still under way: it is shown here", "info")
        return redirect(url_for("people.import_job", kind=kind, job_id=job.id))
    flash(
        f"{job.started_by.name if job.started_by else 'Someone'} is importing this kind of file now. "
        "Upload yours once their import has finished",
        "error",
    )
    return redirect(url_for("people.import_file", kind=kind))


def _decisions(confirm: ConfirmMappedImportForm) -> imports.Reconciliation:
    decisions = imports.Reconciliation()
    for entry in confirm.people:
        number = entry.employee_number.data
        if entry.decision.data == "kept":
            decisions.kept.add(number)
        elif entry.decision.data == "left":
            decisions.leavers[number] = imports.Leaving(
                entry.last_day.data,
                ReasonForLeaving(int(entry.reason.data)),
                LeaverDestination(int(entry.destination.data)),
            )
    return decisions


@blueprint.route("/staff/import/<kind>/confirm", methods=["POST"])
@permission_required(PeoplePermission.IMPORT_STAFF)
def confirm_import(kind: str):
    _kind_or_404(kind)
    form = ConfirmMappedImportForm()
    valid = form.validate_on_submit()
    token = form.token.data
    data = read_kept_upload(token) if token else None
    if data is None:
        flash("The uploaded file has expired. Upload it again", "error")
        return redirect(url_for("people.import_file", kind=kind))
    mapping = _mapping(kind, form.mapping.data)
    full = _full_requested(kind, form.full.data)
    if not valid:
        return _show(kind, data, token, mapping, full, confirm=form)
    busy = import_jobs.under_way(kind)
    if busy is not None:
        return _show_under_way(kind, busy)
    # The worker checks and applies the kept upload all or nothing; the copy kept for the preview goes now.
    job = import_jobs.start(
        kind,
        current_user,
        data,
        token,
        mapping,
        full=full,
        decisions=_decisions(form) if full else None,
    )
    db.session.commit()
    discard_upload(token)
    return redirect(url_for("people.import_job", kind=kind, job_id=job.id))


def _import_job_or_404(kind: str, job_id: int) -> Job:
    """The import job, for the person who started it only: its report quotes the file's rows."""
    _kind_or_404(kind)
    job = db.session.get(Job, job_id)
    if (
        job is None
        or job.kind != import_jobs.KIND
        or (job.params or {}).get("import_kind") != kind
        or job.started_by_id != current_user.id
    ):
        abort(404)
    return job


@blueprint.route("/staff/import/<kind>/jobs/<int:job_id>")
@permission_required(PeoplePermission.IMPORT_STAFF)
def import_job(kind: str, job_id: int):
    title, _, _, _, _ = KINDS[kind]
    job = _import_job_or_404(kind, job_id)
    # WCAG 2.2.1: the page refreshes itself while the import runs, and the user can turn that off.
    return render_template(
        "people/import_job.html",
        kind=kind,
        title=title,
        job=job,
        progress=live_progress(job),
        report=import_jobs.report_of(job),
        auto_refresh=request.args.get("refresh") != "off",
    )


@blueprint.route("/staff/import/<kind>/jobs/<int:job_id>/problems/<file_format>")
@permission_required(PeoplePermission.IMPORT_STAFF)
def import_job_problems(kind: str, job_id: int, file_format: str):
    job = _import_job_or_404(kind, job_id)
    report = import_jobs.report_of(job)
    if file_format not in ("xlsx", "csv") or not report.problems:
        abort(404)
    if file_format == "xlsx":
        return report.send_xlsx(f"{kind}-import-{job.id}-problems.xlsx")
    return report.send_csv(f"{kind}-import-{job.id}-problems.csv")


@blueprint.route("/staff/import/<kind>/template")
@permission_required(PeoplePermission.IMPORT_STAFF)
def import_template(kind: str):
    title, _, _, columns, notes = _kind_or_404(kind)
    return send_workbook(imports.template_workbook(columns, notes, title.split()[0]), f"{kind}-import-template.xlsx")


@blueprint.route("/staff/import/<kind>/problems/<token>/<file_format>")
@permission_required(PeoplePermission.IMPORT_STAFF)
def import_problems(kind: str, token: str, file_format: str):
    _, check, _, _, _ = _kind_or_404(kind)
    data = read_kept_upload(f"{token}.{request.args.get('source', 'csv')}")
    if data is None or file_format not in ("xlsx", "csv"):
        abort(404)
    report, _ = check(data, f"{token}.{request.args.get('source', 'csv')}", _mapping(kind, request.args.get("mapping")))
    if file_format == "xlsx":
        return report.send_xlsx(f"{kind}-import-problems.xlsx")
    return report.send_csv(f"{kind}-import-problems.csv")
