"""Forms administrators use to manage user accounts."""

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import HiddenField, PasswordField, RadioField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from workforce.kernel import passwords
from workforce.kernel.forms import GovForm
from workforce.kernel.roles import Role


def role_choices():
    return [(role.value, role.label) for role in Role]


class UserForm(GovForm):
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the user's full name"),
            Length(max=160, message="Name must be 160 characters or fewer"),
        ],
    )
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter the user's email address"),
            Email(
                message="Enter an email address in the correct format, like name@example.gov.uk",
                check_deliverability=False,
            ),
            Length(max=254),
        ],
    )
    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=role_choices(),
        validators=[InputRequired(message="Select the user's role")],
    )
    teams = SelectMultipleField(
        "Teams",
        description="A team manager manages every team selected. Anyone else belongs to one team at most.",
        widget=GovCheckboxesInput(),
        coerce=int,
        choices=[],
        validate_choice=True,
    )
    submit = SubmitField("Save user", widget=GovSubmitInput())
    #: The record's version when the form was opened (optimistic locking).
    version = HiddenField()


class NewUserForm(UserForm):
    password = PasswordField(
        "Initial password",
        description="12 characters or more. Give it to the user in person; they can change it in their account.",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter an initial password")],
    )
    submit = SubmitField("Create user", widget=GovSubmitInput())

    def validate_password(self, field):
        problem = passwords.password_problem(field.data, email=self.email.data, name=self.name.data)
        if problem:
            raise ValidationError(problem)


class SetPasswordForm(GovForm):
    password = PasswordField(
        "New password",
        description="12 characters or more. The user's other sessions end.",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter a new password")],
    )
    submit = SubmitField("Set password", widget=GovSubmitInput())

    def validate_password(self, field):
        problem = passwords.password_problem(field.data)
        if problem:
            raise ValidationError(problem)


class UserFilterForm(GovForm):
    class Meta:
        csrf = False

    search = StringField("Name or email", widget=GovTextInput(), validators=[Optional(), Length(max=100)])
    role = SelectField(
        "Role", widget=GovSelect(), choices=[("", "All roles"), *role_choices()], validators=[Optional()]
    )
    submit = SubmitField("Filter", widget=GovSubmitInput())
