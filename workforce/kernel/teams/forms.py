"""Team forms."""

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovSubmitInput, GovTextInput
from wtforms import HiddenField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from workforce.kernel.forms import GovForm


class TeamForm(GovForm):
    name = StringField(
        "Team name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the team name"), Length(max=120)],
    )
    service_area = StringField(
        "Service area",
        description="For example, Children in care. A new name creates the service area.",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the service area"), Length(max=120)],
    )
    managers = SelectMultipleField(
        "Team managers", widget=GovCheckboxesInput(), coerce=int, choices=[], validate_choice=True
    )
    submit = SubmitField("Save team", widget=GovSubmitInput())
    #: The team's version when the form was opened (optimistic locking).
    version = HiddenField()
