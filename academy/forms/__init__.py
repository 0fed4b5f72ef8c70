"""Forms of the academy's training pages: catalogue, sessions, places, register, feedback, matrix."""

from __future__ import annotations

from datetime import datetime

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields import DecimalField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from academy.constants import Attendance, DeliveryMode, EarlyCareerProgramme, Standard
from workforce.kernel.forms import DateInputField, GovForm, NotInFuture, VersionField
from workforce.people.constants import CensusRole

SCALE = [(str(number), str(number)) for number in range(1, 6)]


def _time(field) -> None:
    try:
        datetime.strptime((field.data or "").strip(), "%H:%M")
    except ValueError:
        raise ValidationError(f"Enter the {field.label.text.lower()} in the format 09:30") from None


class ProgrammeForm(GovForm):
    name = StringField(
        "Programme name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the programme name"), Length(max=160)],
    )
    description = TextAreaField("Description (optional)", widget=GovTextArea(), validators=[Optional()])
    submit = SubmitField("Save programme", widget=GovSubmitInput())


class CourseForm(GovForm):
    title = StringField(
        "Course title",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the course title"), Length(max=160)],
    )
    delivery_mode = RadioField(
        "Delivery mode",
        widget=GovRadioInput(),
        choices=[(mode.value, mode.label) for mode in DeliveryMode],
        validators=[InputRequired(message="Select the delivery mode")],
    )
    hours = DecimalField(
        "Hours",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the hours of the course"),
            NumberRange(min=0.5, max=500, message="Enter hours from 0.5 to 500"),
        ],
    )
    validity_months = IntegerField(
        "Valid for (months)",
        description="Leave empty when the training does not expire",
        widget=GovTextInput(),
        validators=[Optional(), NumberRange(min=1, max=120, message="Enter months from 1 to 120")],
    )
    standards = SelectMultipleField(
        "Standards it maps to", widget=GovCheckboxesInput(), choices=[(s.value, s.label) for s in Standard]
    )
    submit = SubmitField("Save course", widget=GovSubmitInput())


class SessionForm(GovForm):
    course_id = SelectField(
        "Course", widget=GovSelect(), coerce=int, choices=[], validators=[InputRequired(message="Select the course")]
    )
    date = DateInputField(
        "Date",
        error_name="Date of the session",
        description="For example, 17 3 2026",
        validators=[InputRequired(message="Enter the date of the session")],
    )
    start_time = StringField("Start time", description="For example, 09:30", widget=GovTextInput())
    end_time = StringField("Finish time", description="For example, 16:30", widget=GovTextInput())
    online = BooleanField("The session is online", widget=GovCheckboxInput())
    venue = StringField("Venue", widget=GovTextInput(), validators=[Optional(), Length(max=200)])
    facilitator = StringField(
        "Facilitator",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the facilitator"), Length(max=160)],
    )
    capacity = IntegerField(
        "Places",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the number of places"),
            NumberRange(min=1, max=500, message="Enter places from 1 to 500"),
        ],
    )
    requires_approval = BooleanField(
        "Places booked by workers need their manager's approval", widget=GovCheckboxInput()
    )
    submit = SubmitField("Create session", widget=GovSubmitInput())

    def validate_start_time(self, field):
        _time(field)

    def validate_end_time(self, field):
        _time(field)

    def moments(self) -> tuple[datetime, datetime]:
        day = self.date.data
        start = datetime.strptime(self.start_time.data.strip(), "%H:%M").time()
        end = datetime.strptime(self.end_time.data.strip(), "%H:%M").time()
        return datetime.combine(day, start), datetime.combine(day, end)


class EnrolForm(GovForm):
    staff_id = SelectField(
        "Person", widget=GovSelect(), coerce=int, choices=[], validators=[InputRequired(message="Select the person")]
    )
    submit = SubmitField("Book a place", widget=GovSubmitInput())


class BulkEnrolForm(GovForm):
    """Enrolling everyone in some teams, or everyone a requirement applies to who lacks the course in date."""

    by = RadioField(
        "Who do you want to enrol?",
        widget=GovRadioInput(),
        choices=[
            ("team", "Everyone in the teams you choose"),
            ("requirement", "Everyone a training requirement applies to who does not hold the course in date"),
        ],
        validators=[InputRequired(message="Select who you want to enrol")],
    )
    team_ids = SelectMultipleField(
        "Teams", description="When you enrol by team", widget=GovCheckboxesInput(), coerce=int, choices=[]
    )
    requirement_id = SelectField(
        "Training requirement",
        description="When you enrol by requirement: the requirements of this session's course",
        widget=GovSelect(),
        coerce=int,
        choices=[],
        validators=[Optional()],
        default=0,
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.by.data == "team" and not self.team_ids.data and not self.team_ids.errors:
            self.team_ids.errors = [*self.team_ids.errors, "Select at least one team"]
            valid = False
        if self.by.data == "requirement" and not self.requirement_id.data and not self.requirement_id.errors:
            self.requirement_id.errors = [*self.requirement_id.errors, "Select the training requirement"]
            valid = False
        return valid


class ConfirmForm(GovForm):
    """A button that posts: booking one's own place, cancelling a place, approving."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())


class CancelSessionForm(GovForm):
    #: The record's version when the form was opened (optimistic locking).
    version = VersionField()
    reason = TextAreaField(
        "Why is the session cancelled?",
        description="Everyone with a place or on the waitlist sees this in their account",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter why the session is cancelled"), Length(max=500)],
    )
    submit = SubmitField("Cancel the session", widget=GovSubmitInput())


ATTENDANCE_CHOICES = [("", "Not yet taken")] + [(a.value, a.label) for a in Attendance]


def attendance_form(enrolments) -> FlaskForm:
    """A register form with a status, hours and remarks for each confirmed place."""

    class RegisterForm(GovForm):
        #: The session's version when the register was opened (optimistic locking).
        version = VersionField()
        submit = SubmitField("Save the register", widget=GovSubmitInput())

    for enrolment in enrolments:
        name = enrolment.staff_member.name
        setattr(
            RegisterForm,
            f"status_{enrolment.id}",
            SelectField(
                f"Attendance of {name}", widget=GovSelect(), choices=ATTENDANCE_CHOICES, validators=[Optional()]
            ),
        )
        setattr(
            RegisterForm,
            f"hours_{enrolment.id}",
            DecimalField(
                f"Hours attended by {name}",
                widget=GovTextInput(),
                validators=[Optional(), NumberRange(min=0, max=500, message=f"Enter hours for {name} from 0 to 500")],
            ),
        )
        setattr(
            RegisterForm,
            f"remarks_{enrolment.id}",
            StringField(f"Remarks about {name}", widget=GovTextInput(), validators=[Optional(), Length(max=500)]),
        )
    return RegisterForm


class FeedbackForm(GovForm):
    confidence_before = RadioField(
        "How confident were you in this area before the session?",
        description="1 is not at all confident, 5 is very confident",
        widget=GovRadioInput(),
        choices=SCALE,
        validators=[InputRequired(message="Select how confident you were before the session")],
    )
    confidence_after = RadioField(
        "How confident are you now?",
        widget=GovRadioInput(),
        choices=SCALE,
        validators=[InputRequired(message="Select how confident you are now")],
    )
    satisfaction = RadioField(
        "How satisfied were you with the session?",
        description="1 is very dissatisfied, 5 is very satisfied",
        widget=GovRadioInput(),
        choices=SCALE,
        validators=[InputRequired(message="Select how satisfied you were")],
    )
    comments = TextAreaField("Comments (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Send feedback", widget=GovSubmitInput())


class ImpactForm(GovForm):
    impact = TextAreaField(
        "Three months on, how has the learning changed your practice?",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter how the learning changed your practice"), Length(max=2000)],
    )
    submit = SubmitField("Send", widget=GovSubmitInput())


class RequirementForm(GovForm):
    course_id = SelectField(
        "Course", widget=GovSelect(), coerce=int, choices=[], validators=[InputRequired(message="Select the course")]
    )
    census_role = SelectField(
        "Job type",
        widget=GovSelect(),
        choices=[("", "Every job type")] + [(str(role.value), role.label) for role in CensusRole],
        validators=[Optional()],
    )
    team_id = SelectField("Team", widget=GovSelect(), choices=[], validators=[Optional()])
    early_career_programme = SelectField(
        "Early-career programme",
        description="Choose one to require the course only of people on that programme",
        widget=GovSelect(),
        choices=[("", "Not limited to a programme")] + [(p.value, p.label) for p in EarlyCareerProgramme],
        validators=[Optional()],
    )
    submit = SubmitField("Add requirement", widget=GovSubmitInput())


class CompletionForm(GovForm):
    """Correcting a training record: the course, the day it was completed and when it expires."""

    course_id = SelectField(
        "Course", widget=GovSelect(), coerce=int, choices=[], validators=[InputRequired(message="Select the course")]
    )
    completed_on = DateInputField(
        "Date completed",
        error_name="The date completed",
        description="For example, 17 3 2026",
        validators=[
            InputRequired(message="Enter the date completed"),
            NotInFuture("The date completed must be today or in the past"),
        ],
    )
    expires_on = DateInputField(
        "Expiry date (optional)",
        error_name="The expiry date",
        description="The first day it no longer counts. Leave empty to work it out from how long the course is valid",
        validators=[Optional()],
    )
    submit = SubmitField("Save the correction", widget=GovSubmitInput())

    def validate_expires_on(self, field):
        if field.data is not None and self.completed_on.data is not None and field.data <= self.completed_on.data:
            raise ValidationError("The expiry date must be after the date completed")


class MatrixFilterForm(GovForm):
    class Meta:
        csrf = False

    team = SelectField("Team", widget=GovSelect(), choices=[], validators=[Optional()])
    submit = SubmitField("Filter", widget=GovSubmitInput())


class CompletionImportForm(GovForm):
    file = FileField("Upload a file", description="An Excel workbook (.xlsx) or CSV file", widget=GovFileInput())
    #: A saved column mapping for the learning system's own layout; the view fills the choices.
    mapping = SelectField("Layout of the file", widget=GovSelect(), choices=[("", "WPQ's own layout")], default="")
    submit = SubmitField("Check the file", widget=GovSubmitInput())

    def validate_file(self, field):
        if not field.data or not getattr(field.data, "filename", ""):
            raise ValidationError("Select a file to import")
