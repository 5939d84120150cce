"""Rules for text people type or import: no invisible control characters."""

import re

# NUL and the other C0 and C1 control characters, DEL, and lone surrogates (which no database
# can store); tab, line feed and carriage return are how people lay out their notes.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

CONTROL_MESSAGE = ("Remove the invisible control characters from {what}: retype it, or paste it "
                   "as plain text")


def has_control_characters(text: str, *, one_line: bool = False) -> bool:
    """Whether the text holds a character no one can see or type, like NUL."""
    pattern = _CONTROL_ONE_LINE if one_line else _CONTROL
    return pattern.search(text) is not None


def control_characters_message(what: str) -> str:
    """What to do about text holding control characters, naming what the text is."""
    return CONTROL_MESSAGE.format(what=what)
