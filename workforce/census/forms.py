"""The pay and incentive items form, and the export choices."""

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovRadioInput, GovSelect, GovSubmitInput, GovTextArea
from wtforms import BooleanField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from workforce.census.constants import NO_ALL_SOME, PAY_ITEMS
from workforce.kernel.forms import GovForm


def _pay_field(label: str) -> RadioField:
    return RadioField(
        label,
        widget=GovRadioInput(),
        choices=list(NO_ALL_SOME.items()),
        validators=[InputRequired(message=f"Select whether the council offers: {label.lower()}")],
    )


class PayItemsForm(GovForm):
    RecruitmentBonus = _pay_field(PAY_ITEMS["RecruitmentBonus"])
    RetentionBonus = _pay_field(PAY_ITEMS["RetentionBonus"])
    PerformanceAward = _pay_field(PAY_ITEMS["PerformanceAward"])
    CarAllowance = _pay_field(PAY_ITEMS["CarAllowance"])
    RelocationPackage = _pay_field(PAY_ITEMS["RelocationPackage"])
    RegionalWeighting = _pay_field(PAY_ITEMS["RegionalWeighting"])
    CostSWE = _pay_field(PAY_ITEMS["CostSWE"])
    CostDBS = _pay_field(PAY_ITEMS["CostDBS"])
    OtherAllowances = TextAreaField(
        "Other allowances",
        description="Describe any other allowances, or write None.",
        widget=GovTextArea(),
        validators=[
            InputRequired(message="Enter the other allowances, or None"),
            Length(max=500, message="Other allowances must be 500 characters or fewer"),
        ],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class YearForm(GovForm):
    class Meta:
        csrf = False

    year = SelectField("Census year (at 30 September)", widget=GovSelect(), choices=[], coerce=int)
    submit = SubmitField("Show", widget=GovSubmitInput())


class WorkbookForm(GovForm):
    """Only the CSRF token: the page's button asks for the Excel copy of the year in the address."""


class ExportForm(GovForm):
    with_errors = BooleanField("Export with errors (the file will say it has errors)", widget=GovCheckboxInput())
    download = SubmitField("Make the return (XML)", widget=GovSubmitInput())
