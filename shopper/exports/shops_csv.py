"""A table as CSV: UTF-8 with a byte order mark so Excel reads names correctly, streamed."""

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from itertools import islice

from shopper.exports.table import FORMULA_STARTS, Column, Kind, Table, neutralise

MEDIA_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
_ROWS_PER_CHUNK = 2000
_CHUNK_BYTES = 256 * 1024  # about 800 rows
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


def header(columns: Sequence[Column]) -> bytes:
    """The byte order mark and the header row, as the CSV starts."""
    buffer = io.StringIO()
    buffer.write(BOM)
    csv.writer(buffer, lineterminator="\r\n").writerow(
        [neutralise(column.heading) for column in columns])
    return buffer.getvalue().encode("utf-8")


def write_csv(table: Table) -> Iterator[bytes]:
    """The table's header and rows as UTF-8 CSV chunks, the first starting with a BOM."""
    yield header(table.columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
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


def crlf_chunks(blocks: Iterable, progress: Callable[[int], None] | None = None
                ) -> Iterator[bytes]:
    """CSV rows ended by LF, as PostgreSQL's COPY writes them, in blocks of any size, with
    each row's LF made CRLF (an LF inside quotes stays), in chunks of about 256 kB; progress
    is told the rows ended so far."""
    pending: list[bytes] = []
    size = rows = 0
    quoted = False
    for block in blocks:
        pending.append(bytes(block))
        size += len(block)
        if size >= _CHUNK_BYTES:
            chunk, quoted, ended = _row_ends(b"".join(pending), quoted)
            yield chunk
            pending, size, rows = [], 0, rows + ended
            if progress:
                progress(rows)
    chunk, quoted, ended = _row_ends(b"".join(pending), quoted)
    if chunk:
        yield chunk
    if progress:
        progress(rows + ended)


def _row_ends(block: bytes, quoted: bool) -> tuple[bytes, bool, int]:
    """The block with the LFs outside quotes made CRLF, whether it ends inside quotes, and
    how many rows it ended; a quote toggles, as a doubled quote toggles twice."""
    if not quoted and b'"' not in block:
        return block.replace(b"\n", b"\r\n"), False, block.count(b"\n")
    pieces = block.split(b"\n")
    parts, ended = [], 0
    for piece in pieces[:-1]:
        quoted ^= piece.count(b'"') % 2 == 1
        parts += (piece, b"\n" if quoted else b"\r\n")
        ended += not quoted
    quoted ^= pieces[-1].count(b'"') % 2 == 1
    return b"".join([*parts, pieces[-1]]), quoted, ended
