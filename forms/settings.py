"""The council's settings: targets, pass mark, thresholds, calendar, council name."""

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField
from wtforms.validators import InputRequired, StopValidation

from forms.fields import AppForm, ChoiceRadioField, strip
from shopper.domain.enums import Nation
from shopper.domain.people import has_control_characters
from shopper.domain.settings import SETTING_LABELS, setting_errors

NEW_SHOPS = "Applies to shops recorded from now on; shops already recorded keep their results"
DEADLINES = ("Applies to callback deadlines worked out from now on, as messages and callbacks "
             "are recorded; deadlines already worked out are kept")
RATINGS = ("Applies at once to every rating, for past periods too, including the published "
           "results page")
ASSIGNMENTS = "Applies to shops assigned from now on"
# What changing each setting affects, shown under it on the page.
EFFECTS = {
    "council_name": "Shown at once on every page, in emails and on the published results",
    "ring_target": NEW_SHOPS,
    "greeting_target_minutes": NEW_SHOPS,
    "waiting_target_minutes": NEW_SHOPS,
    "pass_mark": NEW_SHOPS,
    "compliant_threshold": RATINGS,
    "partially_compliant_threshold": RATINGS,
    "minimum_sample": RATINGS,
    "nation": DEADLINES,
    "close_of_business": DEADLINES,
    "callback_working_days": DEADLINES,
    "lockout_days": ASSIGNMENTS,
    "daily_cap": ASSIGNMENTS,
    "invitation_days": "Applies to invitations sent from now on; links already sent keep "
                       "their expiry",
    "session_idle_minutes": "Applies from each person's next sign-in",
    "session_lifetime_hours": "Applies from each person's next sign-in",
}


class ValidSetting:
    """The setting's own rule, worded as what to enter."""

    def __init__(self, key: str):
        self.key = key

    def __call__(self, form, field):
        if has_control_characters(field.data or ""):
            raise StopValidation("Enter letters, numbers and punctuation only")
        errors = setting_errors({self.key: field.data or ""})
        if errors:
            raise StopValidation(errors[0].message)


def _setting(key: str, required: str) -> StringField:
    return StringField(SETTING_LABELS[key], widget=GovTextInput(), filters=[strip],
                       description=EFFECTS[key],
                       validators=[InputRequired(required), ValidSetting(key)])


class SettingsForm(AppForm):
    council_name = _setting("council_name", "Enter the council's name")
    ring_target = _setting("ring_target", "Enter the ring target")
    greeting_target_minutes = _setting("greeting_target_minutes", "Enter the greeting target")
    waiting_target_minutes = _setting("waiting_target_minutes", "Enter the waiting target")
    pass_mark = _setting("pass_mark", "Enter the pass mark")
    compliant_threshold = _setting("compliant_threshold", "Enter the compliant pass rate")
    partially_compliant_threshold = _setting("partially_compliant_threshold",
                                             "Enter the partially compliant pass rate")
    minimum_sample = _setting("minimum_sample", "Enter the fewest shops needed for a rating")
    nation = ChoiceRadioField(
        SETTING_LABELS["nation"], description=EFFECTS["nation"],
        choices=[(nation.value, nation.label) for nation in Nation],
        invalid="Select England, Wales, Scotland or Northern Ireland",
        validators=[InputRequired("Select England, Wales, Scotland or Northern Ireland")])
    close_of_business = _setting("close_of_business", "Enter close of business, like 17:00")
    callback_working_days = _setting("callback_working_days",
                                     "Enter the working days allowed for a callback")
    lockout_days = _setting("lockout_days", "Enter the lock-out in days")
    daily_cap = _setting("daily_cap", "Enter the most shops one shopper can be given in a day")
    invitation_days = _setting("invitation_days", "Enter the days an invitation link works")
    session_idle_minutes = _setting("session_idle_minutes",
                                    "Enter the minutes without activity before signing out")
    session_lifetime_hours = _setting("session_lifetime_hours",
                                      "Enter the hours before signing in again")
    submit = SubmitField("Save settings", widget=GovSubmitInput())

    def values(self) -> dict[str, str]:
        """Every setting as the text the domain reads."""
        return {key: self[key].data for key in SETTING_LABELS}

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        errors = setting_errors(self.values())
        for error in errors:
            self[error.key].errors = [*self[error.key].errors, error.message]
        return not errors
