"""The form that withdraws a record made in error: the record is kept (nothing is deleted), marked withdrawn
with the reason, and stops counting; the reason goes into the audit trail."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

#: Long enough for "recorded against the wrong person, see ticket ..."; the audit trail keeps it.
REASON_MAX = 500


class WithdrawalForm(FlaskForm):
    reason = TextAreaField(
        "Why is this being withdrawn?",
        widget=GovTextArea(),
        description="For example, recorded against the wrong person. The reason is kept in the audit trail.",
        validators=[
            InputRequired(message="Enter why this is being withdrawn"),
            Length(max=REASON_MAX, message=f"The reason must be {REASON_MAX} characters or fewer"),
        ],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())
