"""Import pages: upload an HR extract, see every problem or a preview, then confirm (all rows or none)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from wtforms import HiddenField

from workforce.extensions import db
from workforce.kernel.forms import GovForm
from workforce.kernel.imports import discard_upload, hold_import_lock, keep_upload, read_kept_upload
from workforce.kernel.permissions import permission_required
from workforce.kernel.plurals import plural
from workforce.kernel.spreadsheets import send_workbook
from workforce.people import imports
from workforce.people.constants import PeoplePermission
from workforce.people.forms import ImportForm
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


class ConfirmImportForm(GovForm):
    token = HiddenField()


def _kind_or_404(kind: str):
    if kind not in KINDS:
        abort(404)
    return KINDS[kind]


@blueprint.route("/staff/import/<kind>", methods=["GET", "POST"])
@permission_required(PeoplePermission.IMPORT_STAFF)
def import_file(kind: str):
    title, check, apply, _, _ = _kind_or_404(kind)
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        if upload is None or not upload.filename:
            form.file.errors = ["Select an Excel or CSV file"]
        else:
            data = upload.read()
            token = keep_upload(data, upload.filename)
            report, rows = check(data, upload.filename)
            if not report.ok:
                return render_template(
                    "people/import.html", form=form, kind=kind, title=title, report=report, token=token
                )
            nested = db.session.begin_nested()
            outcome = apply(rows)
            nested.rollback()
            return render_template(
                "people/import_preview.html",
                kind=kind,
                title=title,
                outcome=outcome,
                rows=len(rows),
                confirm=ConfirmImportForm(token=token),
            )
    return render_template("people/import.html", form=form, kind=kind, title=title, report=None, token=None)


@blueprint.route("/staff/import/<kind>/confirm", methods=["POST"])
@permission_required(PeoplePermission.IMPORT_STAFF)
def confirm_import(kind: str):
    title, check, apply, _, _ = _kind_or_404(kind)
    form = ConfirmImportForm()
    token = form.token.data if form.validate_on_submit() else None
    data = read_kept_upload(token) if token else None
    if data is None:
        flash("The uploaded file has expired. Upload it again", "error")
        return redirect(url_for("people.import_file", kind=kind))
    # Checked and applied under the import lock, so that the check sees every import committed before it.
    hold_import_lock(kind)
    report, rows = check(data, token)
    if not report.ok:
        form = ImportForm()
        return render_template("people/import.html", form=form, kind=kind, title=title, report=report, token=token)
    outcome = apply(rows)
    db.session.commit()
    discard_upload(token)
    flash(
        f"Imported {plural(len(rows), 'row')}: {outcome.created} added, {outcome.updated} updated, "
        f"{outcome.unchanged} unchanged",
        "success",
    )
    return redirect(url_for("people.staff_survey" if kind == "survey" else "people.list_staff"))


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
    report, _ = check(data, f"{token}.{request.args.get('source', 'csv')}")
    if file_format == "xlsx":
        return report.send_xlsx(f"{kind}-import-problems.xlsx")
    return report.send_csv(f"{kind}-import-problems.csv")
