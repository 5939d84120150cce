"""Remembering the markup of GOV.UK components rendered from the same parameters.

A form field's GOV.UK macro is a pure function of its parameters: the same parameters give
the same markup. A question page renders the same fields with the same parameters request
after request, so the markup is kept, keyed on the template and on a canonical form of the
parameters that tells safe markup from plain text (so escaping can never differ) and keeps
the order of dictionaries (attributes are written in that order). Parameters holding
anything else than text, numbers, booleans, None, lists and dictionaries are rendered afresh.
The key holds the template object itself: a template reloaded after an edit is a new key.
"""

from collections import OrderedDict
from threading import Lock

from jinja2 import Template
from markupsafe import Markup

MAX_ENTRIES = 2048
enabled = True

_SCALARS = (str, int, float, bool, type(None))


class Uncacheable(Exception):
    """A parameter whose markup might depend on more than its value."""


def canonical(value):
    """A hashable form of a parameter, telling each type apart (Markup from str, True from 1)."""
    kind = type(value)
    if kind is dict:
        return ("dict", tuple((canonical(k), canonical(v)) for k, v in value.items()))
    if kind is list or kind is tuple:
        return (kind.__name__, tuple(canonical(v) for v in value))
    if kind is Markup or kind in _SCALARS:
        return (kind.__name__, value)
    raise Uncacheable(kind.__name__)


_entries: OrderedDict = OrderedDict()
_lock = Lock()


def render(template: Template, params: dict) -> Markup:
    """The template's markup for these parameters, remembered for the next time."""
    if not enabled:
        return Markup(template.render(params=params))
    try:
        key = (template, canonical(params))
    except Uncacheable:
        return Markup(template.render(params=params))
    with _lock:
        markup = _entries.get(key)
        if markup is not None:
            _entries.move_to_end(key)
            return markup
    markup = Markup(template.render(params=params))
    with _lock:
        _entries[key] = markup
        if len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return markup


def forget() -> None:
    with _lock:
        _entries.clear()
