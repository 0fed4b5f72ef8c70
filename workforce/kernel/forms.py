"""Form fields shared by every module, with GOV.UK error wording."""

from datetime import date, datetime

from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import Field, ValidationError


class IsoDateField(Field):
    """A date typed as YYYY-MM-DD (used in filters, where one box is quicker than three)."""

    widget = GovTextInput()

    def __init__(self, label=None, validators=None, message="Enter a real date in the format YYYY-MM-DD", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.message = message

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.data.isoformat() if self.data else ""

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not valuelist[0].strip():
            return
        try:
            self.data = datetime.strptime(valuelist[0].strip(), "%Y-%m-%d").date()
        except ValueError:
            raise ValidationError(self.message) from None

    def process_data(self, value):
        self.data = value if isinstance(value, date) else None
