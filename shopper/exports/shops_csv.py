"""A table as CSV: UTF-8 with a byte order mark so Excel reads names correctly, streamed."""

import csv
import io
from collections.abc import Callable, Iterator
from datetime import date, datetime

from shopper.exports.table import FORMULA_STARTS, Kind, Table, neutralise

MEDIA_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
_ROWS_PER_CHUNK = 2000
_DANGEROUS_FIRST = frozenset(FORMULA_STARTS)


def _text(value) -> str | None:
    if value is None or value == "":
        return value
    value = str(value)
    return "'" + value if value[0] in _DANGEROUS_FIRST else value


def _yes_no(value) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%d %H:%M")


def _number(value):
    # The csv module writes numbers as they print and None as an empty cell.
    return value


_CONVERTERS: dict[Kind, Callable] = {
    Kind.TEXT: _text, Kind.WORD: _number, Kind.WHOLE: _number, Kind.DECIMAL: _number,
    Kind.PERCENT: _number,
    Kind.DATE: _day, Kind.DATETIME: _moment, Kind.YES_NO: _yes_no,
}


def write_csv(table: Table) -> Iterator[bytes]:
    """The table's header and rows as UTF-8 CSV chunks, the first starting with a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([neutralise(column.heading) for column in table.columns])
    count = len(table.columns)
    # Numbers and fixed words go out as they are; only the other columns are converted.
    converted = [(index, _CONVERTERS[column.kind]) for index, column in enumerate(table.columns)
                 if _CONVERTERS[column.kind] is not _number]
    for number, row in enumerate(table.rows, start=1):
        if len(row) != count:
            raise ValueError(f"Row {number} has {len(row)} values for {count} columns")
        cells = list(row)
        for index, convert in converted:
            cells[index] = convert(cells[index])
        writer.writerow(cells)
        if number % _ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
