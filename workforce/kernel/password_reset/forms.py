"""Asking for a reset link, and choosing the new password."""

from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from workforce.kernel.forms import GovForm


class RequestResetForm(GovForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter your email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Email(message="Enter an email address in the correct format, like name@example.gov.uk"),
        ],
    )
    submit = SubmitField("Send a reset link", widget=GovSubmitInput())


class ResetPasswordForm(GovForm):
    new_password = PasswordField(
        "New password",
        description="Use 12 characters or more. A few unrelated words make a strong password.",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter a new password")],
    )
    confirm_password = PasswordField(
        "Confirm new password",
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message="Enter the new password again"),
            EqualTo("new_password", message="The passwords do not match"),
        ],
    )
    submit = SubmitField("Set new password", widget=GovSubmitInput())
