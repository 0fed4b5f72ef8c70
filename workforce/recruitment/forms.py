"""Recruitment forms, with GOV.UK widgets and error wording."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, ValidationError

from workforce.kernel import clock
from workforce.kernel.forms import DateInputField, GovForm, SweNumber, VersionField
from workforce.people.constants import CensusRole, StartOrigin
from workforce.recruitment.constants import ApplicantSource, CheckKind, ClosureReason, StageKind

DATE_HINT = "For example, 27 3 2026"


class RaiseVacancyForm(GovForm):
    post = SelectField(
        "Post", widget=GovSelect(), coerce=int, choices=[], validators=[InputRequired(message="Select the post")]
    )
    fte = DecimalField(
        "FTE to recruit",
        description="1 for full time; 0.5 for half time",
        widget=GovTextInput(),
        default=1,
        validators=[
            InputRequired(message="Enter the FTE to recruit"),
            NumberRange(min=0.01, max=1, message="FTE must be more than 0 and no more than 1"),
        ],
    )
    filled_post_reason = TextAreaField(
        "Reason for recruiting to a filled post",
        description="Needed only when the post is filled, for example when its holder has resigned.",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=500)],
    )
    submit = SubmitField("Raise vacancy", widget=GovSubmitInput())


class ConfirmForm(GovForm):
    """A form with only a button, for approvals."""

    submit = SubmitField("Approve", widget=GovSubmitInput())


class AdvertiseForm(GovForm):
    #: The record's version when the form was opened (optimistic locking).
    version = VersionField()
    opens_on = DateInputField(
        "Advert opens", description=DATE_HINT, validators=[InputRequired(message="Enter the date the advert opens")]
    )
    closes_on = DateInputField(
        "Advert closes", description=DATE_HINT, validators=[InputRequired(message="Enter the date the advert closes")]
    )
    submit = SubmitField("Save advert dates", widget=GovSubmitInput())


class WithdrawVacancyForm(GovForm):
    #: The record's version when the form was opened (optimistic locking).
    version = VersionField()
    reason = TextAreaField(
        "Why is the vacancy withdrawn?",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter why the vacancy is withdrawn"), Length(max=500)],
    )
    submit = SubmitField("Withdraw vacancy", widget=GovSubmitInput())


class ApplicationForm(GovForm):
    first_name = StringField(
        "First name", widget=GovTextInput(), validators=[InputRequired(message="Enter the first name"), Length(max=80)]
    )
    last_name = StringField(
        "Last name", widget=GovTextInput(), validators=[InputRequired(message="Enter the last name"), Length(max=80)]
    )
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the email address"),
            Email(message="Enter an email address in the correct format, like name@example.com"),
            Length(max=254),
        ],
    )
    phone = StringField("Phone number (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=40)])
    swe_number = StringField(
        "Social Work England number (optional)",
        description="SW followed by digits, like SW123456",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=20), SweNumber()],
    )
    qualification_date = DateInputField(
        "Date of social work qualification (optional)", description=DATE_HINT, validators=[Optional()]
    )
    source = SelectField(
        "Where did the applicant come from?",
        widget=GovSelect(),
        choices=[("", "Select the source")] + [(source.value, source.label) for source in ApplicantSource],
        validators=[InputRequired(message="Select where the applicant came from")],
    )
    start_origin = SelectField(
        "Census start origin",
        description="The applicant's current or last role, as the census asks",
        widget=GovSelect(),
        coerce=int,
        choices=[(origin.value, origin.label) for origin in StartOrigin],
        default=StartOrigin.NOT_YET_COLLECTED.value,
        validators=[InputRequired(message="Select the start origin")],
    )
    applied_on = DateInputField(
        "Date of application",
        description=DATE_HINT,
        validators=[InputRequired(message="Enter the date of application")],
    )
    consented_on = DateInputField(
        "Date the applicant consented to the council holding their data",
        description=DATE_HINT,
        validators=[InputRequired(message="Enter the date the applicant consented")],
    )
    submit = SubmitField("Add applicant", widget=GovSubmitInput())


class MoveApplicationForm(GovForm):
    to_stage = SelectField(
        "Move to", widget=GovSelect(), coerce=int, choices=[], validators=[InputRequired(message="Select the stage")]
    )
    reason = SelectField(
        "Reason (when withdrawn, rejected or offer declined)",
        widget=GovSelect(),
        choices=[("", "No reason needed")] + [(reason.value, reason.label) for reason in ClosureReason],
        validators=[Optional()],
    )
    note = TextAreaField("Note (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=500)])
    submit = SubmitField("Move", widget=GovSubmitInput())


def interview_form_class(criteria: list[str]) -> type[FlaskForm]:
    """An interview form with one score field per criterion of the council's interview scheme."""

    class InterviewForm(GovForm):
        held_on = DateInputField(
            "Date of interview",
            description=DATE_HINT,
            validators=[InputRequired(message="Enter the date of the interview")],
        )
        panel = SelectMultipleField(
            "Panel members",
            widget=GovCheckboxesInput(),
            coerce=int,
            choices=[],
            validators=[InputRequired(message="Select the panel members")],
        )
        submit = SubmitField("Save interview", widget=GovSubmitInput())

    for index, criterion in enumerate(criteria):
        setattr(
            InterviewForm,
            f"score_{index}",
            IntegerField(
                f"{criterion} (score 1 to 4)",
                widget=GovTextInput(),
                validators=[
                    InputRequired(message=f"Enter the score for {criterion.lower()}"),
                    NumberRange(min=1, max=4, message=f"Score {criterion.lower()} from 1 to 4"),
                ],
            ),
        )
    return InterviewForm


#: A start before the offer is a typing mistake (the dates were swapped or the year is wrong).
OFFER_START_ORDER = "The proposed start date must be on or after the date of the offer"


class OfferForm(GovForm):
    made_on = DateInputField(
        "Date of offer", description=DATE_HINT, validators=[InputRequired(message="Enter the date of the offer")]
    )
    proposed_start_on = DateInputField("Proposed start date (optional)", description=DATE_HINT, validators=[Optional()])
    submit = SubmitField("Make offer", widget=GovSubmitInput())

    def validate_made_on(self, field):
        if field.data is not None and field.data > clock.today():
            raise ValidationError("The date of the offer must be today or in the past")

    def validate_proposed_start_on(self, field):
        if field.data is not None and self.made_on.data is not None and field.data < self.made_on.data:
            raise ValidationError(OFFER_START_ORDER)


class AnswerOfferForm(GovForm):
    answer = RadioField(
        "Did the applicant accept the offer?",
        widget=GovRadioInput(),
        choices=[("accepted", "Accepted"), ("declined", "Declined")],
        validators=[InputRequired(message="Select whether the applicant accepted the offer")],
    )
    reason = SelectField(
        "Reason for declining",
        widget=GovSelect(),
        choices=[("", "Select the reason")]
        + [(reason.value, reason.label) for reason in ClosureReason if reason.kind.value == "offer-declined"],
        validators=[Optional()],
    )
    answered_on = DateInputField(
        "Date of answer", description=DATE_HINT, validators=[InputRequired(message="Enter the date of the answer")]
    )
    submit = SubmitField("Save answer", widget=GovSubmitInput())


class CheckForm(GovForm):
    kind = SelectField(
        "Check",
        widget=GovSelect(),
        choices=[(kind.value, kind.label) for kind in CheckKind],
        validators=[InputRequired(message="Select the check")],
    )
    completed_on = DateInputField("Date completed", description=DATE_HINT, validators=[Optional()])
    exception_reason = TextAreaField(
        "Or: why the start may go ahead without it",
        description="Recorded as an exception, with your name",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=1000)],
    )
    submit = SubmitField("Save check", widget=GovSubmitInput())


class ConfirmStartForm(GovForm):
    employee_number = StringField(
        "Employee number",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the employee number"), Length(max=40)],
    )
    start_date = DateInputField(
        "First day", description=DATE_HINT, validators=[InputRequired(message="Enter the first day")]
    )
    submit = SubmitField("Confirm start", widget=GovSubmitInput())


class ReportFilterForm(GovForm):
    """Filters for the recruitment report (a GET form, so no CSRF token)."""

    class Meta:
        csrf = False

    team = SelectField("Team", widget=GovSelect(), coerce=int, choices=[], validators=[Optional()])
    census_role = SelectField(
        "Role",
        widget=GovSelect(),
        coerce=int,
        choices=[(0, "All roles")] + [(role.value, role.label) for role in CensusRole],
        validators=[Optional()],
    )
    applied_from = DateInputField("Applied from", description=DATE_HINT, validators=[Optional()])
    applied_to = DateInputField("Applied to", description=DATE_HINT, validators=[Optional()])


class StageForm(GovForm):
    #: The record's version when the form was opened (optimistic locking).
    version = VersionField()
    name = StringField(
        "Name", widget=GovTextInput(), validators=[InputRequired(message="Enter the name of the stage"), Length(max=80)]
    )
    kind = SelectField(
        "What the stage means",
        description="The rules depend on it: offers are made after an interview stage, checks follow an offer",
        widget=GovSelect(),
        choices=[(kind.value, kind.value.replace("-", " ").capitalize()) for kind in StageKind],
        validators=[InputRequired(message="Select what the stage means")],
    )
    position = IntegerField(
        "Position in the pipeline",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the position in the pipeline"),
            NumberRange(min=1, max=99, message="Position must be between 1 and 99"),
        ],
    )
    moves_to = SelectMultipleField("Applications may move on to", widget=GovCheckboxesInput(), coerce=int, choices=[])
    submit = SubmitField("Save stage", widget=GovSubmitInput())
