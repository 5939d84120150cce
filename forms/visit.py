"""The visit journey's pages: where, when, how long until acknowledged and until seen."""

from decimal import Decimal, InvalidOperation

from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField
from wtforms.validators import ValidationError

from forms.call import StepForm, WhenStepForm
from forms.fields import DateField, Radios, TimeField, strip, yes_no


def parse_minutes(text: str | None) -> Decimal | None:
    """Minutes as people type them, like 2, 1.5 or 0.5; None if that is not a number."""
    try:
        minutes = Decimal((text or "").strip())
    except InvalidOperation:
        return None
    return minutes if minutes.is_finite() else None


class MinutesField(StringField):
    """Minutes typed as text, checked to be a number; the service decides the rest."""

    widget = GovTextInput()

    def __init__(self, label: str, message: str, negative: str, **kwargs):
        kwargs.setdefault("filters", [strip])
        super().__init__(label, **kwargs)
        self.message, self.negative = message, negative

    def pre_validate(self, form):
        if not self.data:
            return
        minutes = parse_minutes(self.data)
        if minutes is None:
            raise ValidationError(self.message)
        if minutes < 0:
            raise ValidationError(self.negative)

    @property
    def minutes(self) -> Decimal | None:
        return parse_minutes(self.data)


class ReceptionForm(StepForm):
    reception_point_id = Radios("Which reception did you visit?",
                                "Select the reception you visited", coerce=int)


class VisitServiceForm(StepForm):
    block_id = Radios("Which service did you visit about?",
                      "Select the service you visited about", coerce=int,
                      description="This reception serves more than one service")


class ArrivalForm(WhenStepForm):
    date = DateField("Date", what="your visit")
    time = TimeField("Time you arrived", what="your arrival")


class AcknowledgedForm(StepForm):
    acknowledged_minutes = MinutesField(
        "How many minutes after you arrived did someone acknowledge you?",
        "Enter the minutes until you were acknowledged as a number, like 1.5",
        "Enter the minutes until you were acknowledged as 0 or more, like 1.5",
        description="A smile, a nod or “I'll be with you shortly” counts. Enter 0 if it was "
                    "straight away, or 1.5 for a minute and a half")

    @classmethod
    def initial(cls, values: dict) -> dict:
        minutes = values.get("acknowledged_minutes")
        return {"acknowledged_minutes": "" if minutes is None else str(minutes)}

    def values(self) -> dict:
        return {"acknowledged_minutes": self.acknowledged_minutes.minutes}


SEEN = [("yes", "Yes"), ("no", "No, I was never seen")]


class SeenForm(StepForm):
    seen = yes_no("Did someone see you about your enquiry?", "Select yes if you were seen",
                  choices=SEEN)


class SeenMinutesForm(StepForm):
    seen_minutes = MinutesField(
        "How many minutes after you arrived were you seen?",
        "Enter the minutes until you were seen as a number, like 8",
        "Enter the minutes until you were seen as 0 or more, like 8",
        description="For example, 8 or 12.5")

    def validate_seen_minutes(self, field):
        if not field.data:
            raise ValidationError("Enter the minutes until you were seen, like 8")

    @classmethod
    def initial(cls, values: dict) -> dict:
        minutes = values.get("seen_minutes")
        return {"seen_minutes": "" if minutes is None else str(minutes)}

    def values(self) -> dict:
        return {"seen_minutes": self.seen_minutes.minutes}
