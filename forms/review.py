"""Choosing what the compliance pages show: a period, and on the overview a grouping, a
standard and an order. Sent by GET, so a page can be bookmarked and shared; no CSRF token."""

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovTextInput
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import ValidationError

from forms.fields import AppForm


class ChoiceField(SelectField):
    """A select whose unknown values get a message that says what to do."""

    def __init__(self, *args, choice_message: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.choice_message = choice_message

    def pre_validate(self, form) -> None:
        if self.data not in [value for value, _ in self.choices]:
            raise ValidationError(self.choice_message)


class PeriodForm(AppForm):
    class Meta:
        csrf = False

    from_date = StringField("Start date", name="from", id="from",
                            description="For example, 2026-04-01", widget=GovTextInput())
    to_date = StringField("End date", name="to", id="to",
                          description="For example, 2026-06-30", widget=GovTextInput())

    def field_for(self, name: str | None) -> StringField:
        """The date field a period error is about: the end date unless it is the start."""
        return self.from_date if name == "from" else self.to_date


class OverviewForm(PeriodForm):
    grouping = ChoiceField(
        "Service grouping", default="", widget=GovSelect(),
        choice_message="Select a service grouping from the list, or all groupings")
    standard = ChoiceField(
        "Standard", default="", widget=GovSelect(),
        choice_message="Select a standard from the list, or all standards")
    sort = HiddenField()
    order = HiddenField()

    def __init__(self, *args, groupings: list[str], standards: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.grouping.choices = [("", "All groupings"), *((g, g) for g in groupings)]
        self.standard.choices = [("", "All standards"),
                                 *((code, f"{name} ({code})") for code, name in
                                   standards.items())]
        self._sorts = ("block", "overall", *standards)

    def chosen_sort(self) -> tuple[str, bool]:
        """The column to sort on and whether to sort high to low; by block if not known."""
        sort = self.sort.data if self.sort.data in self._sorts else "block"
        return sort, self.order.data == "desc"
