"""The targets and thresholds a coordinator can change, and their text form for storage."""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import time
from decimal import Decimal
from fractions import Fraction
from typing import Any

from shopper.domain.enums import Nation

SETTING_LABELS: dict[str, str] = {
    "council_name": "Council name",
    "ring_target": "Ring target (rings before a call should be answered)",
    "greeting_target_minutes": "Greeting target at reception (minutes)",
    "waiting_target_minutes": "Waiting target at reception (minutes)",
    "pass_mark": "Pass mark for a shop (%)",
    "compliant_threshold": "Pass rate needed to be compliant (%)",
    "partially_compliant_threshold": "Pass rate needed to be partially compliant (%)",
    "minimum_sample": "Fewest shops needed for a rating",
    "nation": "Nation whose bank holidays the council keeps",
    "close_of_business": "Close of business (24-hour time)",
    "callback_working_days": "Working days allowed to return a voicemail message",
    "lockout_days": "Days before a line or reception point can be shopped again",
    "daily_cap": "Most shops one shopper can be given in a day",
    "invitation_days": "Days an invitation link works",
    "session_idle_minutes": "Minutes without activity before someone is signed out",
    "session_lifetime_hours": "Hours after signing in before someone must sign in again",
}

_WHOLE = re.compile(r"\d{1,9}")
_MINUTES = re.compile(r"\d{1,3}(\.\d{1,2})?")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


class SettingError(ValueError):
    """A setting's text that cannot be used, with a message that says what to enter."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


@dataclass(frozen=True)
class Settings:
    """Everything a coordinator may change about how shops are judged and assigned."""

    council_name: str = "Anytown Borough Council"
    ring_target: int = 5
    greeting_target_minutes: Decimal = Decimal(2)
    waiting_target_minutes: Decimal = Decimal(10)
    pass_mark: Fraction = Fraction(4, 5)
    compliant_threshold: Fraction = Fraction(9, 10)
    partially_compliant_threshold: Fraction = Fraction(3, 5)
    minimum_sample: int = 5
    nation: Nation = Nation.ENGLAND
    close_of_business: time = time(17, 0)
    callback_working_days: int = 1
    lockout_days: int = 28
    daily_cap: int = 5
    invitation_days: int = 7
    session_idle_minutes: int = 30
    session_lifetime_hours: int = 12

    @classmethod
    def from_strings(cls, values: Mapping[str, str]) -> "Settings":
        """Settings from stored text; missing keys take their defaults, unknown keys are ignored."""
        errors = setting_errors(values)
        if errors:
            raise errors[0]
        parsed = {key: _PARSERS[key][0](values[key]) for key in _PARSERS if key in values}
        return cls(**parsed)

    def to_strings(self) -> dict[str, str]:
        """Every setting as the text from_strings reads back."""
        return {f.name: _PARSERS[f.name][1](getattr(self, f.name)) for f in fields(self)}


def setting_errors(values: Mapping[str, str]) -> list[SettingError]:
    """Every problem with the given settings' text, in the order of SETTING_LABELS."""
    errors = []
    for key, (parse, _) in _PARSERS.items():
        if key in values:
            try:
                parse(values[key])
            except ValueError as error:
                errors.append(SettingError(key, str(error)))
    if not errors and _thresholds_crossed(values):
        errors.append(SettingError(
            "partially_compliant_threshold",
            "Enter a partially compliant pass rate no higher than the compliant pass rate",
        ))
    return errors


def _thresholds_crossed(values: Mapping[str, str]) -> bool:
    defaults = Settings()

    def threshold(key: str) -> Fraction:
        return _PARSERS[key][0](values[key]) if key in values else getattr(defaults, key)
    return threshold("partially_compliant_threshold") > threshold("compliant_threshold")


def _whole(message: str, low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        text = text.strip()
        if not _WHOLE.fullmatch(text) or not low <= int(text) <= high:
            raise ValueError(message)
        return int(text)
    return parse


def _percentage(message: str) -> Callable[[str], Fraction]:
    whole = _whole(message, 1, 100)

    def parse(text: str) -> Fraction:
        return Fraction(whole(text.strip().removesuffix("%")), 100)
    return parse


def _minutes(message: str) -> Callable[[str], Decimal]:
    def parse(text: str) -> Decimal:
        text = text.strip()
        if not _MINUTES.fullmatch(text):
            raise ValueError(message)
        return Decimal(text)
    return parse


def _council_name(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise ValueError("Enter the council's name")
    if len(text) > 200:
        raise ValueError("Enter a council name of 200 characters or fewer")
    return text


def _nation(text: str) -> Nation:
    try:
        return Nation(text.strip().lower().replace(" ", "_"))
    except ValueError:
        raise ValueError("Select England, Wales, Scotland or Northern Ireland") from None


def _clock(text: str) -> time:
    match = _CLOCK.fullmatch(text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError("Enter close of business as a 24-hour time, like 17:00")
    return time(int(match[1]), int(match[2]))


def _percentage_text(value: Fraction) -> str:
    percent = value * 100
    if percent.denominator == 1:
        return str(percent.numerator)
    # Only reachable for Settings built in code; from_strings accepts whole percentages.
    return format(Decimal(percent.numerator) / Decimal(percent.denominator), "f")


_PARSERS: dict[str, tuple[Callable[[str], Any], Callable[[Any], str]]] = {
    "council_name": (_council_name, str),
    "ring_target": (_whole("Enter the ring target as a whole number from 1 to 99", 1, 99), str),
    "greeting_target_minutes": (_minutes(
        "Enter the greeting target as a number of minutes from 0 to 999, like 2 or 1.5"),
        lambda value: format(value, "f")),
    "waiting_target_minutes": (_minutes(
        "Enter the waiting target as a number of minutes from 0 to 999, like 10 or 7.5"),
        lambda value: format(value, "f")),
    "pass_mark": (_percentage("Enter the pass mark as a whole number from 1 to 100"),
                  _percentage_text),
    "compliant_threshold": (_percentage(
        "Enter the compliant pass rate as a whole number from 1 to 100"), _percentage_text),
    "partially_compliant_threshold": (_percentage(
        "Enter the partially compliant pass rate as a whole number from 1 to 100"),
        _percentage_text),
    "minimum_sample": (_whole(
        "Enter the fewest shops needed for a rating as a whole number from 1 to 1000", 1, 1000),
        str),
    "nation": (_nation, str),
    "close_of_business": (_clock, lambda value: value.strftime("%H:%M")),
    "callback_working_days": (_whole(
        "Enter the working days allowed for a callback as a whole number from 1 to 20", 1, 20),
        str),
    "lockout_days": (_whole("Enter the lock-out as a whole number of days from 0 to 365", 0, 365),
                     str),
    "daily_cap": (_whole(
        "Enter the most shops one shopper can be given in a day as a whole number from 1 to 100",
        1, 100), str),
    "invitation_days": (_whole(
        "Enter the days an invitation link works as a whole number from 1 to 30", 1, 30), str),
    "session_idle_minutes": (_whole(
        "Enter the minutes without activity as a whole number from 5 to 480", 5, 480), str),
    "session_lifetime_hours": (_whole(
        "Enter the hours before signing in again as a whole number from 1 to 168", 1, 168), str),
}
