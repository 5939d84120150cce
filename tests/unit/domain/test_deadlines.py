from datetime import UTC, date, datetime, time, timedelta

import pytest

from shopper.domain import (
    LONDON,
    CallbackState,
    CallFacts,
    Nation,
    Outcome,
    Settings,
    WorkingCalendar,
    callback_deadline,
    callback_state,
    local_date,
)

ENGLAND = WorkingCalendar()
WALES = WorkingCalendar(Nation.WALES)
SCOTLAND = WorkingCalendar(Nation.SCOTLAND)
NORTHERN_IRELAND = WorkingCalendar(Nation.NORTHERN_IRELAND)


def london(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON)


def deadline(left: datetime, calendar: WorkingCalendar = ENGLAND) -> datetime:
    return callback_deadline(left, calendar)


def test_worked_example_christmas_2026():
    assert deadline(london(2026, 12, 24, 10, 0)) == london(2026, 12, 29, 17, 0)


def test_deadline_is_a_london_time():
    result = deadline(london(2026, 6, 10, 10, 0))
    assert result.tzinfo is LONDON
    assert result.utcoffset() == timedelta(hours=1)
    assert result.astimezone(UTC) == datetime(2026, 6, 11, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize(("left", "expected"), [
    (london(2026, 3, 4, 9, 0), london(2026, 3, 5, 17, 0)),  # Wednesday morning
    (london(2026, 3, 5, 18, 30), london(2026, 3, 6, 17, 0)),  # Thursday after close of business
    (london(2026, 3, 6, 10, 0), london(2026, 3, 9, 17, 0)),  # Friday: over the weekend
    (london(2026, 3, 7, 11, 0), london(2026, 3, 9, 17, 0)),  # Saturday counts from Saturday
    (london(2026, 3, 8, 23, 59), london(2026, 3, 9, 17, 0)),  # Sunday
    (london(2026, 4, 6, 12, 0), london(2026, 4, 7, 17, 0)),  # Easter Monday itself
    (london(2026, 4, 2, 12, 0), london(2026, 4, 7, 17, 0)),  # before Good Friday and Easter
])
def test_england(left, expected):
    assert deadline(left) == expected


def test_day_is_the_london_date_not_the_utc_date():
    # 23:30 UTC on a June Wednesday is already Thursday in London.
    assert deadline(datetime(2026, 6, 10, 23, 30, tzinfo=UTC)) == london(2026, 6, 12, 17, 0)
    assert deadline(datetime(2026, 1, 14, 23, 30, tzinfo=UTC)) == london(2026, 1, 15, 17, 0)


def test_two_working_days():
    calendar = WorkingCalendar(working_days=2)
    assert deadline(london(2026, 3, 5, 10, 0), calendar) == london(2026, 3, 9, 17, 0)
    assert deadline(london(2026, 12, 23, 10, 0), calendar) == london(2026, 12, 29, 17, 0)


def test_close_of_business_can_change():
    calendar = WorkingCalendar(close_of_business=time(16, 30))
    assert deadline(london(2026, 3, 4, 9, 0), calendar) == london(2026, 3, 5, 16, 30)


def test_from_settings():
    settings = Settings(nation=Nation.SCOTLAND, close_of_business=time(16),
                        callback_working_days=3)
    assert WorkingCalendar.from_settings(settings) == WorkingCalendar(
        Nation.SCOTLAND, time(16), 3)


def test_boxing_day_substitute_everywhere():
    for calendar in (ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND):
        assert not calendar.is_working_day(date(2026, 12, 28))
        assert calendar.is_working_day(date(2026, 12, 29))


def test_scotland_keeps_2_january():
    left = london(2025, 12, 31, 10, 0)
    assert deadline(left, ENGLAND) == london(2026, 1, 2, 17, 0)
    assert deadline(left, SCOTLAND) == london(2026, 1, 5, 17, 0)


def test_scotland_st_andrews_day_substitute():
    # 30 November 2025 was a Sunday, so Scotland's holiday was Monday 1 December.
    left = london(2025, 11, 28, 10, 0)
    assert deadline(left, ENGLAND) == london(2025, 12, 1, 17, 0)
    assert deadline(left, SCOTLAND) == london(2025, 12, 2, 17, 0)


def test_scotland_has_no_easter_monday():
    left = london(2026, 4, 3, 10, 0)  # Good Friday, a holiday everywhere
    assert deadline(left, ENGLAND) == london(2026, 4, 7, 17, 0)
    assert deadline(left, SCOTLAND) == london(2026, 4, 6, 17, 0)


def test_august_bank_holiday_differs_in_scotland():
    end_of_july = london(2026, 7, 31, 10, 0)
    assert deadline(end_of_july, ENGLAND) == london(2026, 8, 3, 17, 0)
    assert deadline(end_of_july, SCOTLAND) == london(2026, 8, 4, 17, 0)
    end_of_august = london(2026, 8, 28, 10, 0)
    assert deadline(end_of_august, ENGLAND) == london(2026, 9, 1, 17, 0)
    assert deadline(end_of_august, WALES) == london(2026, 9, 1, 17, 0)
    assert deadline(end_of_august, SCOTLAND) == london(2026, 8, 31, 17, 0)


def test_northern_ireland_st_patricks_day():
    left = london(2026, 3, 16, 10, 0)
    assert deadline(left, ENGLAND) == london(2026, 3, 17, 17, 0)
    assert deadline(left, NORTHERN_IRELAND) == london(2026, 3, 18, 17, 0)


def test_northern_ireland_twelfth_of_july():
    left = london(2027, 7, 9, 10, 0)  # Friday; the 12th is a Monday
    assert deadline(left, ENGLAND) == london(2027, 7, 12, 17, 0)
    assert deadline(left, NORTHERN_IRELAND) == london(2027, 7, 13, 17, 0)
    # In 2026 the 12th is a Sunday, so Monday the 13th is the holiday.
    assert deadline(london(2026, 7, 10, 10, 0), NORTHERN_IRELAND) == london(2026, 7, 14, 17, 0)


def test_add_working_days():
    assert ENGLAND.add_working_days(date(2026, 12, 24), 0) == date(2026, 12, 24)
    assert ENGLAND.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert ENGLAND.add_working_days(date(2026, 12, 24), 3) == date(2026, 12, 31)
    assert ENGLAND.add_working_days(date(2026, 12, 24), 4) == date(2027, 1, 4)
    with pytest.raises(ValueError):
        ENGLAND.add_working_days(date(2026, 12, 24), -1)


def test_weekends_are_not_working_days():
    assert not ENGLAND.is_working_day(date(2026, 3, 7))
    assert not ENGLAND.is_working_day(date(2026, 3, 8))
    assert ENGLAND.is_working_day(date(2026, 3, 9))


def test_local_date():
    assert local_date(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == date(2026, 7, 1)
    assert local_date(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == date(2026, 12, 31)
    with pytest.raises(ValueError):
        local_date(datetime(2026, 6, 30, 23, 30))


LEFT = london(2026, 12, 24, 10, 0)
DEADLINE = london(2026, 12, 29, 17, 0)


def voicemail(**changes) -> CallFacts:
    facts = {"occurred_at": LEFT, "outcome": Outcome.VOICEMAIL, "rings": 2,
             "message_left_at": LEFT}
    return CallFacts(**{**facts, **changes})


def state(facts: CallFacts, now: datetime = DEADLINE + timedelta(days=7)) -> CallbackState:
    return callback_state(facts, ENGLAND, now)


def test_callback_exactly_at_the_deadline_is_met():
    assert state(voicemail(callback_at=DEADLINE)) is CallbackState.MET
    assert state(voicemail(callback_at=DEADLINE.astimezone(UTC))) is CallbackState.MET


def test_callback_a_minute_late():
    assert state(voicemail(callback_at=DEADLINE + timedelta(minutes=1))) is CallbackState.LATE


def test_no_message_no_callback_state():
    facts = CallFacts(LEFT, Outcome.PERSON, rings=2)
    assert state(facts) is CallbackState.NOT_APPLICABLE


def test_awaiting_until_the_deadline_passes():
    assert state(voicemail(), now=DEADLINE) is CallbackState.AWAITING
    assert state(voicemail(), now=DEADLINE + timedelta(seconds=1)) is CallbackState.NEVER


def test_never_when_the_shopper_says_so():
    assert state(voicemail(callback_never=True), now=LEFT) is CallbackState.NEVER
