"""Changing the council's settings from the app, audited, applying from then on."""

from shopper.domain.settings import Settings, setting_errors
from shopper.services.audit import Actor, record_change
from shopper.services.settings import current_settings, save_settings


class SettingsRefused(ValueError):
    """Settings that cannot be saved: `errors` holds each setting's problem."""

    def __init__(self, errors):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


def settings_as_text() -> dict[str, str]:
    """Every setting now in force, as the text the settings page shows."""
    return current_settings().to_strings()


def change_settings(actor: Actor, values: dict[str, str]) -> list[str]:
    """Save the settings given; the audit trail keeps each one changed. Returns their keys."""
    errors = setting_errors(values)
    if errors:
        raise SettingsRefused(errors)
    before = current_settings().to_strings()
    after = Settings.from_strings({**before, **values}).to_strings()
    changed = [key for key in after if after[key] != before[key]]
    if not changed:
        return []
    record_change(actor, "settings", "council", "changed",
                  {key: before[key] for key in changed}, {key: after[key] for key in changed})
    save_settings(Settings.from_strings(after))
    return changed
