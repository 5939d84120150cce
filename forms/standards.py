"""The standards' forms: an item of a draft, publishing a draft, a CSE element."""

from decimal import Decimal, InvalidOperation

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from forms.fields import AppForm, DateInputField, Radios, as_choices, strip

NO_CONTROL = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
ONE_LINE = r"^[^\x00-\x1f\x7f]*$"


def _weight(form, field) -> None:
    try:
        value = Decimal(field.data)
    except (InvalidOperation, TypeError):
        raise ValidationError("Enter the weight as a number, like 1 or 1.5") from None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100) or \
            value != value.quantize(Decimal("0.01")):
        raise ValidationError("Enter a weight from 0 to 100, with at most 2 decimal places")


class ItemForm(AppForm):
    question = TextAreaField(
        "Question the shopper answers", widget=GovTextArea(), filters=[strip],
        validators=[DataRequired("Enter the question the shopper answers"),
                    Length(max=500, message="Enter the question in 500 characters or fewer"),
                    Regexp(ONE_LINE, message="Enter the question on one line, without tabs or "
                                             "other control characters")])
    guidance = TextAreaField(
        "Guidance for the shopper (optional)", widget=GovTextArea(), filters=[strip],
        validators=[Length(max=2000, message="Enter guidance in 2,000 characters or fewer"),
                    Regexp(NO_CONTROL, message="Enter guidance without control characters")])
    weight = StringField(
        "Weight", widget=GovTextInput(), filters=[strip],
        description="How much the item counts towards the score; most items weigh 1",
        validators=[DataRequired("Enter the weight, like 1"), _weight])
    critical = Radios("Is the item critical?", "Select yes if the item is critical",
                      choices=[("yes", "Yes, a shop fails if it is not met"), ("no", "No")])
    cse_elements = SelectMultipleField(
        "CSE elements it evidences", widget=GovCheckboxesInput(), choices=[],
        validate_choice=False)
    submit = SubmitField("Save item", widget=GovSubmitInput())

    def __init__(self, *args, elements: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.cse_elements.choices = as_choices(elements)


class PublishForm(AppForm):
    applies_from = DateInputField(
        "From what date does it apply?",
        description="Shops on or after this date are assessed against this version; shops "
                    "before it keep the version they had. For example, 1 4 2027",
        subject="The date it applies from", required="Enter the date the version applies from")
    submit = SubmitField("Publish this version", widget=GovSubmitInput())


class DiscardForm(AppForm):
    submit = SubmitField("Discard this draft", widget=GovSubmitInput())


class DraftForm(AppForm):
    submit = SubmitField("Edit this standard", widget=GovSubmitInput())


class CseElementForm(AppForm):
    number = StringField(
        "Element number", widget=GovTextInput(), filters=[strip],
        description="As numbered in the Customer Service Excellence standard, like 5.2.3",
        validators=[DataRequired("Enter the element's number, like 5.2.3"),
                    Length(max=20, message="Enter the number in 20 characters or fewer")])
    title = StringField(
        "Short title", widget=GovTextInput(), filters=[strip],
        validators=[DataRequired("Enter a short title for the element"),
                    Length(max=300, message="Enter the title in 300 characters or fewer"),
                    Regexp(ONE_LINE, message="Enter the title without tabs or other control "
                                             "characters")])
    submit = SubmitField("Save element", widget=GovSubmitInput())


def _upper(value):
    return value.strip().upper() if isinstance(value, str) else value


class NewItemForm(ItemForm):
    code = StringField(
        "Item code", widget=GovTextInput(), filters=[_upper],
        description="Capital letters then digits, like TA8; no other standard may use it",
        validators=[DataRequired("Enter the item's code, like TA8"),
                    Length(max=10, message="Enter the code in 10 characters or fewer")])
    condition = Radios("When does the item apply?", "Select when the item applies")
    submit = SubmitField("Add item", widget=GovSubmitInput())

    def __init__(self, *args, conditions: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.condition.offer(conditions)
        # The error summary lists problems in the order the page asks the questions.
        order = ("code", "question", "guidance", "condition", "weight", "critical",
                 "cse_elements")
        self._fields = {name: self._fields[name] for name in order} | self._fields


class RemoveItemForm(AppForm):
    submit = SubmitField("Remove item", widget=GovSubmitInput())


class NewStandardForm(AppForm):
    code = StringField(
        "Code", widget=GovTextInput(), filters=[_upper],
        description="1 to 10 capital letters, like AC; item codes usually start with it",
        validators=[DataRequired("Enter the standard's code, like AC"),
                    Length(max=10, message="Enter the code in 10 characters or fewer")])
    name = StringField(
        "Name", widget=GovTextInput(), filters=[strip],
        validators=[DataRequired("Enter the standard's name, like Accessibility"),
                    Length(max=200, message="Enter the name in 200 characters or fewer"),
                    Regexp(ONE_LINE, message="Enter the name without tabs or other control "
                                             "characters")])
    channel = Radios("Which shops does it assess?",
                     "Select whether the standard is for calls or visits",
                     choices=[("call", "Calls"), ("visit", "Visits")])
    submit = SubmitField("Create the draft", widget=GovSubmitInput())
