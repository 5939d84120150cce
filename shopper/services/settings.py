"""The coordinator's settings: targets, pass mark, thresholds, nation, close of business."""

from shopper.domain.settings import Settings
from shopper.extensions import db
from shopper.models import Setting
from shopper.services import freshness

# Kept in the database session's own dictionary, so they are read once per request or command
# (with the standards' cache key, in services.freshness) and forgotten when the session is
# removed at the end of it.
_CACHE_KEY = "shopper_settings"


def load_settings() -> Settings:
    """The settings stored in the database, with the defaults for any not set."""
    values = {row.key: row.value for row in db.session.scalars(db.select(Setting))}
    return Settings.from_strings(values)


def current_settings() -> Settings:
    """The settings for this request or command, read once."""
    info = db.session.info
    if _CACHE_KEY not in info:
        info[_CACHE_KEY] = Settings.from_strings(freshness.fresh().settings)
    return info[_CACHE_KEY]


def save_settings(settings: Settings) -> None:
    """Store every setting; the caller sees the new values at once."""
    for key, value in settings.to_strings().items():
        db.session.merge(Setting(key=key, value=value))
    db.session.commit()
    forget_settings()


def forget_settings() -> None:
    """Read the settings again next time they are asked for."""
    db.session.info.pop(_CACHE_KEY, None)
    freshness.forget()
