"""Reading a period typed on the command line or sent to the API."""

from datetime import date

import pytest

from shopper.services.review.periods import PeriodError, latest_end, parse_period


def test_a_period_is_two_dates_both_included():
    assert parse_period("2026-04-01", " 2026-06-30 ") == (date(2026, 4, 1), date(2026, 6, 30))
    assert parse_period("2026-04-01", "2026-04-01") == (date(2026, 4, 1), date(2026, 4, 1))


@pytest.mark.parametrize(("start", "end", "field", "message"), [
    (None, "2026-06-30", "from", "Enter the start date as YYYY-MM-DD, like 2026-04-01"),
    ("", "2026-06-30", "from", "Enter the start date as YYYY-MM-DD, like 2026-04-01"),
    ("2026-04-01", None, "to", "Enter the end date as YYYY-MM-DD, like 2026-04-01"),
    ("yesterday", "2026-06-30", "from", "Enter the start date as YYYY-MM-DD, like 2026-04-01"),
    ("01/04/2026", "2026-06-30", "from", "Enter the start date as YYYY-MM-DD, like 2026-04-01"),
    # Other ISO 8601 forms Python would read are refused: one way to write a date.
    ("20260401", "2026-06-30", "from", "Enter the start date as YYYY-MM-DD, like 2026-04-01"),
    ("2026-W14-3", "2026-06-30", "from", "Enter the start date as YYYY-MM-DD, like 2026-04-01"),
    ("2026-4-1", "2026-06-30", "from", "Enter the start date as YYYY-MM-DD, like 2026-04-01"),
    ("２０２６-04-01", "2026-06-30", "from", "Enter the start date as YYYY-MM-DD, like 2026-04-01"),
    ("2026-02-30", "2026-06-30", "from",
     "Enter a real start date, like 2026-04-01: 2026-02-30 does not exist"),
    ("2026-04-01", "2026-13-01", "to",
     "Enter a real end date, like 2026-04-01: 2026-13-01 does not exist"),
    ("0001-01-01", "0001-01-02", "from", "Enter a start date in 1900 or later"),
    ("2026-04-01", "2026-03-31", "to", "The end date must be the same as or after the start date"),
    ("2026-04-01", "2031-04-01", "to",
     "Choose a period of 5 years or less: the end date must be no later than 2031-03-31"),
])
def test_unusable_periods_say_what_to_enter(start, end, field, message):
    with pytest.raises(PeriodError) as raised:
        parse_period(start, end)

    assert (raised.value.field, str(raised.value)) == (field, message)


def test_five_years_is_the_longest_period():
    assert parse_period("2026-04-01", "2031-03-31")[1] == date(2031, 3, 31)
    assert latest_end(date(2024, 2, 29)) == date(2029, 2, 28)
    assert latest_end(date(2024, 3, 1)) == date(2029, 2, 28)
    assert latest_end(date(2024, 1, 1)) == date(2028, 12, 31)
