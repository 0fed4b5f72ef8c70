"""A user's own password change."""

from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput
from wtforms import PasswordField, SubmitField, ValidationError
from wtforms.validators import EqualTo, InputRequired

from workforce.kernel import passwords
from workforce.kernel.forms import GovForm


class ChangePasswordForm(GovForm):
    current_password = PasswordField(
        "Current password",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter your current password")],
    )
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
    submit = SubmitField("Change password", widget=GovSubmitInput())

    def validate_current_password(self, field):
        if not passwords.verify_password(current_user.password_hash, field.data):
            raise ValidationError("Your current password is not correct")

    def validate_new_password(self, field):
        problem = passwords.password_problem(field.data, email=current_user.email, name=current_user.name)
        if problem:
            raise ValidationError(problem)
