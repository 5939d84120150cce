"""Raising an action, recording its progress and scheduling a re-shop; the action list's filters."""

from datetime import UTC, datetime, timedelta

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, StopValidation, ValidationError

from forms.fields import (
    AppForm,
    ChoiceRadioField,
    ChoiceSelectField,
    DateInputField,
    QueryForm,
    as_choices,
    strip,
)
from shopper.domain.actions import ACTION_STATUS_LABELS
from shopper.domain.deadlines import local_date
from shopper.domain.states import ActionStatus

OPEN_STATUSES = [(s.value, ACTION_STATUS_LABELS[s]) for s in ActionStatus if s != ActionStatus.DONE]
ALL_STATUSES = [(s.value, ACTION_STATUS_LABELS[s]) for s in ActionStatus]


class NotInPast:
    """The date is today or later, in the council's time zone."""

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if field.data < local_date(datetime.now(UTC)):
            raise ValidationError(self.message)


def future_example(days: int = 14) -> str:
    """A hint's example date a fortnight ahead, so that it is one the field accepts."""
    day = local_date(datetime.now(UTC)) + timedelta(days=days)
    return f"For example, {day.day} {day.month} {day.year}"


class ActionForm(AppForm):
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
        "When is it due?", subject="The due date",
        required="Enter the date the action is due",
        validators=[NotInPast("The due date must be today or in the future")])
    status = ChoiceRadioField(
        "What is its status now?", choices=OPEN_STATUSES, invalid="Select red, amber or green",
        validators=[InputRequired("Select the action's status: red, amber or green")])
    submit = SubmitField("Raise action", widget=GovSubmitInput())

    def __init__(self, *args, items: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.item.choices = as_choices([("", "Not about one item"), *items])
        self.due_on.description = future_example()


class ProgressForm(AppForm):
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


class ReshopForm(AppForm):
    shop = ChoiceRadioField(
        "What should be shopped again?", choices=[],
        invalid="Select one of the lines or reception points listed",
        validators=[InputRequired("Select what should be shopped again")])
    shopper = ChoiceSelectField(
        "Who should shop it?", choices=[], invalid="Choose a shopper from the list",
        validators=[InputRequired("Choose who should shop it")])
    due_on = DateInputField(
        "When should it be shopped by?", subject="The date to shop it by",
        required="Enter the date to shop it by",
        validators=[NotInPast("The date to shop it by must be today or in the future")])
    submit = SubmitField("Schedule re-shop", widget=GovSubmitInput())

    def __init__(self, *args, shops: list[tuple[str, str]],
                 shoppers: list[tuple[str, str]] | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.shop.choices = as_choices(shops)
        self.due_on.description = future_example()
        if shoppers is None:
            # A team lead does not choose, or see, who the shoppers are: Shopper picks one.
            del self.shopper
        else:
            self.shopper.choices = as_choices([("", "Choose a shopper"), *shoppers])


class ActionFilterForm(QueryForm):
    """The action list's filters, read from the query string; they change nothing."""

    block = SelectField("Service block", widget=GovSelect(), choices=[])
    status = SelectField("Status", widget=GovSelect(), choices=as_choices([
        ("", "Any status"), ("overdue", "Overdue"), ("open", "Not done"), *ALL_STATUSES]))

    def __init__(self, *args, blocks: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.block.choices = as_choices([("", "All your blocks"), *blocks])


class BlockChoiceForm(QueryForm):
    """Which block a new action is for, when it was not raised from one."""

    block = SelectField("Which service block is the action for?", widget=GovSelect(),
                        choices=[])

    def __init__(self, *args, blocks: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.block.choices = as_choices(blocks)
