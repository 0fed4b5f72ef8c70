"""Improvement plan forms, with GOV.UK widgets and error wording."""

from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    DecimalField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from workforce.improvement.constants import UPDATE_STATUSES, ActionStatus, Rating
from workforce.kernel.forms import DateInputField, GovForm, VersionField
from workforce.kernel.measures import Polarity

RATING_CHOICES = [(rating.value, rating.meaning) for rating in (Rating.GREEN, Rating.AMBER, Rating.RED)]


class PlanForm(GovForm):
    title = StringField(
        "Plan title",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the title of the plan"), Length(max=200)],
    )
    submit = SubmitField("Create plan", widget=GovSubmitInput())


class EditPlanForm(PlanForm):
    submit = SubmitField("Save changes", widget=GovSubmitInput())
    #: The record's version when the form was opened (optimistic locking).
    version = VersionField()


class StrandForm(GovForm):
    title = StringField(
        "Strand title",
        description="For example, Workforce or Practice quality",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the title of the strand"), Length(max=200)],
    )
    submit = SubmitField("Add strand", widget=GovSubmitInput())


class EditStrandForm(StrandForm):
    submit = SubmitField("Save changes", widget=GovSubmitInput())
    version = VersionField()


class ActionForm(GovForm):
    title = StringField(
        "What is the action?",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter what the action is"), Length(max=300)],
    )
    description = TextAreaField(
        "Description (optional)",
        description="What the action involves and what done looks like",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=5000, message="The description must be 5,000 characters or fewer")],
    )
    owner = SelectField("Owner", widget=GovSelect(), coerce=int, choices=[], validate_choice=True)
    due_date = DateInputField(
        "Due date",
        description="For example, 31 3 2026",
        validators=[InputRequired(message="Enter the due date")],
    )
    submit = SubmitField("Add action", widget=GovSubmitInput())

    def validate_owner(self, field):
        if not field.data:
            raise ValidationError("Select the owner of the action")


class EditActionForm(ActionForm):
    submit = SubmitField("Save changes", widget=GovSubmitInput())
    version = VersionField()


class UpdateForm(GovForm):
    text = TextAreaField(
        "Progress update",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter the progress update"), Length(max=5000)],
    )
    status = RadioField(
        "Status",
        widget=GovRadioInput(),
        choices=[(status.value, status.label) for status in UPDATE_STATUSES],
        validators=[InputRequired(message="Select the status of the action")],
    )
    rating = RadioField(
        "Rating",
        widget=GovRadioInput(),
        choices=RATING_CHOICES,
        validators=[InputRequired(message="Select the rating of the action")],
    )
    submit = SubmitField("Add update", widget=GovSubmitInput())

    @property
    def status_value(self) -> ActionStatus:
        return ActionStatus(self.status.data)


class SignOffForm(GovForm):
    comment = TextAreaField(
        "Comment on what was delivered",
        description="Kept in the action's history with the sign-off.",
        widget=GovTextArea(),
        # Required by the sign-off service, which checks the comment and the evidence together.
        validators=[Length(max=5000)],
    )
    evidence = SelectMultipleField(
        "Evidence you checked", widget=GovCheckboxesInput(), coerce=int, choices=[], validate_choice=False
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class ReopenForm(GovForm):
    reason = TextAreaField(
        "Why is the action being reopened?",
        description="Kept in the action's history; the earlier sign-off stays there too.",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter the reason for reopening the action"), Length(max=5000)],
    )
    rating = RadioField(
        "Rating from now on",
        widget=GovRadioInput(),
        choices=RATING_CHOICES,
        validators=[InputRequired(message="Select the rating of the action")],
    )
    submit = SubmitField("Reopen the action", widget=GovSubmitInput())


class MeasureEvidenceForm(GovForm):
    measure_id = SelectField("Measure", widget=GovSelect(), choices=[], validate_choice=False)
    submit = SubmitField("Link measure", widget=GovSubmitInput())

    def validate_measure_id(self, field):
        if not field.data or field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Select a measure")


class AuditThemeEvidenceForm(GovForm):
    theme_id = SelectField(
        "Audit theme",
        description="Themes that case-file audits found, with how many submitted audits found each",
        widget=GovSelect(),
        coerce=int,
        choices=[],
        validate_choice=False,
    )
    submit = SubmitField("Link audit theme", widget=GovSubmitInput())

    def validate_theme_id(self, field):
        if not field.data or field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Select an audit theme")


class DocumentForm(GovForm):
    document = FileField(
        "Evidence document",
        description="A PDF, Word (.docx) or Excel (.xlsx) file",
        widget=GovFileInput(),
        validators=[InputRequired(message="Select a document")],
    )
    submit = SubmitField("Upload document", widget=GovSubmitInput())


class PlanMeasureForm(GovForm):
    measure_id = SelectField("Measure", widget=GovSelect(), choices=[], validate_choice=False)
    baseline_value = DecimalField(
        "Baseline value", widget=GovTextInput(), validators=[InputRequired(message="Enter the baseline value")]
    )
    baseline_date = DateInputField(
        "Baseline date",
        description="For example, 31 3 2024",
        validators=[InputRequired(message="Enter the baseline date")],
    )
    target_value = DecimalField(
        "Target value", widget=GovTextInput(), validators=[InputRequired(message="Enter the target value")]
    )
    target_date = DateInputField(
        "Target date",
        description="For example, 31 3 2027",
        validators=[InputRequired(message="Enter the target date")],
    )
    tolerance_percent = DecimalField(
        "Amber tolerance (%)",
        description="Amber within this percentage of the trajectory, Red beyond it. Leave empty for the default.",
        widget=GovTextInput(),
        validators=[Optional(), NumberRange(min=0, max=100, message="Tolerance must be between 0 and 100")],
    )
    trajectory = TextAreaField(
        "Trajectory by month (optional)",
        description="One month a line, for example 2026-03 14.5. Months not listed follow a straight line "
        "from the baseline to the target.",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=5000)],
    )
    comparators = TextAreaField(
        "Local comparators (optional)",
        description="Only for a measure the DfE figures do not cover (DfE measures are compared with England, "
        "the region and statistical neighbours automatically). One a line, for example Neighbouring council: 15.4",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=2000)],
    )
    submit = SubmitField("Add measure", widget=GovSubmitInput())

    def validate_trajectory(self, field):
        field.parsed = {}
        for number, line in enumerate((field.data or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = line.split()
            try:
                year, month = (int(part) for part in parts[0].split("-"))
                if len(parts) != 2 or not 1 <= month <= 12:
                    raise ValueError
                field.parsed[f"{year:04d}-{month:02d}"] = float(parts[1])
            except ValueError:
                raise ValidationError(
                    f"Line {number} of the trajectory must be a month and a value, like 2026-03 14.5"
                ) from None

    def validate_comparators(self, field):
        field.parsed = {}
        for number, line in enumerate((field.data or "").splitlines(), start=1):
            if not line.strip():
                continue
            name, _, value = line.rpartition(":")
            try:
                if not name.strip():
                    raise ValueError
                field.parsed[name.strip()[:80]] = float(value)
            except ValueError:
                raise ValidationError(
                    f"Line {number} of the comparators must be a name and a value, like England: 15.4"
                ) from None

    def validate_measure_id(self, field):
        if not field.data or field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Select a measure")


POLARITY_CHOICES = [
    (Polarity.HIGHER_IS_BETTER.value, "Higher is better"),
    (Polarity.LOWER_IS_BETTER.value, "Lower is better"),
    (Polarity.NEUTRAL.value, "Neither: the measure is not rated against its trajectory"),
]


class EditPlanMeasureForm(PlanMeasureForm):
    """The plan measure's baseline, target, trajectory and rating rule; the measure itself stays."""

    measure_id = None
    polarity = RadioField(
        "Which way is better",
        description="Used by the rating rule: Green at or better than the trajectory",
        widget=GovRadioInput(),
        choices=POLARITY_CHOICES,
        validators=[InputRequired(message="Select which way is better")],
    )
    submit = SubmitField("Save changes", widget=GovSubmitInput())
    version = VersionField()


class OverrideForm(GovForm):
    rating = RadioField(
        "Rating",
        widget=GovRadioInput(),
        choices=RATING_CHOICES,
        validators=[InputRequired(message="Select the rating")],
    )
    reason = TextAreaField(
        "Reason for overriding the computed rating",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter the reason for overriding the rating"), Length(max=2000)],
    )
    submit = SubmitField("Override rating", widget=GovSubmitInput())


class ComputePeriodForm(GovForm):
    month = StringField(
        "Month",
        description="For example, 2026-03",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the month in the format YYYY-MM")],
    )
    submit = SubmitField("Compute figures", widget=GovSubmitInput())


class PackForm(GovForm):
    submit = SubmitField("Make the committee pack", widget=GovSubmitInput())


class PublishForm(GovForm):
    submit = SubmitField("Publish to committee", widget=GovSubmitInput())


class ReviseForm(GovForm):
    note = TextAreaField(
        "What was corrected?",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter a note saying what was corrected"), Length(max=2000)],
    )
    submit = SubmitField("Recompute as a revision", widget=GovSubmitInput())
