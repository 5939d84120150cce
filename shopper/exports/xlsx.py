"""Tables as an XLSX workbook, one sheet each, written in XlsxWriter's constant-memory mode.

Numbers and dates are real numbers and dates, never formulas; every sheet has a frozen,
filtered header row and columns wide enough to read.
"""

import io
from collections.abc import Iterable
from typing import BinaryIO

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import Worksheet

from shopper.exports.table import Kind, Table, neutralise

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_NUMBER_FORMATS = {
    Kind.WHOLE: "#,##0",
    Kind.DECIMAL: "0.0",
    Kind.PERCENT: "0.00%",
    Kind.DATE: "yyyy-mm-dd",
    Kind.DATETIME: "yyyy-mm-dd hh:mm",
}
# Enough for every fixed word and repeated name; unique text (refs, notes) is not kept.
_CACHED_CELLS = 20_000
_REPEATABLE = frozenset({"String", "Number", "Datetime"})


class _RepeatingCellsSheet(Worksheet):
    """A worksheet that writes the XML of a formatted cell once per distinct value.

    XlsxWriter escapes each inline string afresh; most of the Shops sheet's cells are a few
    words ("met", "not met") or numbers, so the XML after the cell reference is kept and
    reused. The bytes written are exactly XlsxWriter's own (the first of each is its own).
    """

    def __init__(self) -> None:
        super().__init__()
        self._after_reference: dict[tuple, str] = {}

    def _write_cell(self, row: int, col: int, cell) -> None:
        kind = cell.__class__.__name__
        if kind not in _REPEATABLE or not cell.format or not self.constant_memory:
            super()._write_cell(row, col, cell)
            return
        key = (kind, cell[0], cell.format)
        tail = self._after_reference.get(key)
        reference = xl_rowcol_to_cell_fast(row, col)
        if tail is None:
            tail = self._render(row, col, cell)[len(f'<c r="{reference}"'):]
            if len(self._after_reference) < _CACHED_CELLS:
                self._after_reference[key] = tail
        self.fh.write(f'<c r="{reference}"{tail}')

    def _render(self, row: int, col: int, cell) -> str:
        """The cell's XML as XlsxWriter writes it."""
        real, self.fh = self.fh, io.StringIO()
        try:
            super()._write_cell(row, col, cell)
            return self.fh.getvalue()
        finally:
            self.fh = real


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
        sheet = workbook.add_worksheet(table.name, worksheet_class=_RepeatingCellsSheet)
        _write_sheet(sheet, table, header, formats, text)
    workbook.close()


def _write_sheet(sheet, table: Table, header, formats: dict, text) -> None:
    writers = []
    for index, column in enumerate(table.columns):
        style = formats.get(column.kind, text)
        sheet.set_column(index, index, column.width, style)
        sheet.write_string(0, index, neutralise(column.heading), header)
        writers.append(_writer(sheet, column.kind, style))
    count = len(writers)
    columns = list(enumerate(writers))
    last = 0
    for last, row in enumerate(table.rows, start=1):
        if len(row) != count:
            raise ValueError(f"Row {last} has {len(row)} values for {count} columns")
        for (index, write), value in zip(columns, row, strict=True):
            if value is not None and value != "":
                write(last, index, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(last, 1), len(table.columns) - 1)


def _writer(sheet: Worksheet, kind: Kind, style):
    """How a column's cells are written: chosen once per column, not once per cell.

    The cell's row and column are always numbers here, so XlsxWriter's undecorated writers
    are called, skipping its check for "A1" references.
    """
    string, number = sheet._write_string, sheet._write_number
    if kind is Kind.YES_NO:
        return lambda row, col, value: string(row, col, "yes" if value else "no", style)
    if kind in (Kind.DATE, Kind.DATETIME):
        date_time = sheet._write_datetime
        return lambda row, col, value: date_time(row, col, value, style)
    if kind in (Kind.WHOLE, Kind.DECIMAL, Kind.PERCENT):
        return lambda row, col, value: number(row, col, float(value), style)
    if kind is Kind.WORD:
        return lambda row, col, value: string(row, col, str(value), style)
    return lambda row, col, value: string(row, col, neutralise(str(value)), style)
