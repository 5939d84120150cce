"""People: inviting someone, changing their account, and setting or resetting a password."""

from datetime import UTC, date, datetime

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovPasswordInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import PasswordField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Regexp,
    StopValidation,
    ValidationError,
)

from forms.fields import (
    AppForm,
    ChoiceRadioField,
    ChoiceSelectField,
    DateInputField,
    as_choices,
    strip,
)
from shopper.domain.deadlines import local_date
from shopper.domain.people import (
    KIND_HINTS,
    AccountKind,
    access_day_problem,
    has_control_characters,
    password_problem,
)

EMAIL_FORMAT = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
KIND_CHOICES = [(kind.value, kind.label) for kind in AccountKind]
NO_BLOCK = ("", "Choose a service block")


class PlainText:
    """Refuses characters no one types on purpose (NUL, tabs, line breaks)."""

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if field.data and has_control_characters(field.data):
            raise StopValidation(self.message)


def email_field(label: str, required: str, **kwargs) -> StringField:
    return StringField(
        label, widget=GovTextInput(), filters=[strip], validators=[
            DataRequired(required),
            PlainText("Enter an email address in the correct format, like name@example.gov.uk"),
            Length(max=320, message="Enter an email address of 320 characters or fewer"),
            Regexp(EMAIL_FORMAT, message="Enter an email address in the correct format, like "
                                         "name@example.gov.uk"),
        ], **kwargs)


class OptionalDateField(DateInputField):
    """A date that the form as a whole decides whether it needs."""

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()


class BlockCheckboxes(SelectMultipleField):
    """Checkboxes of service blocks; a made-up block gets a message that says what to do."""

    widget = GovCheckboxesInput()

    def pre_validate(self, form):
        offered = {value for value, *_ in self.iter_choices()}
        if any(value not in offered for value in self.data or ()):
            raise ValidationError("Select service blocks from the list")


# Made before the account's other fields so that it comes first on the page and in errors.
_INVITEE_EMAIL = email_field("Email address", "Enter the person's email address",
                             description="The invitation is sent here; they sign in with it")


class AccountForm(AppForm):
    """What a coordinator decides about anyone's account: name, kind, blocks and access."""

    name = StringField(
        "Full name", widget=GovTextInput(), filters=[strip],
        validators=[DataRequired("Enter the person's full name"),
                    PlainText("Enter the name with letters, spaces and punctuation only"),
                    Length(max=200, message="Enter a name of 200 characters or fewer")])
    kind = ChoiceRadioField(
        "What will they do in Shopper?", choices=KIND_CHOICES,
        invalid="Select what the person will do in Shopper",
        validators=[InputRequired("Select what the person will do in Shopper")])
    staff_block = ChoiceSelectField(
        "Service block they work in (members of staff only)",
        description="They will never be asked to shop their own block", default="",
        invalid="Select the service block from the list")
    led_blocks = BlockCheckboxes(
        "Service blocks they lead (team leads only)", choices=[],
        description="Select all that apply")
    access_until = OptionalDateField(
        "Last day of access (assessors only)",
        description="Their access ends by itself at midnight. For example, 31 3 2027",
        subject="The last day of access", required="Enter the last day of access")

    def __init__(self, *args, blocks: list[tuple[str, str]], kept_day: date | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        # An assessor's last day as it stands may stay, even once it has passed.
        self.kept_day = kept_day
        self.staff_block.choices = as_choices([NO_BLOCK, *blocks])
        self.led_blocks.choices = as_choices(blocks)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.kind.errors or self.kind.data is None:
            return False
        problems = [(field, message)
                    for field, message in self._kind_problems(AccountKind(self.kind.data))
                    if not field.errors]
        for field, message in problems:
            field.errors = [*field.errors, message]
        return valid and not problems

    def _kind_problems(self, kind: AccountKind) -> list[tuple]:
        """Each block or date given that the kind of account needs, or must not have."""
        problems = []
        if kind == AccountKind.STAFF and not self.staff_block.data:
            problems.append((self.staff_block, "Select the service block the member of staff "
                                               "works in"))
        if kind != AccountKind.STAFF and self.staff_block.data:
            problems.append((self.staff_block, "Only members of staff have a service block: "
                                               "leave it as ‘Choose a service block’"))
        if kind == AccountKind.TEAM_LEAD and not self.led_blocks.data:
            problems.append((self.led_blocks, "Select the service blocks the team lead leads"))
        if kind != AccountKind.TEAM_LEAD and self.led_blocks.data:
            problems.append((self.led_blocks, "Only team leads lead service blocks: clear "
                                              "these boxes"))
        day_problem = self._day_problem(kind, self.access_until.data)
        if day_problem:
            problems.append((self.access_until, day_problem))
        return problems

    def _day_problem(self, kind: AccountKind, day: date | None) -> str | None:
        if kind != AccountKind.ASSESSOR:
            return ("Only assessors have a last day of access: leave the date empty"
                    if day is not None else None)
        if day is None:
            return "Enter the last day of the assessor's access"
        if day == self.kept_day:
            return None
        return access_day_problem(day, local_date(datetime.now(UTC)))

    @staticmethod
    def kind_hints() -> list[dict]:
        """The hint under each kind of account, in the order of the radios."""
        return [{"hint": {"text": KIND_HINTS[kind]}} for kind in AccountKind]


class InviteForm(AccountForm):
    email = _INVITEE_EMAIL
    submit = SubmitField("Send invitation", widget=GovSubmitInput())


class ChangeAccountForm(AccountForm):
    submit = SubmitField("Save changes", widget=GovSubmitInput())


class ConfirmForm(AppForm):
    """A button that changes one thing: deactivate, reactivate, invite again."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())


class SetPasswordForm(AppForm):
    password = PasswordField(
        "Password", widget=GovPasswordInput(),
        description="At least 10 characters. A few words you will remember, like "
                    "‘teapot river window’, make a strong password",
        validators=[InputRequired("Enter a password")])
    confirm = PasswordField(
        "Enter the password again", widget=GovPasswordInput(),
        validators=[InputRequired("Enter the password again to confirm it")])
    submit = SubmitField("Set password", widget=GovSubmitInput())

    def validate_password(self, field):
        problem = password_problem(field.data)
        if problem:
            raise StopValidation(problem)

    def validate_confirm(self, field):
        if not self.password.errors and field.data != self.password.data:
            raise StopValidation("Enter the same password twice: the two did not match")


class ForgottenPasswordForm(AppForm):
    email = email_field("Email address", "Enter your email address",
                        description="The email address you sign in with")
    submit = SubmitField("Send me a link", widget=GovSubmitInput())
