"""Forms to create API tokens, for oneself or (administrators) for any user."""

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from workforce.api.constants import TOKEN_LIFETIMES
from workforce.kernel.forms import GovForm


class CreateTokenForm(GovForm):
    name = StringField(
        "What is the token for?",
        description="For example, Power BI workforce dashboard. You will see this in the list of tokens.",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter what the token is for"),
            Length(max=120, message="What the token is for must be 120 characters or fewer"),
        ],
    )
    scopes = SelectMultipleField(
        "What can the token do?",
        description="The token never sees more than its user can see in WPQ.",
        widget=GovCheckboxesInput(),
        choices=[],
        validators=[InputRequired(message="Select what the token can do")],
    )
    lifetime = RadioField(
        "How long should the token last?",
        widget=GovRadioInput(),
        choices=[(str(days), f"{days} days") for days in TOKEN_LIFETIMES],
        default="90",
        validators=[InputRequired(message="Select how long the token should last")],
    )
    submit = SubmitField("Create token", widget=GovSubmitInput())


class CreateTokenForUserForm(CreateTokenForm):
    user = SelectField(
        "Whose token is it?",
        description="The token acts as this user: their role and teams decide what it can see.",
        widget=GovSelect(),
        coerce=int,
        choices=[],
        validators=[InputRequired(message="Select the user the token is for")],
    )
