"""The audit trail filter."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from workforce.kernel.forms import IsoDateField


class AuditTrailFilterForm(FlaskForm):
    class Meta:
        csrf = False

    record_type = SelectField("Kind of record", widget=GovSelect(), choices=[], validators=[Optional()])
    record_id = StringField("Record number", widget=GovTextInput(), validators=[Optional(), Length(max=60)])
    action = SelectField("Action", widget=GovSelect(), choices=[], validators=[Optional()])
    actor = StringField("Changed by", widget=GovTextInput(), validators=[Optional(), Length(max=100)])
    date_from = IsoDateField("From", description="For example, 2026-04-01")
    date_to = IsoDateField("To", description="For example, 2026-04-30")
    submit = SubmitField("Filter", widget=GovSubmitInput())
