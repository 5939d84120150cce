"""The coordinator's settings: targets, pass mark, thresholds, nation, close of business."""

from flask import g

from shopper.domain.settings import Settings
from shopper.extensions import db
from shopper.models import Setting


def load_settings() -> Settings:
    """The settings stored in the database, with the defaults for any not set."""
    values = {row.key: row.value for row in db.session.scalars(db.select(Setting))}
    return Settings.from_strings(values)


def current_settings() -> Settings:
    """The settings for this request, read once."""
    if "shopper_settings" not in g:
        g.shopper_settings = load_settings()
    return g.shopper_settings


def save_settings(settings: Settings) -> None:
    """Store every setting; the caller's request sees the new values at once."""
    for key, value in settings.to_strings().items():
        db.session.merge(Setting(key=key, value=value))
    db.session.commit()
    g.pop("shopper_settings", None)
