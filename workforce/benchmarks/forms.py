"""Choosing the council to compare."""

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput
from wtforms import SelectField, SubmitField
from wtforms.validators import InputRequired

from workforce.kernel.forms import GovForm


class CouncilForm(GovForm):
    la_code = SelectField(
        "Your council",
        description="WPQ compares your figures with this council's published figures, its region and its "
        "statistical neighbours.",
        widget=GovSelect(),
        choices=[],
        validators=[InputRequired(message="Select your council")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class YearForm(GovForm):
    class Meta:
        csrf = False

    year = SelectField("Census year (at 30 September)", widget=GovSelect(), choices=[], coerce=int)
    submit = SubmitField("Show", widget=GovSubmitInput())
