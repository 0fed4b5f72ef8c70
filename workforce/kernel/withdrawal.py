"""The form that withdraws a record made in error: the record is kept (nothing is deleted), marked withdrawn
with the reason, and stops counting; the reason goes into the audit trail."""

from collections.abc import Callable

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from workforce.kernel.confirm import Consequence, ask_to_confirm, confirmed
from workforce.kernel.forms import save_or_show

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


def withdraw_when_confirmed(
    form: WithdrawalForm,
    *,
    title: str,
    caption: str,
    record: list[Consequence],
    effect: Consequence,
    warning: str,
    button: str,
    back: str,
    withdraw: Callable[[], object],
    refused: type[Exception],
    saved: str,
):
    """The two steps of every withdrawal once its form is valid: a confirmation page showing the record, the
    reason and what changes, then the withdrawal saved (`save_or_show`). The response, or None when the form
    is to be shown again with a refusal."""
    if not confirmed():
        return ask_to_confirm(
            title,
            caption=caption,
            consequences=[*record, Consequence("Reason for withdrawing", form.reason.data.strip()), effect],
            warning=warning,
            button=button,
            cancel_url=back,
        )
    return save_or_show(form, withdraw, refused=refused, saved=saved, then=back)
