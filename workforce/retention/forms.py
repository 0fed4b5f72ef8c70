"""Forms for leaver checklists, exit interviews and stay interviews."""

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput, GovSelect, GovSubmitInput, GovTextArea
from wtforms import RadioField, SelectField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from workforce.kernel.forms import DateInputField, GovForm
from workforce.retention.constants import ExitOutcome, ExitTheme

DATE_HINT = "For example, 27 3 2026"


class LeaverChecklistForm(GovForm):
    cases_reallocated_on = DateInputField("Cases reallocated on", description=DATE_HINT, validators=[Optional()])
    equipment_returned_on = DateInputField("Equipment returned on", description=DATE_HINT, validators=[Optional()])
    exit_interview_offered_on = DateInputField(
        "Exit interview offered on", description=DATE_HINT, validators=[Optional()]
    )
    submit = SubmitField("Save checklist", widget=GovSubmitInput())


class ExitInterviewForm(GovForm):
    held_on = DateInputField(
        "Date of the exit interview",
        description=DATE_HINT,
        validators=[InputRequired(message="Enter the date of the exit interview")],
    )
    themes = SelectMultipleField(
        "Why are they leaving?",
        widget=GovCheckboxesInput(),
        choices=[(theme.value, theme.label) for theme in ExitTheme],
        validators=[InputRequired(message="Select at least one theme")],
    )
    comments = TextAreaField("What they said", widget=GovTextArea(), validators=[Optional(), Length(max=5000)])
    outcome = RadioField(
        "Outcome",
        widget=GovRadioInput(),
        choices=[(outcome.value, outcome.label) for outcome in ExitOutcome],
        validators=[InputRequired(message="Select the outcome")],
    )
    submit = SubmitField("Save exit interview", widget=GovSubmitInput())


class StayInterviewForm(GovForm):
    staff = SelectField(
        "Who", widget=GovSelect(), coerce=int, choices=[], validators=[InputRequired(message="Select the person")]
    )
    held_on = DateInputField(
        "Date of the stay interview",
        description=DATE_HINT,
        validators=[InputRequired(message="Enter the date of the stay interview")],
    )
    what_keeps_you = TextAreaField(
        "What keeps them here",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter what keeps them here"), Length(max=5000)],
    )
    what_might_make_you_leave = TextAreaField(
        "What might make them leave",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter what might make them leave"), Length(max=5000)],
    )
    agreed_actions = TextAreaField("Agreed actions", widget=GovTextArea(), validators=[Optional(), Length(max=5000)])
    submit = SubmitField("Save stay interview", widget=GovSubmitInput())


class PeriodForm(GovForm):
    class Meta:
        csrf = False

    start = DateInputField("From", error_name="The first date", description=DATE_HINT, validators=[Optional()])
    end = DateInputField("To", error_name="The last date", description=DATE_HINT, validators=[Optional()])
