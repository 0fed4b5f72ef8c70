"""A person's choice of how often they get reminders."""

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from workforce.kernel.forms import GovForm
from workforce.kernel.notifications.constants import DigestFrequency


class ChooseDigestForm(GovForm):
    frequency = RadioField(
        "How do you want your reminders?",
        widget=GovRadioInput(),
        choices=[(frequency.value, frequency.label) for frequency in DigestFrequency],
        validators=[InputRequired(message="Select how often you want your reminders")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())
