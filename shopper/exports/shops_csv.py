"""A table as CSV: UTF-8 with a byte order mark so Excel reads names correctly, streamed."""

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

from shopper.exports.table import Kind, Table, neutralise

MEDIA_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
_ROWS_PER_CHUNK = 2000


def cell_text(value, kind: Kind) -> str:
    """How one value reads in CSV: ISO dates, plain numbers, yes/no, neutralised text."""
    if value is None:
        return ""
    if kind is Kind.YES_NO:
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal):
        return str(value)
    return neutralise(str(value))


def write_csv(table: Table) -> Iterator[bytes]:
    """The table's header and rows as UTF-8 CSV chunks, the first starting with a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([neutralise(column.heading) for column in table.columns])
    kinds = [column.kind for column in table.columns]
    for count, row in enumerate(table.rows, start=1):
        writer.writerow([cell_text(value, kind) for value, kind in zip(row, kinds, strict=True)])
        if count % _ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
