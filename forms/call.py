"""The call journey's pages, one question each, and the step forms every journey shares.

Each page's form hands the service its values and takes back the service's problems (the
domain's rules, like "not in the future"), so every message shows beside the field it is about.
"""

from datetime import date, datetime, time

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional, Regexp

from forms.fields import AppForm, DateField, Radios, TimeField, strip, yes_no
from shopper.domain.deadlines import LONDON

NUMBER_EXAMPLE = "0113 496 0000"


def format_time_of_day(at: datetime | None) -> str:
    """An aware moment as the Europe/London time a shopper would type, like 14:30."""
    return "" if at is None else at.astimezone(LONDON).strftime("%H:%M")


def london(day: date | None, at: time | None) -> datetime | None:
    """A Europe/London date and time as an aware moment."""
    if day is None or at is None:
        return None
    return datetime.combine(day, at, tzinfo=LONDON)


class StepForm(AppForm):
    """One page of a journey: its values for the service, and the service's problems shown."""

    submit = SubmitField("Continue", widget=GovSubmitInput())

    @classmethod
    def initial(cls, values: dict) -> dict:
        """The fields' starting data from the values the service holds for the page."""
        return dict(values)

    def values(self) -> dict:
        return {name: field.data for name, field in self._fields.items()
                if name not in ("csrf_token", "submit")}

    def error_field(self, key: str) -> str:
        return key

    def add_errors(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            field = self[self.error_field(key)]
            field.errors = [*field.errors, message]


class WhenStepForm(StepForm):
    """A date and a time together: one moment in Europe/London."""

    moment = "occurred_at"

    @classmethod
    def initial(cls, values: dict) -> dict:
        at = values.get(cls.moment)
        day = at.astimezone(LONDON).date() if at else values.get("today")
        return {"date": day, "time": format_time_of_day(at)}

    def values(self) -> dict:
        return {self.moment: london(self.date.data, self.time.parsed)}

    def error_field(self, key: str) -> str:
        """A moment's problems show at the time, unless the service says the day is wrong."""
        return "date" if key.endswith(":date") else "time"


class NumberForm(StepForm):
    number = StringField(
        "Phone number", widget=GovTextInput(), filters=[strip],
        description="Include the area code, like 0113 496 0000. You can add an extension "
                    "after it, like ext. 2201",
        validators=[InputRequired(f"Enter the number you called, like {NUMBER_EXAMPLE}"),
                    Length(max=40, message=f"Enter the number you called, like {NUMBER_EXAMPLE}")])
    extension = StringField(
        "Extension (optional)", widget=GovTextInput(), filters=[strip],
        validators=[Optional(), Regexp(r"^\d{1,10}$", message="Enter the extension as up to 10 "
                                                                 "digits, like 2201")])


class SearchForm(AppForm):
    """The directory search: a GET form, so it needs no CSRF token."""

    class Meta:
        csrf = False

    q = StringField("Search the directory", widget=GovTextInput(), filters=[strip],
                    description="A team, service, officer's name or part of the number",
                    validators=[Length(max=100, message="Enter 100 characters or fewer")])


class LineForm(StepForm):
    line_id = Radios("Which line did you call?", "Select the line you called", coerce=int)


class ServiceForm(StepForm):
    block_id = Radios("Which service were you trying to reach?",
                      "Select the service you were trying to reach", coerce=int,
                      description="That number is not in the council's directory, so your "
                                  "coordinator will check it")


class CallWhenForm(WhenStepForm):
    date = DateField("Date", what="the call")
    time = TimeField("Time", what="the call")


OUTCOMES = [
    ("person", "A person answered"),
    ("voicemail", "It went to voicemail"),
    ("no_answer", "Nobody answered: it rang out or cut off"),
    ("engaged", "It was engaged every time (3 tries)"),
]


class OutcomeForm(StepForm):
    outcome = Radios("What happened when you called?", "Select what happened when you called",
                     choices=OUTCOMES)


class RingsForm(StepForm):
    rings = StringField(
        "How many times did it ring before it was answered?", widget=GovTextInput(),
        filters=[strip], description="Count the rings you heard, like 3. Enter 0 if it was "
                                     "answered before it rang",
        validators=[Optional(), Regexp(r"^\d{1,6}$", message="Enter the number of rings as a "
                                                             "whole number, like 3")])

    def __init__(self, *args, answered: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not answered:
            self.rings.label.text = "How many times did it ring before you gave up? (optional)"
            self.rings.description = "Count the rings you heard, like 8, or leave this blank"

    @classmethod
    def initial(cls, values: dict) -> dict:
        rings = values.get("rings")
        return {"rings": "" if rings is None else str(rings)}

    def values(self) -> dict:
        return {"rings": int(self.rings.data) if self.rings.data else None}


class HeldForm(StepForm):
    held = yes_no("Were you put on hold or transferred?",
                  "Select yes if you were put on hold or transferred")


AWAY = [("yes", "Yes, they were away"), ("no", "No, they were at work"),
        ("unknown", "I do not know")]


class AwayForm(StepForm):
    away = yes_no("Did you know the officer was away that day?",
                  "Select whether the officer was away that day", choices=AWAY,
                  description="For example, on leave or on a course")


class MessageForm(StepForm):
    message = yes_no("Did you leave a message?", "Select yes if you left a message")


class MessageTimeForm(StepForm):
    time = TimeField("What time did you leave the message?", what="your message")

    def __init__(self, *args, call_date: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.call_date = call_date

    @classmethod
    def initial(cls, values: dict) -> dict:
        return {"time": format_time_of_day(values.get("message_left_at") or values.get("call_at"))}

    def values(self) -> dict:
        return {"message_left_at": london(self.call_date, self.time.parsed)}

    def error_field(self, key: str) -> str:
        return "time"


class NotesForm(StepForm):
    notes = StringField(
        "Anything else your coordinator should know? (optional)", widget=GovTextArea(),
        filters=[strip], description="Only your coordinator and the service's team lead see "
                                     "this. Do not include anyone's name",
        validators=[Length(max=2000, message="Enter notes of 2,000 characters or fewer")])


class CheckForm(AppForm):
    # The content the shopper checked, and for a change to a shop, the content they changed.
    fingerprint = HiddenField()
    base = HiddenField()
    submit = SubmitField("Submit", widget=GovSubmitInput())


def items_form(items) -> type[StepForm]:
    """A page of yes/no questions, one per item asked, named by item code; answers met/not met."""

    class ItemsForm(StepForm):
        codes = tuple(item.code for item in items)

        @classmethod
        def initial(cls, values: dict) -> dict:
            given = values.get("answers") or {}
            return {code.lower(): given.get(code) for code in cls.codes}

        def values(self) -> dict:
            return {"answers": {code: self[code.lower()].data for code in self.codes}}

        def error_field(self, key: str) -> str:
            return key.lower()

    for item in items:
        setattr(ItemsForm, item.code.lower(), Radios(
            item.question, f"Select yes or no for “{item.question}”",
            description=item.guidance, choices=[("met", "Yes"), ("not_met", "No")]))
    return ItemsForm
