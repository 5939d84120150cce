"""Raising an action, recording its progress and scheduling a re-shop; the action list's filters."""

from datetime import UTC, date, datetime

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import Field, Form, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, StopValidation, ValidationError

from shopper.domain.actions import ACTION_STATUS_LABELS
from shopper.domain.deadlines import local_date
from shopper.domain.states import ActionStatus

OPEN_STATUSES = [(s.value, ACTION_STATUS_LABELS[s]) for s in ActionStatus if s != ActionStatus.DONE]
ALL_STATUSES = [(s.value, ACTION_STATUS_LABELS[s]) for s in ActionStatus]


def strip(value):
    return value.strip() if isinstance(value, str) else value


class DateInputWidget(GovDateInput):
    """GOV.UK's date input whose error summary link lands on the day box, not the fieldset."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params["id"] = field.name
        return params


class DateInputField(Field):
    """A day, month and year, checked with the GOV.UK date input's error messages."""

    widget = DateInputWidget()

    def __init__(self, label=None, validators=None, *, subject: str, required: str, **kwargs):
        super().__init__(label, validators, **kwargs)
        # The error summary links to the first box, which is where the typing starts.
        self.id = f"{self.name}-day"
        self.subject, self.required_message = subject, required

    def _value(self):
        return self.data.strftime("%d %m %Y") if self.data else ""

    def process_formdata(self, valuelist):
        parts = ([str(value).strip() for value in valuelist] + ["", "", ""])[:3]
        self.raw_data = parts
        self.data = None
        if not any(parts):
            return
        missing = [name for name, part in zip(("day", "month", "year"), parts, strict=True)
                   if not part]
        if missing:
            raise ValueError(f"{self.subject} must include a {' and '.join(missing)}")
        if not all(part.isascii() and part.isdigit() for part in parts):
            raise ValueError(f"{self.subject} must be a real date")
        if len(parts[2]) != 4:
            raise ValueError("Year must include 4 numbers")
        try:
            self.data = date(int(parts[2]), int(parts[1]), int(parts[0]))
        except (ValueError, OverflowError) as error:
            raise ValueError(f"{self.subject} must be a real date") from error

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()
        if self.data is None:
            raise StopValidation(self.required_message)


class NotInPast:
    """The date is today or later, in the council's time zone."""

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if field.data < local_date(datetime.now(UTC)):
            raise ValidationError(self.message)


def as_choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class ChoiceRadioField(RadioField):
    """Radios whose refusal of a made-up value says what to do, like every other message."""

    widget = GovRadioInput()

    def __init__(self, label=None, validators=None, *, invalid: str, choices=(), **kwargs):
        super().__init__(label, validators, choices=as_choices(choices),
                         invalid_choice_message=invalid, **kwargs)


class ChoiceSelectField(SelectField):
    widget = GovSelect()

    def __init__(self, label=None, validators=None, *, invalid: str, choices=(), **kwargs):
        super().__init__(label, validators, choices=as_choices(choices),
                         invalid_choice_message=invalid, **kwargs)


class ActionForm(FlaskForm):
    what = TextAreaField(
        "What will be done?", widget=GovTextArea(), filters=[strip],
        description="For example, record a voicemail greeting that gives the extension number "
                    "on every hunt group line",
        validators=[DataRequired("Enter what will be done"),
                    Length(max=2000, message="Enter what will be done in 2,000 characters "
                                             "or fewer")])
    item = ChoiceSelectField("Which item is it about? (optional)", choices=[],
                             invalid="Choose an item from the list, or no item")
    owner = StringField(
        "Who owns the action?", widget=GovTextInput(), filters=[strip],
        description="The name of the person responsible for it",
        validators=[DataRequired("Enter the name of the person who owns the action"),
                    Length(max=200, message="Enter a name of 200 characters or fewer")])
    due_on = DateInputField(
        "When is it due?", description="For example, 27 3 2026", subject="The due date",
        required="Enter the date the action is due",
        validators=[NotInPast("The due date must be today or in the future")])
    status = ChoiceRadioField(
        "What is its status now?", choices=OPEN_STATUSES, invalid="Select red, amber or green",
        validators=[InputRequired("Select the action's status: red, amber or green")])
    submit = SubmitField("Raise action", widget=GovSubmitInput())

    def __init__(self, *args, items: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.item.choices = as_choices([("", "Not about one item"), *items])


class ProgressForm(FlaskForm):
    status = ChoiceRadioField(
        "Status", choices=ALL_STATUSES, invalid="Select red, amber, green or done",
        validators=[InputRequired("Select the action's status")])
    note = TextAreaField(
        "Progress note (optional)", widget=GovTextArea(), filters=[strip],
        description="What has been done, and what is next. Notes cannot be changed once added.",
        validators=[Length(max=5000, message="Enter a note of 5,000 characters or fewer")])
    submit = SubmitField("Save progress", widget=GovSubmitInput())

    def __init__(self, *args, current: ActionStatus, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        if self.status.data is None:
            self.status.data = current.value

    def validate_note(self, field):
        if not field.data and self.status.data == self.current.value:
            raise StopValidation("Enter a progress note, or choose a different status")


class ReshopForm(FlaskForm):
    shop = ChoiceRadioField(
        "What should be shopped again?", choices=[],
        invalid="Select one of the linked shops' lines or reception points",
        validators=[InputRequired("Select what should be shopped again")])
    shopper = ChoiceSelectField(
        "Who should shop it?", choices=[], invalid="Choose a shopper from the list",
        validators=[InputRequired("Choose who should shop it")])
    due_on = DateInputField(
        "When should it be shopped by?", description="For example, 27 3 2026",
        subject="The date to shop it by", required="Enter the date to shop it by",
        validators=[NotInPast("The date to shop it by must be today or in the future")])
    submit = SubmitField("Schedule re-shop", widget=GovSubmitInput())

    def __init__(self, *args, shops: list[tuple[str, str]], shoppers: list[tuple[str, str]],
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.shop.choices = as_choices(shops)
        self.shopper.choices = as_choices([("", "Choose a shopper"), *shoppers])


class ActionFilterForm(Form):
    """The action list's filters, read from the query string; they change nothing."""

    block = SelectField("Service block", widget=GovSelect(), choices=[])
    status = SelectField("Status", widget=GovSelect(), choices=as_choices([
        ("", "Any status"), ("overdue", "Overdue"), ("open", "Not done"), *ALL_STATUSES]))

    def __init__(self, *args, blocks: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.block.choices = as_choices([("", "All your blocks"), *blocks])


class BlockChoiceForm(Form):
    """Which block a new action is for, when it was not raised from one."""

    block = SelectField("Which service block is the action for?", widget=GovSelect(),
                        choices=[])

    def __init__(self, *args, blocks: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.block.choices = as_choices(blocks)
