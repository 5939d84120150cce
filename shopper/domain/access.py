"""An assessor's access: from the start of one day to the end of another, in UK time."""

from datetime import date, datetime, time, timedelta

from shopper.domain.deadlines import LONDON


def access_window(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    """Access opens at midnight starting first_day and ends at midnight after last_day."""
    if last_day < first_day:
        raise ValueError("The last day of access must be the same as or after the first")
    opens = datetime.combine(first_day, time(0), LONDON)
    closes = datetime.combine(last_day + timedelta(days=1), time(0), LONDON)
    return opens, closes


def last_day_of(closes: datetime) -> date:
    """The last day access is open, for access that closes at this moment."""
    return (closes.astimezone(LONDON) - timedelta(microseconds=1)).date()
