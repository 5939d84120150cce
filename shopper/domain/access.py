"""An assessor's access: from the start of one day to the end of another, in UK time."""

from datetime import date, datetime, time

from shopper.domain.deadlines import LONDON
from shopper.domain.people import access_ends_at


def access_window(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    """Access opens at midnight starting first_day and ends at midnight after last_day."""
    if last_day < first_day:
        raise ValueError("The last day of access must be the same as or after the first")
    return datetime.combine(first_day, time(0), LONDON), access_ends_at(last_day)
