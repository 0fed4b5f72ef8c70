"""Forms for going live: the council's settings, the first administrator, linking and provisioning accounts."""

from __future__ import annotations

from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovFileInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    DecimalField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, ValidationError

from workforce.kernel import passwords
from workforce.kernel.forms import GovForm


class CouncilForm(GovForm):
    name = StringField(
        "Council name",
        description="As shown in the header, on exports and in the committee pack.",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the council's name"), Length(max=120)],
    )
    la_code = SelectField(
        "Your council in the DfE statistics",
        description="Its three-digit LA code goes on the census return and picks the region and statistical "
        "neighbours the benchmarks compare with.",
        widget=GovSelect(),
        choices=[],
        validators=[InputRequired(message="Select your council")],
    )
    caseload_threshold = DecimalField(
        "Caseload threshold (cases per FTE)",
        description="Default 18 for an experienced case-holding social worker; there is no national limit.",
        widget=GovTextInput(),
        places=None,
        validators=[
            InputRequired(message="Enter the caseload threshold"),
            NumberRange(min=1, max=100, message="Enter a threshold from 1 to 100"),
        ],
    )
    caseload_amber_from = DecimalField(
        "Amber from (cases per FTE)",
        description="Default 16: caseloads from this level are shown as near the threshold.",
        widget=GovTextInput(),
        places=None,
        validators=[
            InputRequired(message="Enter the amber level"),
            NumberRange(min=1, max=100, message="Enter an amber level from 1 to 100"),
        ],
    )
    submit = SubmitField("Save council settings", widget=GovSubmitInput())

    def validate_caseload_amber_from(self, field):
        if (
            field.data is not None
            and self.caseload_threshold.data is not None
            and field.data > self.caseload_threshold.data
        ):
            raise ValidationError("The amber level must be no more than the threshold")


class FirstRunForm(CouncilForm):
    admin_name = StringField(
        "Your full name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter your full name"), Length(max=160)],
    )
    admin_email = StringField(
        "Your work email address",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter your work email address"),
            Email(
                message="Enter an email address in the correct format, like name@example.gov.uk",
                check_deliverability=False,
            ),
            Length(max=254),
        ],
    )
    password = PasswordField(
        "Password",
        description="12 characters or more. Your account is a break-glass administrator: it keeps this password "
        "when everyone else signs in with their council account.",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter a password")],
    )
    submit = SubmitField("Set up WPQ", widget=GovSubmitInput())

    def validate_password(self, field):
        problem = passwords.password_problem(field.data, email=self.admin_email.data, name=self.admin_name.data)
        if problem:
            raise ValidationError(problem)


class LinkAccountForm(GovForm):
    account = RadioField(
        "Account",
        widget=GovRadioInput(),
        coerce=int,
        choices=[],
        validators=[InputRequired(message="Select the account to link")],
    )
    submit = SubmitField("Link account", widget=GovSubmitInput())


class UnlinkAccountForm(GovForm):
    submit = SubmitField("Unlink account", widget=GovSubmitInput(), render_kw={"class": "govuk-button--warning"})


class LinkMatchForm(GovForm):
    """One button per email match: links that staff record to that account."""

    submit = SubmitField("Link", widget=GovSubmitInput())


class ProvisionTeamForm(GovForm):
    class Meta:
        csrf = False

    team = SelectField("Team", widget=GovSelect(), choices=[], validators=[Optional()])
    submit = SubmitField("Show accounts", widget=GovSubmitInput())


class ProvisionForm(GovForm):
    staff = SelectMultipleField(
        "Accounts to create",
        description="Untick anyone who should not have an account yet.",
        widget=GovCheckboxesInput(),
        coerce=int,
        choices=[],
        validators=[InputRequired(message="Select at least one account to create")],
    )
    for_team = HiddenField()
    create_accounts = SubmitField("Create accounts", widget=GovSubmitInput())


class TeamsImportForm(GovForm):
    """The teams file, and the saved column mapping to read it through (WPQ's own layout by default)."""

    file = FileField("Excel or CSV file", widget=GovFileInput())
    mapping = SelectField("Layout of the file", widget=GovSelect(), choices=[("", "WPQ's own layout")], default="")
    submit = SubmitField("Check the file", widget=GovSubmitInput())


class ConfirmTeamsImportForm(GovForm):
    """The confirmation of a checked teams file: its kept upload and the mapping it was read through."""

    token = HiddenField()
    mapping = HiddenField()
