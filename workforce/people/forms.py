"""Forms for staff records, leavers, absences, registration checks and the staff list filter."""

from __future__ import annotations

from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from workforce.kernel.forms import DateInputField, GovForm, SweNumber, VersionField
from workforce.people.constants import (
    AbsenceReason,
    CensusRole,
    EmploymentType,
    Ethnicity,
    LeaverDestination,
    QualificationLevel,
    ReasonForLeaving,
    RegistrationStatus,
    Sex,
    StartOrigin,
)


def _choices(enum_type, blank: str | None = None) -> list[tuple[str, str]]:
    choices = [(str(member.value), member.label) for member in enum_type]
    return [("", blank), *choices] if blank is not None else choices


def _date(label: str, message: str, required: bool = True, description: str = "For example, 27 3 2025"):
    validators = [InputRequired(message=message)] if required else [Optional()]
    return DateInputField(label, description=description, validators=validators)


def to_enum(enum_type, value):
    if value in (None, ""):
        return None
    return enum_type(int(value)) if issubclass(enum_type, int) else enum_type(value)


class StaffForm(GovForm):
    #: The record's version when the form was opened (optimistic locking).
    version = VersionField()
    employee_number = StringField(
        "Employee number",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the employee number"), Length(max=40)],
    )
    first_name = StringField(
        "First name", widget=GovTextInput(), validators=[InputRequired(message="Enter the first name"), Length(max=80)]
    )
    last_name = StringField(
        "Last name", widget=GovTextInput(), validators=[InputRequired(message="Enter the last name"), Length(max=80)]
    )
    swe_number = StringField(
        "Social Work England number",
        description="SW followed by digits, like SW123456. Leave empty for staff who are not social workers.",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=20), SweNumber()],
    )
    email = StringField(
        "Work email address",
        description="As the person signs in to the council's computers with. WPQ finds their account by it.",
        widget=GovTextInput(),
        validators=[
            Optional(),
            Email(
                message="Enter an email address in the correct format, like name@example.gov.uk",
                check_deliverability=False,
            ),
            Length(max=254),
        ],
    )
    date_of_birth = _date("Date of birth", "", required=False, description="For example, 27 3 1985")
    sex = SelectField("Sex", widget=GovSelect(), choices=_choices(Sex, "Not recorded"), validators=[Optional()])
    ethnicity = SelectField(
        "Ethnicity", widget=GovSelect(), choices=_choices(Ethnicity, "Not recorded"), validators=[Optional()]
    )
    qualification_level = SelectField(
        "Qualification level",
        widget=GovSelect(),
        choices=_choices(QualificationLevel, "Not recorded"),
        validators=[Optional()],
    )
    qualification_date = _date("Date of social work qualification", "", required=False)
    step_up = BooleanField("Qualified through Step Up to Social Work", widget=GovCheckboxInput())
    frontline = BooleanField("Qualified through Frontline", widget=GovCheckboxInput())
    employment_type = SelectField(
        "Employment type",
        widget=GovRadioInput(),
        choices=_choices(EmploymentType),
        validators=[InputRequired(message="Select the employment type")],
    )
    contracted_hours = DecimalField(
        "Contracted hours a week",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the contracted hours"),
            NumberRange(min=0, max=80, message="Contracted hours must be from 0 to 80"),
        ],
    )
    standard_hours = DecimalField(
        "Standard full-time hours a week",
        default=37,
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the standard hours"),
            NumberRange(min=1, max=80, message="Standard hours must be from 1 to 80"),
        ],
    )
    line_manager = SelectField("Line manager", widget=GovSelect(), choices=[], validators=[Optional()])
    submit = SubmitField("Save", widget=GovSubmitInput())

    def staff_values(self, include_protected: bool) -> dict:
        values = {
            "employee_number": self.employee_number.data.strip(),
            "first_name": self.first_name.data.strip(),
            "last_name": self.last_name.data.strip(),
            "swe_number": self.swe_number.data or None,
            "email": (self.email.data or "").strip() or None,
            "qualification_level": to_enum(QualificationLevel, self.qualification_level.data),
            "qualification_date": self.qualification_date.data,
            "step_up": bool(self.step_up.data),
            "frontline": bool(self.frontline.data),
            "employment_type": EmploymentType(self.employment_type.data),
            "contracted_hours": float(self.contracted_hours.data),
            "standard_hours": float(self.standard_hours.data),
        }
        if include_protected:
            values.update(
                date_of_birth=self.date_of_birth.data,
                sex=to_enum(Sex, self.sex.data),
                ethnicity=to_enum(Ethnicity, self.ethnicity.data),
            )
        return values


class NewStaffForm(StaffForm):
    """A new staff record with its first assignment."""

    post = SelectField("Post", widget=GovSelect(), choices=[], validators=[InputRequired(message="Select the post")])
    start_date = _date("Start date", "Enter the start date")
    start_origin = SelectField(
        "Where they came from (census start origin)",
        widget=GovSelect(),
        choices=_choices(StartOrigin, "Select where they came from"),
        validators=[InputRequired(message="Select where they came from")],
    )


class LeaverForm(GovForm):
    last_day = _date("Last day of work", "Enter the last day of work")
    reason_for_leaving = SelectField(
        "Reason for leaving",
        widget=GovRadioInput(),
        choices=_choices(ReasonForLeaving),
        validators=[InputRequired(message="Select the reason for leaving")],
    )
    leaver_destination = SelectField(
        "Where they are going",
        widget=GovRadioInput(),
        choices=_choices(LeaverDestination),
        validators=[InputRequired(message="Select where they are going")],
    )
    submit = SubmitField("Record leaver", widget=GovSubmitInput())


class AbsenceForm(GovForm):
    reason = SelectField(
        "Reason for absence",
        widget=GovRadioInput(),
        choices=_choices(AbsenceReason),
        validators=[InputRequired(message="Select the reason for absence")],
    )
    start_date = _date("First day of absence", "Enter the first day of absence")
    end_date = _date("Last day of absence", "", required=False, description="Leave empty while the absence continues")
    submit = SubmitField("Record absence", widget=GovSubmitInput())


class RegistrationCheckForm(GovForm):
    status = SelectField(
        "Registration status on the public register",
        widget=GovRadioInput(),
        choices=_choices(RegistrationStatus),
        validators=[InputRequired(message="Select the registration status")],
    )
    registered_until = _date("Registered until", "", required=False, description="For example, 30 11 2026")
    checked_on = _date("Date of the check", "Enter the date of the check")
    submit = SubmitField("Save check", widget=GovSubmitInput())


class AbsentOnForm(GovForm):
    class Meta:
        csrf = False

    on = DateInputField("Date", description="For example, 2 3 2026")
    submit = SubmitField("Show", widget=GovSubmitInput())


class ImportForm(GovForm):
    file = FileField("Excel or CSV file", widget=GovFileInput())
    submit = SubmitField("Check the file", widget=GovSubmitInput())


class MappedImportForm(ImportForm):
    """The upload, with the saved column mapping to read it through, and (staff) whether it is a full extract."""

    mapping = SelectField("Layout of the file", widget=GovSelect(), choices=[("", "WPQ's own layout")], default="")
    full = BooleanField(
        "This is a full extract of the council's workforce",
        widget=GovCheckboxInput(),
        description="People in post in WPQ who are not in the file are listed for you to confirm as leavers or "
        "keep, before anything is imported.",
    )


class MissingPersonForm(Form):
    """HR's decision for one person in post in WPQ whom a full extract leaves out."""

    employee_number = HiddenField()
    decision = RadioField(
        "Decision",
        widget=GovRadioInput(),
        choices=[("left", "They have left"), ("kept", "They are still in post")],
        validators=[InputRequired(message="Say whether this person has left or is still in post")],
    )
    last_day = DateInputField("Last day", description="For example, 30 9 2025", validators=[Optional()])
    reason = SelectField(
        "Reason for leaving", widget=GovSelect(), choices=_choices(ReasonForLeaving, "Choose the reason"), default=""
    )
    destination = SelectField(
        "Destination", widget=GovSelect(), choices=_choices(LeaverDestination, "Choose the destination"), default=""
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.decision.data == "left":
            for field, message in (
                (self.last_day, "Enter their last day"),
                (self.reason, "Choose the reason for leaving"),
                (self.destination, "Choose the destination"),
            ):
                if not field.data and not field.errors:
                    field.errors = [*field.errors, message]
                    valid = False
        return valid


class ConfirmMappedImportForm(GovForm):
    token = HiddenField()
    mapping = HiddenField()
    full = HiddenField()
    people = FieldList(FormField(MissingPersonForm))


class PostForm(GovForm):
    #: The record's version when the form was opened (optimistic locking).
    version = VersionField()
    post_number = StringField(
        "Post number",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the post number"), Length(max=40)],
    )
    team = SelectField("Team", widget=GovSelect(), choices=[], validators=[InputRequired(message="Select the team")])
    census_role = SelectField(
        "Job type (census role)",
        widget=GovSelect(),
        choices=_choices(CensusRole, "Select the job type"),
        validators=[InputRequired(message="Select the job type")],
    )
    job_title = StringField(
        "Local job title",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the job title"), Length(max=120)],
    )
    grade = StringField("Grade", widget=GovTextInput(), validators=[Optional(), Length(max=40)])
    budgeted_fte = DecimalField(
        "Budgeted FTE",
        default=1,
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the budgeted FTE"),
            NumberRange(min=0, max=1, message="Budgeted FTE must be from 0 to 1"),
        ],
    )
    case_holding = BooleanField("This post holds cases", widget=GovCheckboxInput())
    funded_from = _date("Funded from", "Enter the date the post is funded from")
    funded_to = _date("Funded to", "", required=False, description="Leave empty while funding continues")
    submit = SubmitField("Save post", widget=GovSubmitInput())

    def post_values(self) -> dict:
        return {
            "post_number": self.post_number.data.strip(),
            "team_id": int(self.team.data),
            "census_role": CensusRole(int(self.census_role.data)),
            "job_title": self.job_title.data.strip(),
            "grade": (self.grade.data or "").strip() or None,
            "budgeted_fte": float(self.budgeted_fte.data),
            "case_holding": bool(self.case_holding.data),
            "funded_from": self.funded_from.data,
            "funded_to": self.funded_to.data,
        }


class MoveForm(GovForm):
    """A move within the service: current assignments end the day before the new one starts."""

    post = SelectField(
        "New post", widget=GovSelect(), choices=[], validators=[InputRequired(message="Select the post")]
    )
    start_date = _date("First day in the new post", "Enter the first day in the new post")
    submit = SubmitField("Move to this post", widget=GovSubmitInput())
