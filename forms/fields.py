"""The fields and helpers every form shares: GOV.UK date inputs, times of day and choices."""

import re
from datetime import date, time

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovRadioInput, GovSelect, GovTextInput
from wtforms import Field, Form, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, StopValidation, ValidationError

from shopper.domain.text import control_characters_message, has_control_characters

TIME_EXAMPLE = "like 2:30pm or 14:30"
YES_NO = [("yes", "Yes"), ("no", "No")]
_TIME = re.compile(r"^(?P<hour>\d{1,2})(?:[:.]?(?P<minute>\d{2}))?\s*(?P<half>[ap])?\.?m?\.?$")
_WORDS = {"noon": time(12), "midday": time(12), "midnight": time(0)}


class RefusesControlCharacters:
    """Refuses, beside its field, any value holding NUL or another invisible control character."""

    def validate(self, extra_validators=None) -> bool:
        tainted = [field for field in self if _has_control_characters(field)]
        valid = super().validate(extra_validators)
        for field in tainted:
            # A field whose own checks refused the value already says what to do.
            if not field.errors:
                field.errors = [control_characters_message("what you entered")]
        return valid and not tainted


def _has_control_characters(field: Field) -> bool:
    # Only typed text: choices refuse values not offered, with their own message.
    if not isinstance(field, StringField):
        return False
    return any(isinstance(value, str) and has_control_characters(value)
               for value in field.raw_data or ())


class AppForm(RefusesControlCharacters, FlaskForm):
    """The base of every posted form: CSRF-protected, and refusing control characters."""


class QueryForm(RefusesControlCharacters, Form):
    """The base of every form read from a page's address (filters, searches)."""


def strip(value):
    return value.strip() if isinstance(value, str) else value


def as_choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class DateInputWidget(GovDateInput):
    """GOV.UK's date input whose error summary link lands on the day box, not the fieldset."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params["id"] = field.name
        return params


class DateInputField(Field):
    """A day, month and year, checked with the GOV.UK date input's error messages."""

    widget = DateInputWidget()

    def __init__(self, label=None, validators=None, *, subject: str, required: str,
                 real_date_example: str = "", year_message: str = "Year must include 4 numbers",
                 **kwargs):
        super().__init__(label, validators, **kwargs)
        # The error summary links to the first box, which is where the typing starts.
        self.id = f"{self.name}-day"
        self.subject, self.required_message = subject, required
        self.not_real_message = f"{subject} must be a real date{real_date_example}"
        self.year_message = year_message

    def _value(self):
        return self.data.strftime("%d %m %Y") if self.data else ""

    def _parts(self, valuelist) -> list[str]:
        """The day, month and year typed: extra boxes are ignored and missing ones are empty."""
        return ([str(value).strip() for value in valuelist] + ["", "", ""])[:3]

    @staticmethod
    def _is_number(part: str) -> bool:
        return part.isascii() and part.isdigit()

    def process_formdata(self, valuelist):
        parts = self._parts(valuelist)
        self.raw_data = parts
        self.data = None
        if not any(parts):
            return
        missing = [name for name, part in zip(("day", "month", "year"), parts, strict=True)
                   if not part]
        if missing:
            raise ValueError(f"{self.subject} must include a {' and '.join(missing)}")
        if not all(self._is_number(part) for part in parts):
            raise ValueError(self.not_real_message)
        if len(parts[2]) != 4:
            raise ValueError(self.year_message)
        try:
            self.data = date(int(parts[2]), int(parts[1]), int(parts[0]))
        except (ValueError, OverflowError) as error:
            raise ValueError(self.not_real_message) from error

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()
        if self.data is None:
            raise StopValidation(self.required_message)


class DateField(DateInputField):
    """The recording journeys' date, whose messages name what the date is of, like "the call"."""

    def __init__(self, label: str, what: str, **kwargs):
        super().__init__(label, subject=f"The date of {what}", required=f"Enter the date of {what}",
                         real_date_example=", like 24 12 2026",
                         year_message="The year must include 4 numbers, like 2026", **kwargs)
        # The journeys' error summary has always linked to the whole date, not the day box.
        self.id = self.name

    def _parts(self, valuelist) -> list[str]:
        """Anything but three boxes is taken as no date at all, as the journeys always have."""
        return [value.strip() for value in valuelist] if len(valuelist) == 3 else ["", "", ""]

    @staticmethod
    def _is_number(part: str) -> bool:
        # The journeys have always accepted digits of any script, which int() reads.
        return part.isdigit()


def parse_time_of_day(text: str) -> time | None:
    """A time of day as people type it: 14:30, 2:30pm, 2.30 pm, 2pm, 1430, noon; else None."""
    text = (text or "").strip().lower().replace(" ", "")
    if text in _WORDS:
        return _WORDS[text]
    match = _TIME.match(text)
    if not match:
        return None
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if match["half"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["half"] == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class TimeField(StringField):
    """A time of day typed as text; `parsed` holds the time once it has validated."""

    widget = GovTextInput()

    def __init__(self, label: str, what: str, asked=None, **kwargs):
        kwargs.setdefault("filters", [strip])
        kwargs.setdefault("description", "For example, 2:30pm or 14:30")
        super().__init__(label, **kwargs)
        self.what = what
        # Whether the form asks for the time at all, given its other answers.
        self.asked = asked or (lambda form: True)

    @property
    def parsed(self) -> time | None:
        return parse_time_of_day(self.data)

    def pre_validate(self, form):
        if not self.asked(form):
            return
        if not self.data:
            raise ValidationError(f"Enter the time of {self.what}, {TIME_EXAMPLE}")
        if self.parsed is None:
            raise ValidationError(f"Enter the time of {self.what} as a time of day, {TIME_EXAMPLE}")


class ChoiceRadioField(RadioField):
    """Radios whose refusal of a made-up value says what to do, like every other message."""

    widget = GovRadioInput()

    def __init__(self, label=None, validators=None, *, invalid: str, choices=(), **kwargs):
        super().__init__(label, validators, choices=as_choices(choices),
                         invalid_choice_message=invalid, **kwargs)

    def offer(self, pairs) -> None:
        """Set the choices, as (value, label) pairs, once the page knows them."""
        self.choices = as_choices(pairs)

    def process_formdata(self, valuelist):
        # A value that cannot be coerced, like a word for a number, is made up too.
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.invalid_choice_message) from None


class Radios(ChoiceRadioField):
    """Radios whose every problem, a missing or made-up choice, gets the same plain message."""

    def __init__(self, label: str, message: str, choices=(), **kwargs):
        super().__init__(label, [InputRequired(message)], invalid=message, choices=choices,
                         **kwargs)


def yes_no(label: str, message: str, choices=YES_NO, **kwargs) -> Radios:
    return Radios(label, message, choices=choices, **kwargs)


class ChoiceSelectField(SelectField):
    """A select whose refusal of a made-up value says what to do."""

    widget = GovSelect()

    def __init__(self, label=None, validators=None, *, invalid: str, choices=(), **kwargs):
        super().__init__(label, validators, choices=as_choices(choices),
                         invalid_choice_message=invalid, **kwargs)
