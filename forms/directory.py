"""The directory's forms: uploading a directory CSV, confirming it, finding and editing lines."""

from flask_wtf.file import FileField, FileRequired, FileSize
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovFileInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    HiddenField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from forms.fields import (
    YES_NO,
    AppForm,
    ChoiceRadioField,
    ChoiceSelectField,
    QueryForm,
    Radios,
    as_choices,
    strip,
)
from shopper.domain.phones import PhoneNumberError, parse_phone_number
from shopper.domain.states import LineType

LINE_TYPES = [(line_type.value, line_type.label) for line_type in LineType]
# Names and numbers come from people's keyboards: no control characters (tabs, NUL…).
NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"
MULTI_LINE = r"^[^\x00-\x09\x0b\x0c\x0e-\x1f\x7f]*$"


class UploadForm(AppForm):
    file = FileField(
        "Upload the directory", widget=GovFileInput(),
        description="A CSV file with the columns service_grouping, service_block, team, "
                    "officer, number, extension, line_type, active. You will see every change "
                    "before anything is saved.",
        validators=[FileRequired("Choose the directory CSV file to upload"),
                    FileSize(20 * 1024 * 1024,
                             message="Choose a file of 20 MB or less: split a larger directory")])
    submit = SubmitField("Check the file", widget=GovSubmitInput())


class ConfirmUploadForm(AppForm):
    token = HiddenField()
    fingerprint = HiddenField()
    submit = SubmitField("Save these changes", widget=GovSubmitInput())


class LineSearchForm(QueryForm):
    """The line list's search, read from the query string; it changes nothing."""

    q = StringField("Search by number, officer, team or service block", widget=GovTextInput(),
                    filters=[strip], validators=[
                        Length(max=200, message="Search for 200 characters or fewer"),
                        Regexp(NO_CONTROL, message="Search without tabs or other control "
                                                   "characters")])


def _text(label: str, message: str, **kwargs) -> StringField:
    return StringField(label, widget=GovTextInput(), filters=[strip], validators=[
        Length(max=200, message=f"{message} in 200 characters or fewer"),
        Regexp(NO_CONTROL, message=f"{message} without tabs or other control characters"),
        *kwargs.pop("validators", [])], **kwargs)


class LineForm(AppForm):
    number = _text("Phone number", "Enter the number", description="For example, 0113 496 0000",
                   validators=[DataRequired("Enter the phone number, like 0113 496 0000")])
    extension = _text("Extension (optional)", "Enter the extension",
                      description="Up to 10 digits, like 2201")
    line_type = ChoiceRadioField("What kind of line is it?", choices=LINE_TYPES,
                                 invalid="Select the kind of line",
                                 validators=[DataRequired("Select the kind of line")])
    officer = _text("Officer's name (optional)", "Enter the officer's name",
                    description="For individual lines. Only coordinators and the block's team "
                                "lead see it.")
    service_block = ChoiceSelectField("Service block", choices=[],
                                      invalid="Choose the service block from the list",
                                      validators=[DataRequired("Choose the service block")])
    team = ChoiceSelectField("Team (optional)", choices=[],
                             invalid="Choose a team from the list, or no team")
    active = Radios("Is the line in use?", "Select yes if the line is in use", choices=YES_NO)
    submit = SubmitField("Save line", widget=GovSubmitInput())

    def __init__(self, *args, blocks: list[tuple[str, str]], teams: list[tuple[str, str]],
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.service_block.choices = as_choices([("", "Choose a service block"), *blocks])
        self.team.choices = as_choices([("", "No team"), *teams])

    def validate_number(self, field) -> None:
        # Checked here as well as when saving, so a bad number shows with the other problems.
        if field.data and not self.number.errors:
            try:
                parse_phone_number(field.data, self.extension.data or "")
            except PhoneNumberError as error:
                if "extension" not in str(error):
                    raise ValidationError(str(error)) from None

    def validate_extension(self, field) -> None:
        if field.data and not (field.data.isdigit() and len(field.data) <= 10):
            raise ValidationError("Enter the extension as up to 10 digits, like 2201")


class ReceptionPointForm(AppForm):
    name = _text("Name", "Enter the name",
                 validators=[DataRequired("Enter the reception point's name, like Civic Centre")])
    address = TextAreaField(
        "Address (optional)", widget=GovTextArea(), filters=[strip],
        validators=[Length(max=500, message="Enter the address in 500 characters or fewer"),
                    Regexp(MULTI_LINE, message="Enter the address without tabs or other "
                                               "control characters")])
    opening_hours = TextAreaField(
        "Opening hours (optional)", widget=GovTextArea(), filters=[strip],
        description="As the council publishes them, like Monday to Friday, 9am to 5pm",
        validators=[Length(max=500, message="Enter the opening hours in 500 characters or "
                                            "fewer"),
                    Regexp(MULTI_LINE, message="Enter the opening hours without tabs or other "
                                               "control characters")])
    service_blocks = SelectMultipleField(
        "Which service blocks does it serve?", widget=GovCheckboxesInput(), choices=[],
        coerce=str, validate_choice=False,
        validators=[DataRequired("Select the service blocks it serves")])
    family_reception = Radios(
        "Is it a family reception?", "Select yes if it is a family reception",
        choices=YES_NO, description="Where children's toys or a play area are expected")
    active = Radios("Is it open to the public?", "Select yes if it is open", choices=YES_NO)
    submit = SubmitField("Save reception point", widget=GovSubmitInput())

    def __init__(self, *args, blocks: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.service_blocks.choices = as_choices(blocks)


class NameForm(AppForm):
    name = _text("Name", "Enter the name",
                 validators=[DataRequired("Enter the name")])
    submit = SubmitField("Save", widget=GovSubmitInput())


class BlockForm(NameForm):
    active = Radios("Is the service block in use?", "Select yes if the service block is in use",
                    choices=YES_NO)
