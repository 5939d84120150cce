from dataclasses import fields
from datetime import time
from decimal import Decimal
from fractions import Fraction

import pytest

from shopper.domain import SETTING_LABELS, Nation, SettingError, Settings, setting_errors


def test_defaults_are_those_of_the_spec():
    settings = Settings()
    assert settings.ring_target == 5
    assert settings.greeting_target_minutes == Decimal(2)
    assert settings.waiting_target_minutes == Decimal(10)
    assert settings.pass_mark == Fraction(4, 5)
    assert settings.compliant_threshold == Fraction(9, 10)
    assert settings.partially_compliant_threshold == Fraction(3, 5)
    assert settings.minimum_sample == 5
    assert settings.nation is Nation.ENGLAND
    assert settings.close_of_business == time(17, 0)
    assert settings.callback_working_days == 1
    assert settings.lockout_days == 28
    assert settings.daily_cap == 5


def test_missing_keys_take_defaults():
    assert Settings.from_strings({}) == Settings()


def test_defaults_as_text():
    assert Settings().to_strings() == {
        "council_name": "Anytown Borough Council",
        "ring_target": "5",
        "greeting_target_minutes": "2",
        "waiting_target_minutes": "10",
        "pass_mark": "80",
        "compliant_threshold": "90",
        "partially_compliant_threshold": "60",
        "minimum_sample": "5",
        "nation": "england",
        "close_of_business": "17:00",
        "callback_working_days": "1",
        "lockout_days": "28",
        "daily_cap": "5",
        "invitation_days": "7",
        "session_idle_minutes": "30",
        "session_lifetime_hours": "12",
    }


def test_round_trip_of_changed_settings():
    settings = Settings(
        council_name="Middlesbrough Council", ring_target=3,
        greeting_target_minutes=Decimal("1.5"), waiting_target_minutes=Decimal("7.25"),
        pass_mark=Fraction(3, 4), compliant_threshold=Fraction(19, 20),
        partially_compliant_threshold=Fraction(1, 2), minimum_sample=10,
        nation=Nation.NORTHERN_IRELAND, close_of_business=time(16, 30),
        callback_working_days=2, lockout_days=0, daily_cap=12, invitation_days=14,
    )
    assert Settings.from_strings(settings.to_strings()) == settings


def test_text_is_read_as_a_council_would_type_it():
    settings = Settings.from_strings({
        "pass_mark": " 75% ", "nation": "Northern Ireland", "close_of_business": "9:05",
        "council_name": "  Anytown   Council ",
    })
    assert settings.pass_mark == Fraction(3, 4)
    assert settings.nation is Nation.NORTHERN_IRELAND
    assert settings.close_of_business == time(9, 5)
    assert settings.council_name == "Anytown Council"


def test_unknown_keys_are_ignored():
    assert Settings.from_strings({"colour": "blue"}) == Settings()


@pytest.mark.parametrize(("key", "text", "message"), [
    ("pass_mark", "0", "Enter the pass mark as a whole number from 1 to 100"),
    ("pass_mark", "101", "Enter the pass mark as a whole number from 1 to 100"),
    ("pass_mark", "80.5", "Enter the pass mark as a whole number from 1 to 100"),
    ("pass_mark", "", "Enter the pass mark as a whole number from 1 to 100"),
    ("ring_target", "five", "Enter the ring target as a whole number from 1 to 99"),
    ("ring_target", "-1", "Enter the ring target as a whole number from 1 to 99"),
    ("greeting_target_minutes", "-2",
     "Enter the greeting target as a number of minutes from 0 to 999, like 2 or 1.5"),
    ("greeting_target_minutes", "NaN",
     "Enter the greeting target as a number of minutes from 0 to 999, like 2 or 1.5"),
    ("waiting_target_minutes", "1e3",
     "Enter the waiting target as a number of minutes from 0 to 999, like 10 or 7.5"),
    ("compliant_threshold", "abc",
     "Enter the compliant pass rate as a whole number from 1 to 100"),
    ("minimum_sample", "0",
     "Enter the fewest shops needed for a rating as a whole number from 1 to 1000"),
    ("nation", "france", "Select England, Wales, Scotland or Northern Ireland"),
    ("close_of_business", "5pm", "Enter close of business as a 24-hour time, like 17:00"),
    ("close_of_business", "24:00", "Enter close of business as a 24-hour time, like 17:00"),
    ("callback_working_days", "0",
     "Enter the working days allowed for a callback as a whole number from 1 to 20"),
    ("lockout_days", "366", "Enter the lock-out as a whole number of days from 0 to 365"),
    ("daily_cap", "0",
     "Enter the most shops one shopper can be given in a day as a whole number from 1 to 100"),
    ("council_name", "   ", "Enter the council's name"),
])
def test_bad_values_say_what_to_enter(key, text, message):
    with pytest.raises(SettingError) as raised:
        Settings.from_strings({key: text})
    assert raised.value.key == key
    assert raised.value.message == message
    assert isinstance(raised.value, ValueError)


def test_partially_compliant_threshold_cannot_exceed_compliant():
    with pytest.raises(SettingError) as raised:
        Settings.from_strings({"compliant_threshold": "50"})
    assert raised.value.key == "partially_compliant_threshold"
    assert "no higher than the compliant pass rate" in raised.value.message


def test_equal_thresholds_are_allowed():
    settings = Settings.from_strings(
        {"compliant_threshold": "75", "partially_compliant_threshold": "75"})
    assert settings.partially_compliant_threshold == settings.compliant_threshold


def test_every_problem_is_listed():
    errors = setting_errors({"pass_mark": "x", "daily_cap": "x", "ring_target": "3"})
    assert [error.key for error in errors] == ["pass_mark", "daily_cap"]


def test_every_setting_has_a_label():
    assert set(SETTING_LABELS) == {field.name for field in fields(Settings)}
    assert all(label and label[0].isupper() for label in SETTING_LABELS.values())
