"""Supervision forms, with GOV.UK error wording."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
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
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from supervision.constants import Answer, Frequency, Grade, SessionStatus, SupervisionType, Topic
from workforce.kernel import clock
from workforce.kernel.forms import DateInputField, GovForm, VersionField

#: Rows offered for cases discussed and new actions (blank rows are ignored).
CASE_ROWS = 4
ACTION_ROWS = 3


def _choices(enum_type):
    return [(member.value, member.label) for member in enum_type]


#: A session recorded as held has happened: its date cannot be after today.
HELD_IN_FUTURE = "The date of a session that was held must be today or in the past"


class SupervisionForm(GovForm):
    """Record a session on one page: the fields in the order a manager types them."""

    #: When changing or amending: the record's edit version as the form was opened (optimistic locking).
    version = VersionField()

    supervisee = SelectField(
        "Supervisee", widget=GovSelect(), coerce=int, validators=[InputRequired(message="Select the supervisee")]
    )
    status = RadioField(
        "Was the session held?",
        widget=GovRadioInput(),
        choices=[(SessionStatus.HELD.value, "Held"), (SessionStatus.PLANNED.value, "Planned for this date")],
        default=SessionStatus.HELD.value,
        validators=[InputRequired(message="Select whether the session was held or is planned")],
    )
    supervision_type = RadioField(
        "Type of supervision",
        widget=GovRadioInput(),
        choices=_choices(SupervisionType),
        default=SupervisionType.INDIVIDUAL.value,
        validators=[InputRequired(message="Select the type of supervision")],
    )
    session_date = DateInputField(
        "Date of the session",
        description="For example, 24 11 2026",
        validators=[InputRequired(message="Enter the date of the session")],
    )
    duration_minutes = IntegerField(
        "Length in minutes",
        description="LGA Standard 5: at least 90 minutes, uninterrupted",
        widget=GovTextInput(),
        validators=[
            Optional(),
            NumberRange(min=1, max=600, message="Enter a length between 1 and 600 minutes"),
        ],
    )
    agenda = TextAreaField("Agenda", widget=GovTextArea(), validators=[Optional(), Length(max=4000)])
    agenda_set_jointly = BooleanField("The agenda was set jointly", widget=GovCheckboxInput())
    topics = SelectMultipleField(
        "Topics covered", widget=GovCheckboxesInput(), choices=_choices(Topic), validate_choice=True
    )
    reflective_notes = TextAreaField(
        "Reflective notes",
        description="Only the supervisee, the supervisor and their line managers can read these",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=10000)],
    )
    wellbeing_checked = BooleanField("Wellbeing was checked", widget=GovCheckboxInput())
    completed_actions = SelectMultipleField(
        "Actions from earlier sessions now done", widget=GovCheckboxesInput(), coerce=int, choices=[]
    )
    sign_as_supervisor = BooleanField("Sign as supervisor now", widget=GovCheckboxInput())
    supervisee_confirmed = BooleanField("The supervisee confirmed this record in person", widget=GovCheckboxInput())
    submit = SubmitField("Save supervision", widget=GovSubmitInput())

    def case_rows(self):
        return [
            (getattr(self, f"case_{n}_reference"), getattr(self, f"case_{n}_decision")) for n in range(1, CASE_ROWS + 1)
        ]

    def action_rows(self):
        return [
            (
                getattr(self, f"action_{n}_description"),
                getattr(self, f"action_{n}_owner"),
                getattr(self, f"action_{n}_due"),
            )
            for n in range(1, ACTION_ROWS + 1)
        ]

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        held = self.status.data == SessionStatus.HELD.value
        if held and self.session_date.data is not None and self.session_date.data > clock.today():
            self.session_date.errors = [*self.session_date.errors, HELD_IN_FUTURE]
            valid = False
        if held and self.duration_minutes.data is None and not self.duration_minutes.errors:
            self.duration_minutes.errors = [
                *self.duration_minutes.errors,
                "Enter how long the session lasted, in minutes",
            ]
            valid = False
        for description, owner, due in self.action_rows():
            if description.data and description.data.strip():
                if due.data is None and not due.errors:
                    due.errors = [*due.errors, "Enter the date the action is due"]
                    valid = False
                if not owner.data:
                    owner.errors = [*owner.errors, "Select who owns the action"]
                    valid = False
        return valid


for _n in range(1, CASE_ROWS + 1):
    setattr(
        SupervisionForm,
        f"case_{_n}_reference",
        StringField(f"Case reference {_n}", widget=GovTextInput(), validators=[Optional(), Length(max=30)]),
    )
    setattr(
        SupervisionForm,
        f"case_{_n}_decision",
        BooleanField(f"Decision on case {_n} recorded on the case file", widget=GovCheckboxInput()),
    )
for _n in range(1, ACTION_ROWS + 1):
    setattr(
        SupervisionForm,
        f"action_{_n}_description",
        StringField(f"Action {_n}", widget=GovTextInput(), validators=[Optional(), Length(max=500)]),
    )
    setattr(
        SupervisionForm,
        f"action_{_n}_owner",
        SelectField(
            f"Who owns action {_n}",
            widget=GovSelect(),
            choices=[("", "Choose"), ("supervisee", "Supervisee"), ("supervisor", "Supervisor")],
            validators=[Optional()],
        ),
    )
    setattr(
        SupervisionForm,
        f"action_{_n}_due",
        DateInputField(f"Action {_n} due date", error_name=f"The due date of action {_n}"),
    )


class AmendSupervisionForm(SupervisionForm):
    reason = TextAreaField(
        "Why is the record being amended?",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter why the record is being amended"), Length(max=500)],
    )
    submit = SubmitField("Save amended version", widget=GovSubmitInput())


class CancelSupervisionForm(GovForm):
    reason = TextAreaField(
        "Why was the session cancelled?",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter why the session was cancelled"), Length(max=500)],
    )
    submit = SubmitField("Cancel the session", widget=GovSubmitInput())


class RescheduleSupervisionForm(GovForm):
    new_date = DateInputField("New date", validators=[InputRequired(message="Enter the new date of the session")])
    reason = TextAreaField("Reason", widget=GovTextArea(), validators=[Optional(), Length(max=500)])
    submit = SubmitField("Reschedule", widget=GovSubmitInput())


class SignOffForm(GovForm):
    submit = SubmitField("Sign this record", widget=GovSubmitInput())


class PolicyForm(GovForm):
    effective_from = DateInputField(
        "Applies from", validators=[InputRequired(message="Enter the date the policy applies from")]
    )
    standard_frequency = RadioField(
        "Frequency for workers who are not newly qualified",
        widget=GovRadioInput(),
        choices=[(Frequency.MONTHLY.value, "Monthly"), (Frequency.FOUR_WEEKLY.value, "Every 4 weeks")],
        validators=[InputRequired(message="Select the frequency")],
    )
    newly_qualified_weekly_weeks = IntegerField(
        "Weeks of weekly supervision for newly qualified workers",
        widget=GovTextInput(),
        default=6,
        validators=[InputRequired(message="Enter the number of weeks"), NumberRange(min=0, max=52)],
    )
    newly_qualified_fortnightly_months = IntegerField(
        "Months of at least fortnightly supervision for newly qualified workers",
        widget=GovTextInput(),
        default=6,
        validators=[InputRequired(message="Enter the number of months"), NumberRange(min=0, max=24)],
    )
    minimum_minutes = IntegerField(
        "Shortest session that counts, in minutes",
        widget=GovTextInput(),
        default=90,
        validators=[InputRequired(message="Enter the shortest session in minutes"), NumberRange(min=1, max=600)],
    )
    long_absence_days = IntegerField(
        "Absence that pauses the schedule, in days",
        widget=GovTextInput(),
        default=28,
        validators=[InputRequired(message="Enter the number of days"), NumberRange(min=1, max=365)],
    )
    supervisor_must_be_registered = BooleanField(
        "Supervisors must be registered social workers", widget=GovCheckboxInput(), default=True
    )
    submit = SubmitField("Add policy", widget=GovSubmitInput())


class AgreementForm(GovForm):
    supervisee = SelectField(
        "Supervisee", widget=GovSelect(), coerce=int, validators=[InputRequired(message="Select the supervisee")]
    )
    frequency = RadioField(
        "Agreed frequency",
        widget=GovRadioInput(),
        choices=_choices(Frequency),
        validators=[InputRequired(message="Select the agreed frequency")],
    )
    supervision_type = RadioField(
        "Type of supervision",
        widget=GovRadioInput(),
        choices=_choices(SupervisionType),
        default=SupervisionType.INDIVIDUAL.value,
        validators=[InputRequired(message="Select the type of supervision")],
    )
    starts_on = DateInputField("Starts on", validators=[InputRequired(message="Enter the date the agreement starts")])
    review_on = DateInputField("Review by", validators=[InputRequired(message="Enter the date of the review")])
    signed_by_supervisor = BooleanField("Signed by the supervisor", widget=GovCheckboxInput())
    signed_by_supervisee = BooleanField("Signed by the supervisee", widget=GovCheckboxInput())
    submit = SubmitField("Save agreement", widget=GovSubmitInput())


class DrawSampleForm(GovForm):
    quarter = DateInputField(
        "A date in the quarter to sample",
        description="For example, 1 10 2026 for October to December 2026",
        validators=[InputRequired(message="Enter a date in the quarter to sample")],
    )
    per_team = IntegerField(
        "Workers to sample at random in each team",
        widget=GovTextInput(),
        default=2,
        validators=[InputRequired(message="Enter how many workers to sample in each team"), NumberRange(min=0, max=20)],
    )
    named = SelectMultipleField(
        "Workers named by case-audit concerns", widget=GovCheckboxesInput(), coerce=int, choices=[]
    )
    named_because = StringField(
        "The concern that named them", widget=GovTextInput(), validators=[Optional(), Length(max=500)]
    )
    submit = SubmitField("Draw the sample", widget=GovSubmitInput())

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.named.data and not (self.named_because.data or "").strip():
            self.named_because.errors = [*self.named_because.errors, "Enter the concern that named the workers"]
            valid = False
        return valid


class ChecklistForm(GovForm):
    questions = TextAreaField(
        "Questions, one on each line",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter at least one question"), Length(max=5000)],
    )
    submit = SubmitField("Publish a new version", widget=GovSubmitInput())


def quality_audit_form(questions: list[str]) -> FlaskForm:
    """A form with one Yes / Partly / No question per checklist line, then the grade, findings and actions."""

    class QualityAuditForm(GovForm):
        grade = RadioField(
            "Grade",
            widget=GovRadioInput(),
            choices=_choices(Grade),
            validators=[InputRequired(message="Select the grade")],
        )
        findings = TextAreaField("Findings", widget=GovTextArea(), validators=[Optional(), Length(max=5000)])
        actions = TextAreaField("Actions", widget=GovTextArea(), validators=[Optional(), Length(max=5000)])
        submit = SubmitField("Save the audit", widget=GovSubmitInput())

        def answer_fields(self):
            return [getattr(self, f"question_{number}") for number in range(1, len(questions) + 1)]

    for number, question in enumerate(questions, start=1):
        setattr(
            QualityAuditForm,
            f"question_{number}",
            RadioField(
                question,
                widget=GovRadioInput(),
                choices=_choices(Answer),
                validators=[InputRequired(message=f"Answer question {number}: {question}")],
            ),
        )
    return QualityAuditForm()
