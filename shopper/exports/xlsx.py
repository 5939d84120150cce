"""Tables as an XLSX workbook, one sheet each, written in XlsxWriter's constant-memory mode.

Numbers and dates are real numbers and dates, never formulas; every sheet has a frozen,
filtered header row and columns wide enough to read.
"""

import io
from collections.abc import Callable, Iterable
from typing import BinaryIO

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import CellStringTuple, Worksheet

from shopper.exports.table import Kind, Table, neutralise

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_NUMBER_FORMATS = {
    Kind.WHOLE: "#,##0",
    Kind.DECIMAL: "0.0",
    Kind.PERCENT: "0.00%",
    Kind.DATE: "yyyy-mm-dd",
    Kind.DATETIME: "yyyy-mm-dd hh:mm",
}
_NUMBERS = frozenset({Kind.WHOLE, Kind.DECIMAL, Kind.PERCENT})
# Per column: enough for every fixed word, repeated name and day of a year; unique text
# (refs, notes) stops being kept once a column has this many.
_CACHED_CELLS = 2_000


class _RowsSheet(Worksheet):
    """A worksheet that writes a table's rows straight into the sheet's XML, a row at a time.

    XlsxWriter keeps every cell as a named tuple, checks its place and escapes each string
    afresh: most of the time of a large Shops sheet. Here each column's cell XML after the
    cell reference is made once per distinct value and reused. Strings are still made by
    XlsxWriter itself, and numbers and dates with its own formats, so the bytes are its own
    (a test compares them with a plain Worksheet's); this relies on its internals, which is
    why XlsxWriter is pinned exactly.
    """

    def write_rows(self, rows: Iterable, kinds: list[Kind], styles: list) -> int:
        """Write the rows from the sheet's second row on; returns how many were written."""
        count = len(kinds)
        starts = [f'<c r="{xl_col_to_name(col)}' for col in range(count)]
        tails = [self._tail_writer(col, kind, style)
                 for col, (kind, style) in enumerate(zip(kinds, styles, strict=True))]
        columns = list(zip(starts, tails, strict=True))
        write = self.fh.write
        written = 0
        for written, row in enumerate(rows, start=1):
            if len(row) != count:
                raise ValueError(f"Row {written} has {len(row)} values for {count} columns")
            if written > self.previous_row:
                # The row before is written first, so formats are numbered as XlsxWriter does.
                self._write_single_row(written)
            number = str(written + 1)
            parts = [f'<row r="{number}">']
            for (start, tail), value in zip(columns, row, strict=True):
                if value is not None and value != "":
                    parts += (start, number, tail(value))
            if len(parts) == 1:
                continue
            # The header row has a cell in every column, so only the last row can move.
            self._check_dimensions(written, 0)
            parts.append("</row>")
            write("".join(parts))
        return written

    def _tail_writer(self, col: int, kind: Kind, style) -> Callable:
        """The function giving a cell's XML after its reference, for one column's values."""
        xf = style._get_xf_index
        if kind is Kind.DATETIME:
            to_number = self._convert_date_time
            return lambda value: f'" s="{xf()}"><v>{to_number(value):.16G}</v></c>'
        if kind is Kind.DATE:
            to_number = self._convert_date_time
            make = lambda value: f'" s="{xf()}"><v>{to_number(value):.16G}</v></c>'  # noqa: E731
        elif kind in _NUMBERS:
            make = lambda value: f'" s="{xf()}"><v>{float(value):.16G}</v></c>'  # noqa: E731
        elif kind is Kind.YES_NO:
            make = lambda value: self._string_tail(col, "yes" if value else "no", style)  # noqa: E731
        elif kind is Kind.WORD:
            make = lambda value: self._string_tail(col, str(value), style)  # noqa: E731
        else:
            make = lambda value: self._string_tail(col, neutralise(str(value)), style)  # noqa: E731
        return _cached(make)

    def _string_tail(self, col: int, string: str, style) -> str:
        """A string cell's XML after its reference, as XlsxWriter writes it."""
        if len(string) > self.xls_strmax // 2:
            # XlsxWriter's own writer truncates strings too long for Excel.
            self.write_string(self.previous_row, col, string, style)
            cell = self.table[self.previous_row].pop(col)
        else:
            cell = CellStringTuple(string, style)
        real, self.fh = self.fh, io.StringIO()
        try:
            self._write_cell(0, col, cell)
            return self.fh.getvalue()[len(f'<c r="{xl_col_to_name(col)}1'):]
        finally:
            self.fh = real


def _cached(make: Callable) -> Callable:
    cache: dict = {}

    def tail(value) -> str:
        found = cache.get(value)
        if found is None:
            found = make(value)
            if len(cache) < _CACHED_CELLS:
                cache[value] = found
        return found
    return tail


def write_xlsx(tables: Iterable[Table], target: str | BinaryIO, title: str = "") -> None:
    """Write the tables to target (a file name or a binary file); rows are read once each."""
    workbook = xlsxwriter.Workbook(target, {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False})
    workbook.set_properties({"title": title, "comments": "Made by Shopper"})
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top",
                                  "bottom": 1})
    formats = {kind: workbook.add_format({"num_format": pattern, "valign": "top"})
               for kind, pattern in _NUMBER_FORMATS.items()}
    text = workbook.add_format({"valign": "top"})
    for table in tables:
        sheet = workbook.add_worksheet(table.name, worksheet_class=_RowsSheet)
        _write_sheet(sheet, table, header, formats, text)
    workbook.close()


def _write_sheet(sheet, table: Table, header, formats: dict, text) -> None:
    styles = [formats.get(column.kind, text) for column in table.columns]
    for index, (column, style) in enumerate(zip(table.columns, styles, strict=True)):
        sheet.set_column(index, index, column.width, style)
        sheet.write_string(0, index, neutralise(column.heading), header)
    kinds = [column.kind for column in table.columns]
    if hasattr(sheet, "write_rows"):
        last = sheet.write_rows(table.rows, kinds, styles)
    else:
        last = _write_cell_by_cell(sheet, table.rows, kinds, styles)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(last, 1), len(table.columns) - 1)


def _write_cell_by_cell(sheet: Worksheet, rows: Iterable, kinds: list[Kind],
                        styles: list) -> int:
    """XlsxWriter's plain way, one cell at a time: what the fast sheet must equal."""
    last = 0
    for last, row in enumerate(rows, start=1):
        for col, (kind, style, value) in enumerate(zip(kinds, styles, row, strict=True)):
            if value is None or value == "":
                continue
            if kind is Kind.YES_NO:
                sheet.write_string(last, col, "yes" if value else "no", style)
            elif kind in (Kind.DATE, Kind.DATETIME):
                sheet.write_datetime(last, col, value, style)
            elif kind in _NUMBERS:
                sheet.write_number(last, col, float(value), style)
            elif kind is Kind.WORD:
                sheet.write_string(last, col, str(value), style)
            else:
                sheet.write_string(last, col, neutralise(str(value)), style)
    return last
