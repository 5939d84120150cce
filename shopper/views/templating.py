"""Template globals and filters shared by every page."""

from datetime import datetime

from flask import Flask, current_app, g
from flask.templating import Environment
from govuk_frontend_wtf.gov_form_base import GovFormBase
from jinja2.filters import do_indent
from markupsafe import Markup

from shopper.domain.deadlines import LONDON
from shopper.domain.phones import display_number
from shopper.views import component_cache


def london_time(at: datetime | None, fmt: str = "%-d %B %Y at %-I:%M%p") -> str:
    """A UTC moment as Europe/London wall-clock time, in GOV.UK style (1 March 2026 at 2:05pm)."""
    if at is None:
        return ""
    text = at.astimezone(LONDON).strftime(fmt)
    return text.replace("AM", "am").replace("PM", "pm")


class TemplateEnvironment(Environment):
    """Flask's template environment, each template's globals a plain dictionary.

    Jinja 3.1.2 made them a ChainMap over the environment's globals, so that globals added
    after a template is loaded are seen; Shopper adds all of its globals while the app is made,
    before any template is loaded. A dictionary matters because each `{% from … import … %}`,
    and the GOV.UK macros run dozens a page, compares the importing template's globals with
    the imported one's: over a ChainMap that took a seventh of a question page's time.
    """

    def make_globals(self, d):
        return {**self.globals, **(d or {})}


def indent(s, width: int | str = 4, first: bool = False, blank: bool = False):
    """Jinja's `indent` filter, giving the same text: worked on plain strings, then marked safe
    if it was given safe markup. Jinja's own adds safe markup line by line, and the GOV.UK
    macros indent every component they nest, a tenth of a question page's time."""
    if not isinstance(s, str):
        return do_indent(s, width, first, blank)
    indention = width if isinstance(width, str) else " " * width
    lines = (str.__str__(s) + "\n").splitlines()
    if blank:
        text = ("\n" + indention).join(lines)
    else:
        text = lines[0]
        if len(lines) > 1:
            text += "\n" + "\n".join(indention + line if line else line for line in lines[1:])
    if first:
        text = indention + text
    return Markup(text) if isinstance(s, Markup) else text


def _render_widget(widget: GovFormBase, params: dict) -> Markup:
    """A form field's GOV.UK macro, rendered from its parameters alone.

    govuk-frontend-wtf renders each field with Flask's render_template, which runs every
    context processor (the settings, the navigation, the nonce) again for each field; the
    field templates use none of them, so the markup is the same without. The markup is
    remembered for the same parameters (shopper.views.component_cache).
    """
    return component_cache.render(current_app.jinja_env.get_template(widget.template), params)


def register_template_helpers(app: Flask) -> None:
    from shopper.services.settings import current_settings
    from shopper.views.navigation import register_navigation

    GovFormBase.render = _render_widget
    app.jinja_env.filters["indent"] = indent
    app.jinja_env.filters["london_time"] = london_time
    app.jinja_env.filters["phone"] = display_number
    register_navigation(app)

    @app.context_processor
    def council():
        # An error page after a database failure must not ask the database again.
        if g.get("database_unavailable"):
            return {"council_name": "Shopper"}
        return {"council_name": current_settings().council_name}
