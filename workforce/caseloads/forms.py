"""Caseload forms: the upload, a saved column mapping, a threshold."""

from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, FloatField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from workforce.caseloads.constants import CaseType, ExtractShape, Programme, SourceSystem
from workforce.caseloads.schemas import FIELD_LABELS
from workforce.kernel.forms import DateInputField, GovForm
from workforce.people.constants import CensusRole

SOURCE_CHOICES = [(system.value, system.label) for system in SourceSystem]


class UploadCaseloadsForm(GovForm):
    file = FileField(
        "Extract file",
        description="An Excel workbook (.xlsx) or a CSV file from the case-management system.",
        widget=GovFileInput(),
    )
    snapshot_date = DateInputField(
        "Snapshot date",
        description="The date the extract was taken, for example 30 9 2025.",
        validators=[InputRequired(message="Enter the snapshot date")],
    )
    source_system = SelectField(
        "Case-management system", choices=SOURCE_CHOICES, widget=GovSelect(), default=SourceSystem.OTHER.value
    )
    mapping = SelectField(
        "Column mapping",
        description="Leave as standard headers when the file uses CaseReference, CaseType, EmployeeNumber or "
        "SWENo, Team and AllocationDate, or one count column per case type.",
        coerce=int,
        choices=[],
        widget=GovSelect(),
    )
    allow_unknown_workers = BooleanField(
        "Keep cases held by workers not found in the staff records (they are listed as alerts)",
        widget=GovCheckboxInput(),
    )
    submit = SubmitField("Check and import", widget=GovSubmitInput())

    def validate_file(self, field):
        data = field.data
        if data is None or not getattr(data, "filename", ""):
            raise ValidationError("Select the extract file")


def _column(name: str) -> StringField:
    return StringField(
        f"Column for {FIELD_LABELS[name].lower()}",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=120, message="Column names must be 120 characters or fewer")],
    )


class CaseloadMappingForm(GovForm):
    name = StringField(
        "Mapping name",
        description="For example, Mosaic monthly allocations.",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter a name for the mapping"), Length(max=80)],
    )
    source_system = SelectField("Case-management system", choices=SOURCE_CHOICES, widget=GovSelect())
    shape = RadioField(
        "What is one row of the extract?",
        choices=[(shape.value, shape.label) for shape in ExtractShape],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select what one row of the extract is")],
    )
    case_reference = _column("case_reference")
    case_type = _column("case_type")
    employee_number = _column("employee_number")
    swe_number = _column("swe_number")
    team = _column("team")
    allocation_date = _column("allocation_date")
    cp = _column("cp")
    cin = _column("cin")
    cla = _column("cla")
    cl = _column("cl")
    eh = _column("eh")
    other = _column("other")
    submit = SubmitField("Save mapping", widget=GovSubmitInput())

    COLUMN_FIELDS = (
        "case_reference",
        "case_type",
        "employee_number",
        "swe_number",
        "team",
        "allocation_date",
        *(case_type.value.lower() for case_type in CaseType),
    )

    def columns(self) -> dict[str, str | None]:
        return {name: getattr(self, name).data for name in self.COLUMN_FIELDS}


class ThresholdForm(GovForm):
    effective_from = DateInputField(
        "Effective from",
        description="For example, 1 4 2026.",
        validators=[InputRequired(message="Enter the date the threshold takes effect")],
    )
    census_role = SelectField(
        "Job type",
        choices=[("", "Every job type")] + [(str(role.value), role.label) for role in CensusRole],
        widget=GovSelect(),
    )
    programme = RadioField(
        "Programme",
        choices=[(programme.value, programme.label) for programme in Programme],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select the programme")],
    )
    limit_per_fte = FloatField(
        "Threshold (cases per FTE)",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the threshold in cases per FTE"),
            NumberRange(min=1, max=100, message="Enter a threshold from 1 to 100 cases per FTE"),
        ],
    )
    amber_from = FloatField(
        "Near threshold (amber) from (cases per FTE)",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter where amber starts, in cases per FTE"),
            NumberRange(min=0, max=100, message="Enter a number from 0 to 100"),
        ],
    )
    submit = SubmitField("Add threshold", widget=GovSubmitInput())


def _weight(case_type: CaseType) -> FloatField:
    return FloatField(
        f"Weight of a {case_type.label.lower()} case ({case_type.value})",
        widget=GovTextInput(),
        validators=[
            InputRequired(message=f"Enter the weight of a {case_type.label.lower()} case"),
            NumberRange(min=0.1, max=10, message="Enter a weight from 0.1 to 10"),
        ],
    )


class CaseTypeWeightsForm(GovForm):
    weighting = RadioField(
        "Weight cases by type when comparing caseloads with the threshold?",
        choices=[("yes", "Yes"), ("no", "No, every case counts 1")],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select whether to weight cases by type")],
    )
    effective_from = DateInputField(
        "Weights effective from",
        description="For example, 1 4 2026.",
        validators=[InputRequired(message="Enter the date the weights take effect")],
    )
    cp = _weight(CaseType.CHILD_PROTECTION)
    cin = _weight(CaseType.CHILD_IN_NEED)
    cla = _weight(CaseType.CHILD_LOOKED_AFTER)
    cl = _weight(CaseType.CARE_LEAVER)
    eh = _weight(CaseType.EARLY_HELP)
    other = _weight(CaseType.OTHER)
    submit = SubmitField("Save weights", widget=GovSubmitInput())

    def weights(self) -> dict[CaseType, float]:
        return {case_type: getattr(self, case_type.value.lower()).data for case_type in CaseType}
