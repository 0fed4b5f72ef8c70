"""Forms of the early-career, practice educator, placement and CPD pages."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from academy.constants import (
    CpdType,
    EarlyCareerOutcome,
    EarlyCareerProgramme,
    EducatorStage,
    FinalRecommendation,
    PlacementOutcome,
    ReviewOutcome,
)
from workforce.kernel.forms import DateInputField, GovForm, NotInFuture

#: CPD records what was done: Social Work England counts it towards renewal only once it has happened.
CPD_IN_FUTURE = "The date of the CPD must be today or in the past"


def _date(label: str, message: str, required: bool = True) -> DateInputField:
    return DateInputField(
        label,
        description="For example, 1 9 2026",
        validators=[InputRequired(message=message)] if required else [Optional()],
    )


class EarlyCareerForm(GovForm):
    staff_id = SelectField(
        "Newly qualified social worker",
        widget=GovSelect(),
        coerce=int,
        choices=[],
        validators=[InputRequired(message="Select the newly qualified social worker")],
    )
    programme = RadioField(
        "Programme",
        description="Leave unselected to use the programme in force on the start date",
        widget=GovRadioInput(),
        choices=[(p.value, p.label) for p in EarlyCareerProgramme],
        validators=[Optional()],
    )
    start_date = _date("Start date", "Enter the start date")
    assessor_id = SelectField("Assessor", widget=GovSelect(), coerce=int, choices=[], validators=[Optional()])
    supervisor_id = SelectField("Supervisor", widget=GovSelect(), coerce=int, choices=[], validators=[Optional()])
    learning_agreement_on = _date("Learning agreement date (optional)", "", required=False)
    protected_time_percent = IntegerField(
        "Protected development time (% of the week)",
        default=10,
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the protected development time"),
            NumberRange(min=0, max=100, message="Enter a percentage from 0 to 100"),
        ],
    )
    submit = SubmitField("Save record", widget=GovSubmitInput())


class PauseForm(GovForm):
    start_date = _date("First day of the pause", "Enter the first day of the pause")
    end_date = _date("Last day of the pause", "Enter the last day of the pause")
    reason = StringField("Reason (optional)", widget=GovTextInput(), validators=[Optional(), Length(max=300)])
    submit = SubmitField("Add pause", widget=GovSubmitInput())


class ReviewForm(GovForm):
    month = SelectField(
        "Review", widget=GovSelect(), coerce=int, choices=[], validators=[InputRequired(message="Select the review")]
    )
    held_on = _date("Date held", "Enter the date the review was held")
    outcome = RadioField(
        "Outcome",
        widget=GovRadioInput(),
        choices=[(o.value, o.label) for o in ReviewOutcome],
        validators=[InputRequired(message="Select the outcome of the review")],
    )
    notes = TextAreaField("Notes (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=4000)])
    submit = SubmitField("Save review", widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A review is recorded once it has been held.
        self.held_on.validators = [*self.held_on.validators, NotInFuture(REVIEW_HELD_IN_FUTURE)]


#: The one wording for a review dated after today, on the form and from the service.
REVIEW_HELD_IN_FUTURE = "The date the review was held must be today or in the past"


class ReviewCorrectionForm(ReviewForm):
    """Correcting a review already held: its point stays, its date, outcome and notes change."""

    month = None
    submit = SubmitField("Save changes", widget=GovSubmitInput())


class OutcomeForm(GovForm):
    final_recommendation = SelectField(
        "Final recommendation",
        widget=GovSelect(),
        choices=[("", "Not yet made")] + [(r.value, r.label) for r in FinalRecommendation],
        validators=[Optional()],
    )
    recommendation_on = _date("Date of the recommendation (optional)", "", required=False)
    outcome = SelectField(
        "Outcome",
        widget=GovSelect(),
        choices=[("", "Not yet decided")] + [(o.value, o.label) for o in EarlyCareerOutcome],
        validators=[Optional()],
    )
    outcome_on = _date("Date of the outcome (optional)", "", required=False)
    submit = SubmitField("Save", widget=GovSubmitInput())


class PracticeEducatorForm(GovForm):
    staff_id = SelectField(
        "Person", widget=GovSelect(), coerce=int, choices=[], validators=[InputRequired(message="Select the person")]
    )
    stage = RadioField(
        "Stage",
        widget=GovRadioInput(),
        coerce=int,
        choices=[(s.value, s.label) for s in EducatorStage],
        validators=[InputRequired(message="Select the stage")],
    )
    qualified_on = _date("Date qualified (optional)", "", required=False)
    submit = SubmitField("Save practice educator", widget=GovSubmitInput())


class PlacementForm(GovForm):
    student_name = StringField(
        "Student's name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the student's name"), Length(max=160)],
    )
    university = StringField(
        "University", widget=GovTextInput(), validators=[InputRequired(message="Enter the university"), Length(max=160)]
    )
    educator_id = SelectField(
        "Practice educator",
        widget=GovSelect(),
        coerce=int,
        choices=[],
        validators=[InputRequired(message="Select the practice educator")],
    )
    start_date = _date("Start date", "Enter the start date")
    end_date = _date("End date", "Enter the end date")
    days = IntegerField(
        "Placement days",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the placement days"),
            NumberRange(min=1, max=200, message="Enter days from 1 to 200"),
        ],
    )
    outcome = SelectField(
        "Outcome",
        widget=GovSelect(),
        choices=[("", "Not yet known")] + [(o.value, o.label) for o in PlacementOutcome],
        validators=[Optional()],
    )
    submit = SubmitField("Save placement", widget=GovSubmitInput())


class CpdForm(GovForm):
    cpd_type = RadioField(
        "Type of CPD",
        widget=GovRadioInput(),
        choices=[(t.value, t.label) for t in CpdType],
        validators=[InputRequired(message="Select the type of CPD")],
    )
    recorded_on = DateInputField(
        "Date",
        description="For example, 1 9 2026",
        validators=[
            InputRequired(message="Enter the date of the CPD"),
            NotInFuture(CPD_IN_FUTURE),
        ],
    )
    learning = TextAreaField(
        "What did you learn?",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter what you learnt"), Length(max=4000)],
    )
    impact = TextAreaField(
        "What impact has it had on your practice?",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter the impact on your practice"), Length(max=4000)],
    )
    peer_reflection = BooleanField("I reflected on this with a peer", widget=GovCheckboxInput())
    peer_reflection_notes = TextAreaField(
        "About the peer reflection (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=4000)]
    )
    submit = SubmitField("Save CPD record", widget=GovSubmitInput())
