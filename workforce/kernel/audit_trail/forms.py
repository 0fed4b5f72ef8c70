"""The audit trail filter."""

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from workforce.kernel.forms import DateInputField, GovForm


class AuditTrailFilterForm(GovForm):
    class Meta:
        csrf = False

    record_type = SelectField("Kind of record", widget=GovSelect(), choices=[], validators=[Optional()])
    record_id = StringField("Record number", widget=GovTextInput(), validators=[Optional(), Length(max=60)])
    action = SelectField("Action", widget=GovSelect(), choices=[], validators=[Optional()])
    actor = StringField("Changed by", widget=GovTextInput(), validators=[Optional(), Length(max=100)])
    date_from = DateInputField("From", error_name="The first date", description="For example, 1 4 2026")
    date_to = DateInputField("To", error_name="The last date", description="For example, 30 4 2026")
    submit = SubmitField("Filter", widget=GovSubmitInput())
