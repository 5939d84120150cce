"""Working days and callback deadlines, in the council's nation and Europe/London time."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from shopper.domain.enums import CallbackState, Nation
from shopper.domain.facts import CallFacts
from shopper.domain.settings import Settings

LONDON = ZoneInfo("Europe/London")

# The holidays package's subdivision codes for the United Kingdom.
_SUBDIVISIONS = {
    Nation.ENGLAND: "ENG",
    Nation.WALES: "WLS",
    Nation.SCOTLAND: "SCT",
    Nation.NORTHERN_IRELAND: "NIR",
}


def local_date(at: datetime) -> date:
    """The Europe/London date of an aware datetime."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("local_date needs a timezone-aware datetime")
    return at.astimezone(LONDON).date()


@lru_cache(maxsize=256)
def bank_holidays(nation: Nation, year: int) -> frozenset[date]:
    """The bank holidays of one nation in one year, substitute days included."""
    calendar = holidays.country_holidays("GB", subdiv=_SUBDIVISIONS[Nation(nation)], years=year)
    return frozenset(calendar)


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are working days, and the callback target counted in them."""

    nation: Nation = Nation.ENGLAND
    close_of_business: time = time(17)
    working_days: int = 1

    @classmethod
    def from_settings(cls, settings: Settings) -> "WorkingCalendar":
        """The calendar a council's settings describe."""
        return cls(settings.nation, settings.close_of_business, settings.callback_working_days)

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday, and not a bank holiday in the council's nation."""
        return day.weekday() < 5 and day not in bank_holidays(self.nation, day.year)

    def add_working_days(self, day: date, count: int) -> date:
        """The count-th working day after the given day, which itself never counts."""
        if count < 0:
            raise ValueError("count must not be negative")
        while count:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day


def callback_deadline(left_at: datetime, calendar: WorkingCalendar) -> datetime:
    """Close of business on the N-th working day after the day the message was left."""
    day = calendar.add_working_days(local_date(left_at), calendar.working_days)
    return datetime.combine(day, calendar.close_of_business, tzinfo=LONDON)


def callback_state(facts: CallFacts, calendar: WorkingCalendar, now: datetime) -> CallbackState:
    """Where the callback to a message left stands at the moment `now`."""
    if facts.message_left_at is None:
        return CallbackState.NOT_APPLICABLE
    deadline = callback_deadline(facts.message_left_at, calendar)
    if facts.callback_at is not None:
        return CallbackState.MET if facts.callback_at <= deadline else CallbackState.LATE
    if facts.callback_never or now > deadline:
        return CallbackState.NEVER
    return CallbackState.AWAITING
