"""Template globals and filters shared by every page."""

from datetime import datetime

from flask import Flask, g

from shopper.domain.deadlines import LONDON
from shopper.domain.phones import display_number


def london_time(at: datetime | None, fmt: str = "%-d %B %Y at %-I:%M%p") -> str:
    """A UTC moment as Europe/London wall-clock time, in GOV.UK style (1 March 2026 at 2:05pm)."""
    if at is None:
        return ""
    text = at.astimezone(LONDON).strftime(fmt)
    return text.replace("AM", "am").replace("PM", "pm")


def register_template_helpers(app: Flask) -> None:
    from shopper.services.settings import current_settings
    from shopper.views.navigation import register_navigation

    app.jinja_env.filters["london_time"] = london_time
    app.jinja_env.filters["phone"] = display_number
    register_navigation(app)

    @app.context_processor
    def council():
        # An error page after a database failure must not ask the database again.
        if g.get("database_unavailable"):
            return {"council_name": "Shopper"}
        return {"council_name": current_settings().council_name}
