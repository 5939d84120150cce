"""A table as CSV: UTF-8 with a byte order mark so Excel reads names correctly, streamed."""

import csv
import io
from collections.abc import Callable, Iterator
from datetime import datetime
from itertools import islice

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


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(" ", "minutes")


# Numbers, fixed words and dates (a date prints as yyyy-mm-dd) go out as the csv module
# writes them, None as an empty cell; only these kinds are converted, a column at a time.
_CONVERTERS: dict[Kind, Callable] = {
    Kind.TEXT: _text, Kind.DATETIME: _moment,
    Kind.YES_NO: {True: "yes", False: "no"}.get,
}


def write_csv(table: Table) -> Iterator[bytes]:
    """The table's header and rows as UTF-8 CSV chunks, the first starting with a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([neutralise(column.heading) for column in table.columns])
    yield buffer.getvalue().encode("utf-8")
    count = len(table.columns)
    converted = [(index, _CONVERTERS[column.kind]) for index, column in enumerate(table.columns)
                 if column.kind in _CONVERTERS]
    rows, done = iter(table.rows), 0
    while batch := list(islice(rows, _ROWS_PER_CHUNK)):
        for number, row in enumerate(batch, start=done + 1):
            if len(row) != count:
                raise ValueError(f"Row {number} has {len(row)} values for {count} columns")
        done += len(batch)
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(_converted(batch, converted))
        yield buffer.getvalue().encode("utf-8")


def _converted(batch: list, converted: list) -> Iterator[tuple]:
    """The batch's rows with the converted columns converted, column by column."""
    if not converted:
        return iter(batch)
    columns: list = list(zip(*batch, strict=True))
    for index, convert in converted:
        columns[index] = map(convert, columns[index])
    return zip(*columns, strict=True)
