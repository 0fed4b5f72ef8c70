"""Agency forms, with GOV.UK widgets and error wording."""

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import BooleanField, DecimalField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from workforce.agency.constants import AgencyJobType, ProviderType, Region
from workforce.kernel.forms import DateInputField, GovForm, SweNumber, VersionField

DATE_HINT = "For example, 27 3 2026"


def _money(label: str, message: str) -> DecimalField:
    return DecimalField(
        label,
        description="Pounds an hour",
        widget=GovTextInput(),
        places=2,
        validators=[InputRequired(message=message), NumberRange(min=0, message=f"{label} must be £0 or more")],
    )


class EngagementForm(GovForm):
    worker_reference = StringField(
        "Agency worker reference",
        description="The agency's or payroll reference for the worker; used as their staff number",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the agency worker reference"), Length(max=40)],
    )
    first_name = StringField(
        "First name", widget=GovTextInput(), validators=[InputRequired(message="Enter the first name"), Length(max=80)]
    )
    last_name = StringField(
        "Last name", widget=GovTextInput(), validators=[InputRequired(message="Enter the last name"), Length(max=80)]
    )
    swe_number = StringField(
        "Social Work England number",
        description="SW followed by digits, like SW123456",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the Social Work England number"), Length(max=20), SweNumber()],
    )
    qualification_date = DateInputField(
        "Date of social work qualification",
        description=DATE_HINT,
        validators=[InputRequired(message="Enter the date of social work qualification")],
    )
    post = SelectField(
        "Post covered",
        widget=GovSelect(),
        coerce=int,
        choices=[],
        validators=[InputRequired(message="Select the post")],
    )
    agency_name = StringField(
        "Agency or managed service provider",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the agency's name"), Length(max=160)],
    )
    provider_type = SelectField(
        "Type of provider",
        widget=GovSelect(),
        choices=[(kind.value, kind.label) for kind in ProviderType],
        validators=[InputRequired(message="Select the type of provider")],
    )
    job_type = SelectField(
        "Job type",
        widget=GovSelect(),
        choices=[(kind.value, kind.label) for kind in AgencyJobType],
        validators=[InputRequired(message="Select the job type")],
    )
    start_date = DateInputField(
        "Start date", description=DATE_HINT, validators=[InputRequired(message="Enter the start date")]
    )
    end_date = DateInputField("End date (optional)", description=DATE_HINT, validators=[Optional()])
    fte = DecimalField(
        "FTE",
        widget=GovTextInput(),
        default=1,
        validators=[
            InputRequired(message="Enter the FTE"),
            NumberRange(min=0.01, max=1, message="FTE must be more than 0 and no more than 1"),
        ],
    )
    hours_per_week = DecimalField(
        "Hours a week",
        widget=GovTextInput(),
        default=37,
        validators=[
            InputRequired(message="Enter the hours a week"),
            NumberRange(min=1, max=60, message="Hours a week must be between 1 and 60"),
        ],
    )
    notice_period_weeks = IntegerField(
        "Notice period in weeks",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the notice period in weeks"),
            NumberRange(min=0, max=52, message="Notice period must be between 0 and 52 weeks"),
        ],
    )
    pay_rate = _money("Pay rate", "Enter the pay rate")
    employer_costs = _money("Employer costs", "Enter the employer costs")
    holiday_pay = _money("Holiday pay", "Enter the holiday pay")
    agency_fee = _money("Agency fee", "Enter the agency fee")
    first_reference_on = DateInputField(
        "First practice reference received (optional)", description=DATE_HINT, validators=[Optional()]
    )
    second_reference_on = DateInputField(
        "Second practice reference received (optional)", description=DATE_HINT, validators=[Optional()]
    )
    previous_permanent_left_on = DateInputField(
        "Left their last permanent post on (optional)", description=DATE_HINT, validators=[Optional()]
    )
    previous_permanent_region = SelectField(
        "Region of that permanent post",
        widget=GovSelect(),
        choices=[("", "Not applicable")] + [(region.value, region.label) for region in Region],
        validators=[Optional()],
    )
    project_team = BooleanField("Engaged as part of a project team", widget=GovCheckboxInput())
    submit = SubmitField("Save engagement", widget=GovSubmitInput())


class SignOffForm(GovForm):
    #: The record's version when the form was opened (optimistic locking).
    version = VersionField()
    dcs_signed_off_on = DateInputField(
        "Signed off by the director of children's services on", description=DATE_HINT, validators=[Optional()]
    )
    chief_executive_signed_off_on = DateInputField(
        "Signed off by the chief executive on", description=DATE_HINT, validators=[Optional()]
    )
    submit = SubmitField("Save sign-off", widget=GovSubmitInput())


class EndEngagementForm(GovForm):
    #: The record's version when the form was opened (optimistic locking).
    version = VersionField()
    end_date = DateInputField(
        "Last day", description=DATE_HINT, validators=[InputRequired(message="Enter the last day")]
    )
    end_reference = TextAreaField(
        "Reference given at the end", widget=GovTextArea(), validators=[Optional(), Length(max=2000)]
    )
    submit = SubmitField("End engagement", widget=GovSubmitInput())


class PriceCapForm(GovForm):
    region = SelectField(
        "Region",
        widget=GovSelect(),
        choices=[(region.value, region.label) for region in Region],
        validators=[InputRequired(message="Select the region")],
    )
    job_type = SelectField(
        "Job type",
        widget=GovSelect(),
        choices=[(kind.value, kind.label) for kind in AgencyJobType],
        validators=[InputRequired(message="Select the job type")],
    )
    hourly_cap = DecimalField(
        "Cap in pounds an hour",
        widget=GovTextInput(),
        places=2,
        validators=[
            InputRequired(message="Enter the cap in pounds an hour"),
            NumberRange(min=0.01, message="The cap must be more than £0"),
        ],
    )
    effective_from = DateInputField(
        "In force from",
        description=DATE_HINT,
        validators=[InputRequired(message="Enter the date the cap applies from")],
    )
    submit = SubmitField("Add price cap", widget=GovSubmitInput())


class ReturnForm(GovForm):
    """Choose the quarter of the agency return (a GET form)."""

    class Meta:
        csrf = False

    quarter = StringField(
        "Quarter",
        description="The year and quarter number, like 2026Q3 (July to September 2026)",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the quarter")],
    )

    def validate_quarter(self, field):
        from workforce.agency.exports import Quarter

        try:
            Quarter.parse(field.data)
        except ValueError as problem:
            raise ValidationError(str(problem)) from None
