"""Periods and blocks asked for by people: checked once, for the command line and the API."""

import difflib
import re
from datetime import date, timedelta

from shopper.extensions import db
from shopper.models import ServiceBlock

MAX_YEARS = 5
EARLIEST_YEAR = 1900
# Far enough ahead for any plan, and far from the calendar's end (year 9999), which the
# previous period and the day after a period's end would run past.
LATEST_YEAR = 2100

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_NAMES = {"from": "start date", "to": "end date"}


class PeriodError(ValueError):
    """A period that cannot be reported on; the message says what to enter instead."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        # "from" or "to" when one date is at fault; None when the pair is.
        self.field = field
        self.message = message


class UnknownBlock(ValueError):
    """A service block name that matches no block; the message says what to enter."""


def parse_date(text: str | None, field: str) -> date:
    """A date written YYYY-MM-DD; PeriodError saying which date is missing or wrong."""
    name = _NAMES[field]
    example = f"Enter the {name} as YYYY-MM-DD, like 2026-04-01"
    text = (text or "").strip()
    match = _ISO_DATE.fullmatch(text)
    if not match:
        raise PeriodError(field, example)
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise PeriodError(field, f"Enter a real {name}, like 2026-04-01: {text} does not "
                                 "exist") from None
    if day.year < EARLIEST_YEAR:
        raise PeriodError(field, f"Enter a {name} in {EARLIEST_YEAR} or later")
    if day.year > LATEST_YEAR:
        raise PeriodError(field, f"Enter a {name} in {LATEST_YEAR} or earlier")
    return day


def latest_end(start: date) -> date:
    """The last day of the longest period allowed from this start."""
    try:
        limit = start.replace(year=start.year + MAX_YEARS)
    except ValueError:  # 29 February, five years on, is not a date
        limit = start.replace(year=start.year + MAX_YEARS, day=28) + timedelta(days=1)
    return limit - timedelta(days=1)


def parse_period(from_text: str | None, to_text: str | None) -> tuple[date, date]:
    """The start and end dates, both included; PeriodError with what to enter if unusable."""
    start = parse_date(from_text, "from")
    end = parse_date(to_text, "to")
    if end < start:
        raise PeriodError("to", "The end date must be the same as or after the start date")
    if end > latest_end(start):
        raise PeriodError("to", f"Choose a period of {MAX_YEARS} years or less: the end date "
                                f"must be no later than {latest_end(start).isoformat()}")
    return start, end


def block_ids_for_names(names: list[str]) -> list[int]:
    """The ids of the service blocks with these names, in order, each once."""
    wanted = [" ".join(name.split()) for name in names]
    known = dict(db.session.execute(db.select(ServiceBlock.name, ServiceBlock.id)).all())
    ids: list[int] = []
    for name in wanted:
        if name not in known:
            raise UnknownBlock(_unknown_block_message(name, sorted(known)))
        if known[name] not in ids:
            ids.append(known[name])
    return ids


def _unknown_block_message(name: str, known: list[str]) -> str:
    if not name:
        return "Enter the name of a service block, like Planning"
    by_case = {block.casefold(): block for block in known}
    close = ([by_case[name.casefold()]] if name.casefold() in by_case
             else difflib.get_close_matches(name, known, n=1))
    if close:
        return f"There is no service block called {name!r}: did you mean {close[0]!r}?"
    example = f", like {known[0]!r}" if known else ""
    return (f"There is no service block called {name!r}: enter a service block's name as it "
            f"appears in Shopper{example}")


# -- Quarters people ask for most ---------------------------------------------------------

def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def this_quarter(today: date) -> tuple[date, date]:
    """The calendar quarter holding today, from its first day to its last."""
    start = quarter_start(today)
    return start, quarter_start(start + timedelta(days=95)) - timedelta(days=1)


def last_complete_quarter(today: date) -> tuple[date, date]:
    end = quarter_start(today) - timedelta(days=1)
    return quarter_start(end), end


def period_shortcuts(today: date) -> list[tuple[str, date, date]]:
    """Periods people ask for most, as (label, start, end)."""
    return [("This quarter", *this_quarter(today)),
            ("Last quarter", *last_complete_quarter(today)),
            ("Last 12 months", today - timedelta(days=364), today)]
