"""A table of typed columns: what every spreadsheet-like writer is given."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

# Text a spreadsheet would run as a formula if it started a cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Kind(StrEnum):
    TEXT = "text"
    WORD = "word"  # one of a fixed set of words, like "met": never a formula, never checked
    WHOLE = "whole"  # a count
    DECIMAL = "decimal"  # minutes, to one decimal place
    PERCENT = "percent"  # a fraction 0–1, as the JSON export gives it
    DATE = "date"
    DATETIME = "datetime"  # naive, in Europe/London time
    YES_NO = "yes_no"


@dataclass(frozen=True)
class Column:
    heading: str
    kind: Kind = Kind.TEXT
    width: int = 14


@dataclass
class Table:
    """A sheet's worth of rows; rows may be a generator, read once."""

    name: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]


def neutralise(text: str) -> str:
    """Text that would start a formula, prefixed with an apostrophe so it stays text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
