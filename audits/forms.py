"""Forms for programmes, audits, actions, concerns, moderation, grade scales and templates."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import IntegerField, RadioField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from audits.constants import Answer, AuditType, ProgrammePeriod, QuestionKind, QuotaBasis, SamplingMethod
from audits.models import CaseAudit, GradeScale
from workforce.kernel.forms import DateInputField, GovForm, NotInFuture, VersionField

DATE_HINT = "For example, 30 4 2026"


def _choices(enum_type):
    return [(member.value, member.label) for member in enum_type]


class ProgrammeForm(GovForm):
    name = StringField(
        "Programme name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the programme name"), Length(max=160)],
    )
    period = RadioField(
        "Period",
        widget=GovRadioInput(),
        choices=_choices(ProgrammePeriod),
        validators=[InputRequired(message="Select the period")],
    )
    start_date = DateInputField(
        "First day", description=DATE_HINT, validators=[InputRequired(message="Enter the first day")]
    )
    end_date = DateInputField(
        "Last day", description=DATE_HINT, validators=[InputRequired(message="Enter the last day")]
    )
    due_date = DateInputField(
        "Audits due by", description=DATE_HINT, validators=[InputRequired(message="Enter the date audits are due")]
    )
    audit_type = SelectField(
        "Type of audit",
        widget=GovSelect(),
        choices=_choices(AuditType),
        validators=[InputRequired(message="Select the type of audit")],
    )
    quota_basis = RadioField(
        "Quota",
        widget=GovRadioInput(),
        choices=_choices(QuotaBasis),
        validators=[InputRequired(message="Select the quota")],
    )
    quota = IntegerField(
        "Number of cases",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the number of cases"),
            NumberRange(min=1, max=100, message="Enter a number from 1 to 100"),
        ],
    )
    sampling_method = RadioField(
        "Sampling",
        widget=GovRadioInput(),
        choices=_choices(SamplingMethod),
        validators=[InputRequired(message="Select how to sample")],
    )
    sampling_value = StringField(
        "Theme to sample on",
        description="For a case type, its code (CP, CIN, CLA, CL, EH, OTHER); for a team, its name; for a worker, "
        "their employee number.",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=120)],
    )
    submit = SubmitField("Create programme", widget=GovSubmitInput())

    #: The first day, when the form does not offer it (a programme whose sample has been drawn).
    fixed_start_date = None

    def validate_end_date(self, field):
        start = self.start_date.data if "start_date" in self._fields else self.fixed_start_date
        if start is not None and field.data is not None and field.data < start:
            raise ValidationError("The end of the programme must be on or after its start")


class SampleForm(GovForm):
    auditors = SelectMultipleField("Auditors", widget=GovCheckboxesInput(), coerce=int, choices=[])
    cases = TextAreaField(
        "Cases entered by hand",
        description="One case a line: case reference, case type code, team name, and optionally the worker's "
        "employee number. For example: CR104233, CP, Assessment Team 1",
        widget=GovTextArea(),
    )
    submit = SubmitField("Sample and allocate", widget=GovSubmitInput())


class ReallocateForm(GovForm):
    auditor = SelectField("Auditor", widget=GovSelect(), coerce=int, choices=[])
    due_date = DateInputField("Due by", description=DATE_HINT, validators=[InputRequired(message="Enter the due date")])
    own_team_reason = TextAreaField(
        "Reason for an auditor from the case's own team",
        description="Needed only when the auditor works in the team that holds the case.",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=500)],
    )
    submit = SubmitField("Allocate", widget=GovSubmitInput())


class ActionForm(GovForm):
    description = TextAreaField(
        "Action", widget=GovTextArea(), validators=[InputRequired(message="Enter the action"), Length(max=500)]
    )
    owner = SelectField(
        "Owner", widget=GovSelect(), coerce=int, choices=[], validators=[InputRequired(message="Select the owner")]
    )
    due_date = DateInputField("Due by", description=DATE_HINT, validators=[InputRequired(message="Enter the due date")])
    submit = SubmitField("Add action", widget=GovSubmitInput())


class CompleteActionForm(GovForm):
    evidence = TextAreaField(
        "Evidence", widget=GovTextArea(), validators=[InputRequired(message="Enter the evidence the action was done")]
    )
    completed_on = DateInputField(
        "Date completed", description=DATE_HINT, validators=[InputRequired(message="Enter the date completed")]
    )
    submit = SubmitField("Complete action", widget=GovSubmitInput())


class ConcernForm(GovForm):
    description = TextAreaField(
        "What is the concern?",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter the safeguarding concern")],
    )
    submit = SubmitField("Alert the head of service", widget=GovSubmitInput())


class ConcernResponseForm(GovForm):
    response = TextAreaField(
        "Response", widget=GovTextArea(), validators=[InputRequired(message="Enter the response to the concern")]
    )
    submit = SubmitField("Record response", widget=GovSubmitInput())


class ModerationSampleForm(GovForm):
    start_date = DateInputField(
        "Audits dated from", description=DATE_HINT, validators=[InputRequired(message="Enter the first date")]
    )
    end_date = DateInputField(
        "Audits dated to", description=DATE_HINT, validators=[InputRequired(message="Enter the last date")]
    )
    percent = IntegerField(
        "Percentage to moderate",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the percentage"),
            NumberRange(min=1, max=100, message="Enter a number from 1 to 100"),
        ],
    )
    include_extremes = SelectField(
        "Also moderate every inadequate and outstanding audit",
        widget=GovSelect(),
        choices=[("yes", "Yes"), ("no", "No")],
    )
    submit = SubmitField("Select audits for moderation", widget=GovSubmitInput())


class ScaleForm(GovForm):
    labels = TextAreaField(
        "Grades, best first",
        description="One grade a line.",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter the grades")],
    )
    good_or_better = IntegerField(
        "How many of the top grades count as good or better",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter how many grades count as good or better")],
    )
    publish_scale = SubmitField("Publish a new scale version", widget=GovSubmitInput())


class TemplateForm(GovForm):
    text = TextAreaField(
        "Domains and questions",
        description='A domain on its own line; under it, "- question" for a yes, partly or no answer and '
        '"? question" for an answer in words.',
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter the domains and questions")],
        render_kw={"rows": 20},
    )
    publish_template = SubmitField("Publish a new template version", widget=GovSubmitInput())


class ThemeForm(GovForm):
    name = StringField(
        "Theme", widget=GovTextInput(), validators=[InputRequired(message="Enter the theme"), Length(max=120)]
    )
    add_theme = SubmitField("Add theme", widget=GovSubmitInput())


def _grade_choices(scale: GradeScale) -> list[tuple[str, str]]:
    return [("", "Not graded yet")] + [(str(level.id), level.label) for level in scale.levels]


def audit_record_form(audit: CaseAudit, themes, formdata=None) -> FlaskForm:
    """The audit form for this audit's template and scale version: one grade per domain, its questions."""

    class AuditRecordForm(GovForm):
        #: The record's version when the form was opened (optimistic locking).
        version = VersionField()
        audit_date = DateInputField(
            "Date of the audit",
            description=DATE_HINT,
            validators=[NotInFuture("The date of the audit must be today or in the past")],
        )
        period_from = DateInputField("Period reviewed from", description=DATE_HINT)
        period_to = DateInputField("Period reviewed to", description=DATE_HINT)
        overall_grade = SelectField(
            "Overall grade", widget=GovSelect(), choices=_grade_choices(audit.scale), default=""
        )
        strengths = TextAreaField("Strengths", widget=GovTextArea())
        areas_for_development = TextAreaField("Areas for development", widget=GovTextArea())
        practitioner_conversation = TextAreaField("Conversation with the practitioner", widget=GovTextArea())
        practitioner_comments = TextAreaField("Practitioner's comments", widget=GovTextArea())
        family_feedback = TextAreaField("Child or family feedback (optional)", widget=GovTextArea())
        themes_found = SelectMultipleField(
            "Themes in the findings", widget=GovCheckboxesInput(), coerce=int, choices=[(t.id, t.name) for t in themes]
        )
        save = SubmitField("Save and continue later", widget=GovSubmitInput())
        submit = SubmitField("Submit audit", widget=GovSubmitInput())

        def validate(self, extra_validators=None) -> bool:
            """Check everything in one pass: what was typed wrongly and, on submitting, every answer still
            missing, so the error summary lists them all at once."""
            valid = super().validate(extra_validators)
            problems = []
            if self.period_from.data and self.period_to.data and self.period_to.data < self.period_from.data:
                problems.append(("period_to", "The end of the period reviewed must be on or after its start"))
            if self.submit.data:
                if self.audit_date.data is None and not self.audit_date.errors:
                    problems.append(("audit_date", "Enter the date of the audit"))
                if not self.overall_grade.data:
                    problems.append(("overall_grade", "Select the overall grade"))
                for domain, grade_name, _questions in self.sections:
                    if not self[grade_name].data:
                        problems.append((grade_name, f"Select a grade for {domain.title}"))
                if not (self.practitioner_conversation.data or "").strip():
                    problems.append(
                        ("practitioner_conversation", "Enter a summary of the conversation with the practitioner")
                    )
            for name, message in problems:
                self[name].errors = [*self[name].errors, message]
            return valid and not problems

    sections = []
    for domain in audit.template.domains:
        grade_name = f"domain_{domain.id}"
        setattr(
            AuditRecordForm,
            grade_name,
            SelectField(
                f"Grade for {domain.title}", widget=GovSelect(), choices=_grade_choices(audit.scale), default=""
            ),
        )
        question_names = []
        for question in domain.questions:
            name = f"question_{question.id}"
            if question.kind is QuestionKind.YES_PARTLY_NO:
                field = RadioField(
                    question.text,
                    widget=GovRadioInput(),
                    choices=[(answer.value, answer.label) for answer in Answer],
                    validators=[Optional()],
                )
            else:
                field = TextAreaField(question.text, widget=GovTextArea())
            setattr(AuditRecordForm, name, field)
            question_names.append(name)
        sections.append((domain, grade_name, question_names))

    form = AuditRecordForm(formdata=formdata) if formdata is not None else AuditRecordForm()
    form.sections = sections
    return form


def moderation_form(audit: CaseAudit) -> FlaskForm:
    """The moderator's grades: nothing is chosen in advance, so an untouched form records nothing (agreeing
    is choosing the same grade as the auditor)."""
    choices = [("", "Select a grade")] + [(str(level.id), level.label) for level in audit.scale.levels]

    class ModerationForm(GovForm):
        overall_grade = SelectField(
            "Moderated overall grade",
            widget=GovSelect(),
            choices=choices,
            default="",
            validators=[InputRequired(message="Select the moderated overall grade")],
        )
        reason = TextAreaField("Reason for any change", widget=GovTextArea())
        submit = SubmitField("Record moderation", widget=GovSubmitInput())

    names = []
    for grade in audit.domain_grades:
        name = f"domain_{grade.domain_id}"
        setattr(
            ModerationForm,
            name,
            SelectField(
                f"Moderated grade for {grade.domain.title}",
                description=f"Auditor's grade: {grade.grade.label if grade.grade else 'none'}",
                widget=GovSelect(),
                choices=choices,
                default="",
                validators=[InputRequired(message=f"Select the moderated grade for {grade.domain.title}")],
            ),
        )
        names.append(name)
    form = ModerationForm()
    form.domain_names = names
    return form
