"""Choosing the council to compare."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput
from wtforms import SelectField, SubmitField
from wtforms.validators import InputRequired


class CouncilForm(FlaskForm):
    la_code = SelectField(
        "Your council",
        description="WPQ compares your figures with this council's published figures, its region and its "
        "statistical neighbours.",
        widget=GovSelect(),
        choices=[],
        validators=[InputRequired(message="Select your council")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class YearForm(FlaskForm):
    class Meta:
        csrf = False

    year = SelectField("Census year (at 30 September)", widget=GovSelect(), choices=[], coerce=int)
    submit = SubmitField("Show", widget=GovSubmitInput())
