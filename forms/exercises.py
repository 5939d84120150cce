"""Planning an exercise, sampling it, and changing its assignments."""

import re

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import SelectField, SelectMultipleField, StringField, SubmitField
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

_WHOLE = re.compile(r"\d{1,6}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MIX_CHOICES = [("yes", "Yes, in proportion to the directory"),
               ("no", "No, pick lines at random whatever their type")]


class Checkboxes(SelectMultipleField):
    """GOV.UK checkboxes of ids, whose refusal of a made-up value says what to do."""

    widget = GovCheckboxesInput()

    def __init__(self, label: str, *, required: str, invalid: str, **kwargs):
        super().__init__(label, [InputRequired(required)], coerce=int, choices=[],
                         invalid_value_message=invalid, invalid_choice_message=invalid,
                         **kwargs)

    def offer(self, pairs) -> None:
        self.choices = as_choices((str(value), label) for value, label in pairs)


def whole_number(text: str | None, message: str, low: int, high: int) -> int:
    text = (text or "").strip().replace(",", "")
    if not _WHOLE.fullmatch(text) or not low <= int(text) <= high:
        raise ValidationError(message)
    return int(text)


class ExerciseForm(AppForm):
    name = StringField(
        "Name of the exercise", widget=GovTextInput(), filters=[strip],
        description="For example, Spring 2027 telephone and reception shops",
        validators=[DataRequired("Enter a name for the exercise"),
                    Length(max=200, message="Enter a name of 200 characters or fewer")])
    starts_on = DateInputField("First day", description="For example, 1 4 2027",
                               subject="The first day", required="Enter the first day")
    ends_on = DateInputField("Last day", description="For example, 30 6 2027",
                             subject="The last day", required="Enter the last day")
    target = StringField(
        "Target shops per service block", widget=GovTextInput(), filters=[strip],
        description="How many calls and visits each block in scope should get, like 20")
    standards = Checkboxes("Standards in scope", required="Select at least one standard",
                           invalid="Select standards from the list")
    blocks = Checkboxes("Service blocks in scope", required="Select at least one service block",
                        invalid="Select service blocks from the list")
    shoppers = Checkboxes("Shoppers taking part", required="Select at least one shopper",
                          invalid="Select shoppers from the list")
    follow_mix = ChoiceRadioField(
        "Keep the mix of line types the directory has?", choices=MIX_CHOICES,
        invalid="Select yes or no", default="yes",
        validators=[InputRequired("Select whether to keep the directory's mix of line types")])
    submit = SubmitField("Save exercise", widget=GovSubmitInput())

    def __init__(self, *args, blocks, standards, shoppers, **kwargs):
        super().__init__(*args, **kwargs)
        self.blocks.offer(blocks)
        self.standards.offer(standards)
        self.shoppers.offer(shoppers)

    def validate_name(self, field):
        if _CONTROL.search(field.data or ""):
            raise ValidationError("Enter a name using letters, numbers and punctuation only")

    def validate_target(self, field):
        if not field.data:
            raise StopValidation("Enter the target shops per service block, like 20")
        self.target_number = whole_number(
            field.data, "Enter the target as a whole number from 1 to 1,000, like 20", 1, 1000)

    def validate_ends_on(self, field):
        first = self.starts_on.data
        if first and field.data:
            if field.data < first:
                raise ValidationError("The last day must be the same as or after the first day")
            if (field.data - first).days > 366:
                raise ValidationError("The last day must be within a year of the first day")


class SampleForm(AppForm):
    seed = StringField(
        "Seed (optional)", widget=GovTextInput(), filters=[strip],
        description="The same seed on the same day gives the same shops. Leave it empty for a "
                    "new random sample.")
    submit = SubmitField("Assign shops", widget=GovSubmitInput())

    def validate_seed(self, field):
        self.seed_number = None
        if field.data:
            self.seed_number = whole_number(
                field.data, "Enter the seed as a whole number from 1 to 999,999, or leave it "
                            "empty", 1, 999_999)


class StatusForm(AppForm):
    """Opening or closing an exercise: one button, protected from cross-site requests."""

    submit = SubmitField("Open exercise", widget=GovSubmitInput())


class ChangeAssignmentsForm(AppForm):
    assignments = SelectMultipleField("Assignments", coerce=int, choices=[],
                                      validate_choice=False,
                                      invalid_value_message="Select assignments from the list")
    to_shopper = ChoiceSelectField("Give the selected assignments to", choices=[],
                                invalid="Choose a shopper from the list",
                                validate_choice=False)
    reassign = SubmitField("Reassign selected", widget=GovSubmitInput())
    cancel = SubmitField("Cancel selected", widget=GovSubmitInput())

    def __init__(self, *args, shoppers, **kwargs):
        super().__init__(*args, **kwargs)
        self.to_shopper.choices = as_choices([("", "Choose a shopper"), *shoppers])

    def validate_assignments(self, field):
        if not field.data:
            raise StopValidation("Select at least one assignment")

    def validate_to_shopper(self, field):
        # Without the cancel button, the change is a reassignment (as pressing Enter sends).
        if self.cancel.data:
            return
        if not field.data:
            raise StopValidation("Choose who should take the selected assignments")
        if field.data not in {choice.value for choice in field.choices if choice.value}:
            raise StopValidation("Choose a shopper from the list")


class AssignmentFilterForm(QueryForm):
    """Which assignments the list shows, read from the query string; it changes nothing."""

    block = SelectField("Service block", widget=GovSelect(), choices=[])
    shopper = SelectField("Shopper", widget=GovSelect(), choices=[])

    def __init__(self, *args, blocks, shoppers, **kwargs):
        super().__init__(*args, **kwargs)
        self.block.choices = as_choices([("", "Every block"), *blocks])
        self.shopper.choices = as_choices([("", "Every shopper"), *shoppers])
