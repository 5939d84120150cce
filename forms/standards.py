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
