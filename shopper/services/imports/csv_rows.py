"""Reading an imported CSV file: UTF-8 text, an exact header, numbered rows and row errors.

Shared by every all-or-nothing import (directory, reception points, shops). An import reads its
rows with `read_rows`, collects every problem in a `RowErrors` and calls `raise_if_any()` before
it changes anything, so one bad row rejects the whole file with one line per problem:
`row N: column: what is wrong`. The header is row 1, as in a spreadsheet; a cell that holds
several lines is still one row, and blank rows keep their number.
"""

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import IO, TypeVar

from shopper.domain.text import control_characters_message, has_control_characters

T = TypeVar("T")

Source = bytes | str | IO[bytes] | IO[str]
Row = tuple[int, dict[str, str]]

YES_NO = {"yes": True, "no": False}
_CONTROL = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class RowError:
    """One problem in an imported file, printed as `row N: column: what is wrong`."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.column}: {self.message}"


class ImportRejected(Exception):
    """The file was not imported, and nothing changed; `errors` lists every problem found."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        count = len(self.errors)
        super().__init__(f"{count} problem{'' if count == 1 else 's'}")


@dataclass(frozen=True)
class ImportSummary:
    """How many rows of an import created, updated or left unchanged a record."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


class RowErrors(list[RowError]):
    """The problems found so far in one file, in the order they were found."""

    def add(self, row: int, column: str, message: str) -> None:
        self.append(RowError(row, column, message))

    def check(self, row: int, column: str, parse: Callable[[str], T], text: str) -> T | None:
        """`parse(text)`, or None after recording its ValueError as this cell's problem."""
        try:
            return parse(text)
        except ValueError as error:
            self.add(row, column, str(error))
            return None

    def raise_if_any(self) -> None:
        """Reject the file if any problem was found."""
        if self:
            raise ImportRejected(sorted(self, key=lambda error: error.row))


def decode_csv(source: Source) -> str:
    """The file's text: UTF-8 with or without a byte order mark, else ImportRejected."""
    data = source if isinstance(source, bytes | str) else source.read()
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise ImportRejected([RowError(line, "file", (
            "Save the file as 'CSV UTF-8' and import it again: this row has a character "
            f"that is not UTF-8 (byte 0x{data[error.start]:02X})"))]) from None


def read_rows(source: Source, columns: Sequence[str], errors: RowErrors, *,
              optional: Sequence[str] = (),
              allow_other: Callable[[str], bool] | None = None) -> list[Row]:
    """The file's numbered rows as {column: stripped text}, once its header is right.

    The header must name every column in `columns`, may name those in `optional`, and
    anything else only if `allow_other(name)` says so (as item codes in import-shops).
    A wrong header or an unreadable file raises ImportRejected at once; a row with more
    values than the header has columns is recorded in `errors` and left out. Blank rows are
    skipped; missing values at the end of a row read as empty.
    """
    records = _records(decode_csv(source))
    if not records or not any(cell.strip() for cell in records[0][1]):
        raise ImportRejected([RowError(1, "header", (
            f"The file is empty: add a first row naming the columns {', '.join(columns)}, "
            "then one row for each record"))])
    header = [cell.strip() for cell in records[0][1]]
    header_errors = check_header(header, columns, optional, allow_other)
    if header_errors:
        raise ImportRejected(header_errors)
    return list(_rows(records[1:], header, errors))


def check_header(header: Sequence[str], columns: Sequence[str], optional: Sequence[str] = (),
                 allow_other: Callable[[str], bool] | None = None) -> list[RowError]:
    """One `row 1: header:` problem per missing, repeated or unknown column."""
    expected = ", ".join(columns)
    problems = [f"Add the column '{name}': the columns are {expected}"
                for name in columns if name not in header]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(f"The column '{name}' appears more than once: keep only one")
        elif not name:
            problems.append("A column has no name: name it, or delete the column")
        elif not (name in columns or name in optional or (allow_other and allow_other(name))):
            problems.append(f"Remove the column '{name}', or rename it: "
                            f"the columns are {expected}")
        seen.add(name)
    return [RowError(1, "header", problem) for problem in problems]


def _records(text: str) -> list[tuple[int, list[str]]]:
    """Every record with its row number, or ImportRejected if the CSV cannot be read."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records = []
    try:
        for number, record in enumerate(reader, start=1):
            records.append((number, record))
    except csv.Error as error:
        raise ImportRejected([RowError(len(records) + 1, "file", (
            f"Save the file as CSV from your spreadsheet and import it again ({error})"))]
        ) from None
    return records


def _rows(records: Iterable[tuple[int, list[str]]], header: list[str],
          errors: RowErrors) -> Iterable[Row]:
    for number, record in records:
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue
        if len(cells) > len(header) and any(cells[len(header):]):
            errors.add(number, "row", (
                f"This row has {len(cells)} values but the header has {len(header)} columns: "
                "put any commas inside a value in double quotes"))
            continue
        cells += [""] * (len(header) - len(cells))
        values = dict(zip(header, cells, strict=False))
        tainted = [column for column, cell in values.items() if has_control_characters(cell)]
        for column in tainted:
            errors.add(number, column, control_characters_message("this value"))
        if not tainted:
            yield number, values


def parse_yes_no(text: str) -> bool:
    """`yes` or `no`, in any case; ValueError saying what to enter otherwise."""
    value = text.strip().lower()
    if value not in YES_NO:
        raise ValueError("Enter yes or no" + (f", not '{text}'" if text else ""))
    return YES_NO[value]


def parse_choice(text: str, choices: Sequence[str]) -> str:
    """One of `choices`, in any case; ValueError listing them otherwise."""
    value = text.strip().lower()
    if value not in choices:
        listed = ", ".join(choices)
        raise ValueError(f"Enter one of {listed}" + (f", not '{text}'" if text else ""))
    return value


def required_text(text: str, what: str, example: str, max_length: int = 200) -> str:
    """The text, or ValueError asking for `what` when empty or too long."""
    if not text:
        raise ValueError(f"Enter {what}, like {example}")
    return optional_text(text, what, max_length)


def optional_text(text: str, what: str, max_length: int = 200) -> str:
    """The text, possibly empty, or ValueError when too long or holding control characters."""
    if len(text) > max_length:
        raise ValueError(f"Enter {what} in {max_length} characters or fewer")
    # A line break may stand in a cell (an address); NUL and the like never belong in one.
    if _CONTROL.search(text):
        raise ValueError(f"Enter {what} without tabs, NUL or other control characters")
    return text
