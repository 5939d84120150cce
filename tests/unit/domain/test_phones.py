"""Phone numbers: the quick reading of plain UK numbers agrees with phonenumbers' own parser."""

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shopper.domain.phones import PhoneNumberError, display_number, parse_phone_number


def _library(text: str) -> str | None:
    """What phonenumbers itself makes of the text: E.164, or None when not a valid number."""
    try:
        parsed = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _ours(text: str) -> str | None:
    try:
        return parse_phone_number(text).e164
    except PhoneNumberError:
        return None


@given(prefix=st.sampled_from(["0", "+44", "+44 ", "(0", "0 "]),
       digits=st.text("0123456789", min_size=8, max_size=11),
       spaced=st.booleans())
def test_any_plain_uk_number_reads_as_phonenumbers_reads_it(prefix, digits, spaced):
    text = prefix + (" ".join([digits[:3], digits[3:6], digits[6:]]) if spaced else digits)
    if prefix == "(0":
        text = f"(0{digits[:3]}) {digits[3:]}"
    assert _ours(text) == _library(text)


@pytest.mark.parametrize("text, e164", [
    ("0113 496 0000", "+441134960000"),
    ("020 7946 0999", "+442079460999"),
    ("+44 113 496 0101", "+441134960101"),
    ("01534 440000", "+441534440000"),  # Jersey: +44, but not GB's own numbering
    ("0113-496-0100", "+441134960100"),
])
def test_numbers_are_stored_in_e164(text, e164):
    assert parse_phone_number(text).e164 == e164


@pytest.mark.parametrize("text", ["07700 900123", "01632 960000", "0000", "012345678901234"])
def test_numbers_that_are_not_real_are_refused_saying_what_to_enter(text):
    with pytest.raises(PhoneNumberError, match="Enter"):
        parse_phone_number(text)


def test_an_extension_is_kept_and_shown_the_uk_way():
    phone = parse_phone_number("0113 496 0100", "2201")
    assert (phone.e164, phone.extension) == ("+441134960100", "2201")
    assert display_number(phone.e164, phone.extension) == "0113 496 0100 ext. 2201"
