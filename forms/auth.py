"""Signing in."""

from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import InputRequired, Length, Regexp

from forms.fields import AppForm


class SignInForm(AppForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        filters=[lambda value: value.strip() if value else value],
        validators=[
            InputRequired("Enter your email address"),
            Length(max=320, message="Enter an email address of 320 characters or fewer"),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                   message="Enter an email address in the correct format, like "
                           "name@example.gov.uk"),
        ],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[InputRequired("Enter your password")],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())
