"""Choosing an evidence export: the file, the period, the blocks and whether names go in."""


from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import ValidationError

from forms.fields import AppForm, Radios, as_choices, strip

FORMATS = [
    ("xlsx", "Spreadsheet (XLSX): summary, items, shops, standards, actions and the evidence "
             "matrix"),
    ("pdf", "Printable evidence pack (PDF)"),
    ("csv", "Shops (CSV)"),
    ("json", "Figures for other software (JSON)"),
]


class BlocksField(SelectMultipleField):
    """Tick boxes whose refusal of a made-up block says what to do."""

    widget = GovCheckboxesInput()

    def pre_validate(self, form) -> None:
        known = {value for value, *_ in self.choices}
        if any(value not in known for value in self.data or []):
            raise ValidationError("Select service blocks from the list, or none for every block")


class ExportForm(AppForm):
    file_format = Radios("Which file do you want?", "Select the kind of file to download",
                         choices=FORMATS)
    from_date = StringField("Start date", name="from", id="from", filters=[strip],
                            description="For example, 2026-04-01", widget=GovTextInput())
    to_date = StringField("End date", name="to", id="to", filters=[strip],
                          description="For example, 2026-06-30", widget=GovTextInput())
    blocks = BlocksField("Service blocks (optional)",
                         description="Leave them all unticked for every block you can see")
    with_names = BooleanField(
        "Include officers' and shoppers' names, notes and reasons", widget=GovCheckboxInput(),
        description="Only if the assessor needs them: the audit trail records that you did")
    submit = SubmitField("Download", widget=GovSubmitInput())

    def offer_blocks(self, blocks: list[tuple[int, str]]) -> None:
        self.blocks.choices = as_choices((str(block_id), name) for block_id, name in blocks)

    def field_for(self, name: str | None) -> StringField:
        """The date field a period error is about: the end date unless it is the start."""
        return self.from_date if name == "from" else self.to_date
