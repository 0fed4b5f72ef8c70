"""Forms for column mappings: a new mapping (optionally suggested from a sample file) and the mapping itself,
one box per WPQ column and one list of translations per coded field."""

from __future__ import annotations

from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import FloatField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from workforce.kernel.forms import GovForm
from workforce.kernel.import_mappings.layouts import ImportLayout, all_layouts


class NewMappingForm(GovForm):
    kind = SelectField(
        "Import", widget=GovSelect(), choices=[], validators=[InputRequired(message="Choose the import")]
    )
    name = StringField(
        "Name",
        widget=GovTextInput(),
        description="For example, iTrent monthly extract",
        validators=[InputRequired(message="Enter a name"), Length(max=80, message="Enter up to 80 characters")],
    )
    source = StringField(
        "Source system (optional)",
        widget=GovTextInput(),
        description="The system the extract comes from, for example iTrent or Oracle HR",
        validators=[Optional(), Length(max=80, message="Enter up to 80 characters")],
    )
    sample = FileField(
        "A sample extract (optional)",
        widget=GovFileInput(),
        description="WPQ reads its header row and suggests which column holds each field. Nothing is imported.",
    )
    submit = SubmitField("Create the mapping", widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [(layout.kind, layout.title) for layout in all_layouts()]


def column_field(header: str) -> str:
    return f"column_{header}"


def codes_field(header: str) -> str:
    return f"codes_{header}"


def parse_codes(text: str | None) -> dict[str, str]:
    """ "LOCAL = CODE" lines -> {LOCAL: CODE}; raises ValidationError naming the first bad line."""
    codes: dict[str, str] = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        local, equals, dfe = line.partition("=")
        if not equals or not local.strip() or not dfe.strip():
            raise ValidationError(f"Line {number}: write the council's code, =, then WPQ's code, like RES = 1")
        codes[local.strip()] = dfe.strip()
    return codes


def codes_text(codes: dict[str, str]) -> str:
    return "\n".join(f"{local} = {dfe}" for local, dfe in sorted(codes.items()))


def mapping_form_class(layout: ImportLayout):
    """The edit form for one import's mappings: its fields follow the import's own layout."""

    class MappingForm(GovForm):
        source = StringField(
            "Source system",
            widget=GovTextInput(),
            validators=[Optional(), Length(max=80, message="Enter up to 80 characters")],
        )
        date_format = StringField(
            "Date format of text dates (optional)",
            widget=GovTextInput(),
            description="As Python writes it: %d/%m/%Y for 30/09/2025, %m/%d/%Y for 09/30/2025. Empty accepts "
            "2025-09-30 and 30/09/2025.",
            validators=[Optional(), Length(max=20, message="Enter up to 20 characters")],
        )
        submit = SubmitField("Save the mapping", widget=GovSubmitInput())

    if layout.hours_column:
        MappingForm.standard_hours = FloatField(
            "Full-time weekly hours (optional)",
            widget=GovTextInput(),
            description="With it, an extract that gives weekly hours and no FTE has FTE = hours / these hours.",
            validators=[Optional(), NumberRange(min=1, max=80, message="Enter hours from 1 to 80")],
        )
    for header in layout.columns:
        required = " (required)" if header in layout.required else ""
        setattr(
            MappingForm,
            column_field(header),
            StringField(
                f"{header}{required}",
                widget=GovTextInput(),
                description="The extract's column header for this field; empty if the extract has none",
                validators=[Optional(), Length(max=120, message="Enter up to 120 characters")],
            ),
        )
    for header, coded in layout.coded.items():
        codes = ", ".join(f"{code} {label}" for code, label in coded.codes)
        setattr(
            MappingForm,
            codes_field(header),
            TextAreaField(
                f"{coded.label} ({header}): translations",
                widget=GovTextArea(),
                description=f"One a line: the council's code = WPQ's code. Empty: the extract uses WPQ's codes. "
                f"WPQ's codes: {codes}",
                validators=[_valid_codes],
            ),
        )
    return MappingForm


def _valid_codes(form, field) -> None:
    parse_codes(field.data)


def unmapped_choices(layout: ImportLayout, header: str) -> list[tuple[str, str]]:
    coded = layout.coded[header]
    return [("", "Choose WPQ's code")] + [(code, f"{code}: {label}") for code, label in coded.codes]
