"""Filtering the audit trail: who, what and when."""

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovTextInput
from wtforms import SelectField, StringField
from wtforms.validators import Length, ValidationError

from forms.fields import QueryForm, as_choices, strip


class AuditFilterForm(QueryForm):
    who = StringField("Who made the change", widget=GovTextInput(), filters=[strip],
                      description="Part of an email address or a command, like import-shops",
                      validators=[Length(max=200, message="Enter 200 characters or fewer")])
    what = SelectField("What was changed", widget=GovSelect(), default="",
                       validate_choice=False)
    from_date = StringField("From", name="from", id="from", widget=GovTextInput(),
                            filters=[strip], description="For example, 2026-04-01")
    to_date = StringField("To", name="to", id="to", widget=GovTextInput(), filters=[strip],
                          description="For example, 2026-06-30")

    def __init__(self, *args, entities: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.what.choices = as_choices([("", "Everything"), *((e, e) for e in entities)])
        self._entities = entities

    def validate_what(self, field) -> None:
        if field.data and field.data not in self._entities:
            raise ValidationError("Select what was changed from the list")
