"""Phone numbers: parsed and checked with phonenumbers, stored in E.164, shown the UK way."""

import re
from dataclasses import dataclass

import phonenumbers

EXAMPLE = "0113 496 0000"

# A plain UK number, written nationally (0113 496 0000) or with +44: the digits after the 0 or
# the 44 are the national number, so phonenumbers' general parser (half the cost) is not needed.
_PLAIN_UK = re.compile(r"(?:0|\+44)([1-9][0-9]{8,9})")
_SEPARATORS = str.maketrans("", "", " -()")


class PhoneNumberError(ValueError):
    """Not a phone number Shopper can call; the message says what to enter."""


@dataclass(frozen=True)
class PhoneNumber:
    e164: str
    extension: str = ""


def parse_phone_number(text: str, extension: str = "", region: str = "GB") -> PhoneNumber:
    """The number in E.164 with its extension, or PhoneNumberError saying what to enter."""
    text = (text or "").strip()
    if not text:
        raise PhoneNumberError(f"Enter a phone number, like {EXAMPLE}")
    if region == "GB" and (plain := _plain_uk_number(text)):
        return _with_extension(plain, extension)
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise PhoneNumberError(f"Enter a phone number, like {EXAMPLE}, not {text!r}") from None
    if not phonenumbers.is_valid_number(parsed):
        raise PhoneNumberError(f"Enter a real phone number, like {EXAMPLE}: {text!r} is not one")
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return _with_extension(e164, (extension or "").strip() or (parsed.extension or ""))


def _plain_uk_number(text: str) -> str | None:
    """The E.164 form of a valid UK number written plainly; None to leave it to the parser."""
    match = _PLAIN_UK.fullmatch(text.translate(_SEPARATORS))
    if not match:
        return None
    parsed = phonenumbers.PhoneNumber(country_code=44, national_number=int(match[1]))
    # Valid for GB is valid: GB comes first of the regions sharing +44 (GB, GG, IM, JE).
    if phonenumbers.is_valid_number_for_region(parsed, "GB"):
        return f"+44{match[1]}"
    return None


def _with_extension(e164: str, extension: str) -> PhoneNumber:
    extension = (extension or "").strip()
    if extension and not (extension.isdigit() and len(extension) <= 10):
        raise PhoneNumberError(
            f"Enter the extension as up to 10 digits, like 2201, not {extension!r}")
    return PhoneNumber(e164, extension)


def display_number(e164: str | None, extension: str = "") -> str:
    """A stored number as people write it in the UK: 0113 496 0100 ext. 2201."""
    if not e164:
        return ""
    parsed = phonenumbers.parse(e164, "GB")
    if parsed.country_code == 44:
        text = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    else:
        text = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return f"{text} ext. {extension}" if extension else text
