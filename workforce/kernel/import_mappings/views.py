"""Column mapping pages (/imports/mappings): list, create (with suggestions from a sample file), edit the
columns and code translations, and add the codes an import found untranslated."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from workforce.extensions import db
from workforce.kernel.forms import save_or_show
from workforce.kernel.import_mappings import services
from workforce.kernel.import_mappings.forms import (
    NewMappingForm,
    codes_field,
    codes_text,
    column_field,
    mapping_form_class,
    parse_codes,
)
from workforce.kernel.import_mappings.layouts import all_layouts, layout_for
from workforce.kernel.import_mappings.models import ImportMapping
from workforce.kernel.import_mappings.reading import suggest_columns
from workforce.kernel.permissions import permission_required
from workforce.kernel.roles import Permission
from workforce.kernel.spreadsheets import SpreadsheetError, read_table

blueprint = Blueprint("import_mappings", __name__, template_folder="templates")


def _safe_next(target: str | None) -> str | None:
    """Only a path inside WPQ: never another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@blueprint.route("/imports/mappings")
@permission_required(Permission.MANAGE_IMPORT_MAPPINGS)
def list_mappings():
    titles = {layout.kind: layout.title for layout in all_layouts()}
    return render_template("import_mappings/list.html", mappings=services.list_mappings(), titles=titles)


@blueprint.route("/imports/mappings/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_IMPORT_MAPPINGS)
def create_mapping():
    form = NewMappingForm(kind=request.args.get("kind"))
    if form.validate_on_submit():
        layout = layout_for(form.kind.data)
        columns: dict[str, str] = {}
        upload = form.sample.data
        if layout is not None and upload is not None and getattr(upload, "filename", ""):
            try:
                columns = suggest_columns(layout, read_table(upload.read(), upload.filename, max_rows=50).headers)
            except SpreadsheetError as problem:
                form.sample.errors = [str(problem)]
        if not form.errors:
            done = save_or_show(
                form,
                lambda: services.create_mapping(
                    form.kind.data,
                    form.name.data,
                    source=form.source.data or "",
                    columns=columns,
                    created_by_id=current_user.id,
                ),
                refused=services.MappingError,
                fallback="name",
                saved=lambda mapping: (
                    f"Mapping {mapping.name} created"
                    + (f": {len(columns)} columns suggested from the sample" if columns else "")
                ),
                then=lambda mapping: url_for("import_mappings.edit_mapping", mapping_id=mapping.id),
            )
            if done:
                return done
    return render_template("import_mappings/new.html", form=form)


def _mapping_or_404(mapping_id: int) -> ImportMapping:
    mapping = db.session.get(ImportMapping, mapping_id)
    if mapping is None or layout_for(mapping.kind) is None:
        abort(404)
    return mapping


@blueprint.route("/imports/mappings/<int:mapping_id>", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_IMPORT_MAPPINGS)
def edit_mapping(mapping_id: int):
    mapping = _mapping_or_404(mapping_id)
    layout = layout_for(mapping.kind)
    form_class = mapping_form_class(layout)
    if request.method == "GET":
        data = {"source": mapping.source, "date_format": mapping.date_format, "standard_hours": mapping.standard_hours}
        data |= {column_field(header): mapping.columns.get(header, "") for header in layout.columns}
        data |= {codes_field(header): codes_text(mapping.translation_for(header)) for header in layout.coded}
        form = form_class(data=data)
    else:
        form = form_class()
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.update_mapping(
                mapping,
                source=form.source.data or "",
                columns={header: form[column_field(header)].data or "" for header in layout.columns},
                date_format=(form.date_format.data or "").strip() or None,
                standard_hours=form.standard_hours.data if "standard_hours" in form else None,
                translations={header: parse_codes(form[codes_field(header)].data) for header in layout.coded},
            ),
            refused=services.MappingError,
            # A refusal of the columns as a whole is shown against the first column, of the codes against the
            # source; anything else the form has no field for, against the source too.
            fields={"columns": column_field(layout.columns[0]), "translations": "source"},
            fallback="source",
            saved=f"Mapping {mapping.name} saved",
            then=url_for("import_mappings.list_mappings"),
        )
        if done:
            return done
    return render_template("import_mappings/edit.html", form=form, mapping=mapping, layout=layout)


@blueprint.route("/imports/mappings/<int:mapping_id>/translations", methods=["POST"])
@permission_required(Permission.MANAGE_IMPORT_MAPPINGS)
def add_translations(mapping_id: int):
    """Add the translations an import page offered for its untranslated codes, then go back to the import."""
    mapping = _mapping_or_404(mapping_id)
    layout = layout_for(mapping.kind)
    form = FlaskForm()
    if not form.validate_on_submit():
        abort(400)
    chosen: dict[str, dict[str, str]] = {}
    count = int(request.form.get("count", "0") or 0)
    for index in range(min(count, 500)):
        header = request.form.get(f"field-{index}", "")
        local = request.form.get(f"code-{index}", "")
        dfe = request.form.get(f"to-{index}", "")
        if header in layout.coded and local and dfe:
            chosen.setdefault(header, {})[local] = dfe
    back = _safe_next(request.form.get("next")) or url_for("import_mappings.edit_mapping", mapping_id=mapping.id)
    if not chosen:
        flash("Choose WPQ's code for at least one of the codes", "error")
        return redirect(back)

    def change():
        for header, codes in chosen.items():
            services.add_translations(mapping, header, codes)

    added = sum(len(codes) for codes in chosen.values())
    return save_or_show(
        None,
        change,
        refused=services.MappingError,
        saved=f"Added {added} translation{'' if added == 1 else 's'} to {mapping.name}",
        then=back,
    )
