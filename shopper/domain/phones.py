"""Phone numbers: parsed and checked with phonenumbers, stored in E.164, shown the UK way."""

from dataclasses import dataclass

import phonenumbers

EXAMPLE = "0113 496 0000"


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
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise PhoneNumberError(f"Enter a phone number, like {EXAMPLE}, not {text!r}") from None
    if not phonenumbers.is_valid_number(parsed):
        raise PhoneNumberError(f"Enter a real phone number, like {EXAMPLE}: {text!r} is not one")
    extension = (extension or "").strip() or (parsed.extension or "")
    if extension and not (extension.isdigit() and len(extension) <= 10):
        raise PhoneNumberError(
            f"Enter the extension as up to 10 digits, like 2201, not {extension!r}")
    return PhoneNumber(
        phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), extension)


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
