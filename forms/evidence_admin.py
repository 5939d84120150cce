"""The coordinator's forms for the assessor: access dates, and the council's CSE action plan."""


from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from forms.fields import (
    AppForm,
    ChoiceRadioField,
    ChoiceSelectField,
    DateInputField,
    as_choices,
    strip,
)
from shopper.domain.actions import ACTION_STATUS_LABELS
from shopper.domain.cse import CSE_CRITERIA
from shopper.domain.states import ActionStatus

RAG_STATUSES = [(s.value, ACTION_STATUS_LABELS[s]) for s in ActionStatus]


class PlainText:
    """Text without control characters (a NUL cannot be stored), or a message saying so."""

    def __init__(self, what: str):
        self.message = f"Remove the hidden control characters from {what}, then save again"

    def __call__(self, form, field):
        if field.data and any(ord(c) < 32 and c not in "\t\r\n" for c in field.data):
            raise ValidationError(self.message)


class AccessForm(AppForm):
    from_date = StringField("First day of access", name="from", id="from", filters=[strip],
                            description="For example, 2026-04-01", widget=GovTextInput())
    to_date = StringField("Last day of access", name="to", id="to", filters=[strip],
                          description="Access ends by itself at midnight after this day",
                          widget=GovTextInput())
    submit = SubmitField("Save access", widget=GovSubmitInput())

    def field_for(self, name: str | None) -> StringField:
        return self.from_date if name == "from" else self.to_date


class PlanActionForm(AppForm):
    criterion = ChoiceRadioField(
        "Which Customer Service Excellence criterion is it for?",
        choices=[(str(number), f"{number}. {name}") for number, name in CSE_CRITERIA.items()],
        invalid="Select one of the five criteria",
        validators=[InputRequired("Select the criterion the action is for")])
    element = ChoiceSelectField("Which element? (optional)", choices=[],
                                invalid="Choose an element from the list, or none")
    outcome = TextAreaField(
        "What is the desired outcome?", widget=GovTextArea(), filters=[strip],
        description="For example, every service publishes its telephone standards. It goes in "
                    "the evidence for the assessor, so leave names out of it",
        validators=[DataRequired("Enter the desired outcome"), PlainText("the outcome"),
                    Length(max=2000, message="Enter the outcome in 2,000 characters or fewer")])
    officer = StringField(
        "Who is the responsible officer?", widget=GovTextInput(), filters=[strip],
        validators=[DataRequired("Enter the name of the responsible officer"),
                    PlainText("the officer's name"),
                    Length(max=200, message="Enter a name of 200 characters or fewer")])
    target_on = DateInputField(
        "What is the target date?", description="For example, 27 3 2027",
        subject="The target date", required="Enter the target date")
    status = ChoiceRadioField(
        "What is its RAG status?", choices=RAG_STATUSES,
        invalid="Select red, amber, green or done",
        validators=[InputRequired("Select the RAG status: red, amber, green or done")])
    progress = TextAreaField(
        "Progress (optional)", widget=GovTextArea(), filters=[strip],
        validators=[PlainText("the progress"),
                    Length(max=5000, message="Enter progress in 5,000 characters or fewer")])
    submit = SubmitField("Save action", widget=GovSubmitInput())

    def __init__(self, *args, elements: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.element.choices = as_choices([("", "The whole criterion"), *elements])

    def validate_element(self, field) -> None:
        if field.data and self.criterion.data and not field.data.startswith(
                f"{self.criterion.data}."):
            raise ValidationError("Choose an element of the criterion you selected, or none")
