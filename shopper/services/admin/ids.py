"""Ids and codes from a web address, checked before they reach the database."""

# PostgreSQL's integer: a larger number in a web address would be a database error, not a 404.
MAX_ID = 2**31 - 1


def is_id(value: int) -> bool:
    return 0 < value <= MAX_ID


def is_code(text: str) -> bool:
    """A standard's or item's code as stored: up to 10 letters and digits."""
    return 0 < len(text) <= 10 and text.isascii() and text.isalnum()
