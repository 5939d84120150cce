"""Tables as an XLSX workbook, one sheet each, written in XlsxWriter's constant-memory mode.

Numbers and dates are real numbers and dates, never formulas; every sheet has a frozen,
filtered header row and columns wide enough to read.
"""

from collections.abc import Iterable
from typing import BinaryIO

import xlsxwriter

from shopper.exports.table import Kind, Table, neutralise

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_NUMBER_FORMATS = {
    Kind.WHOLE: "#,##0",
    Kind.DECIMAL: "0.0",
    Kind.PERCENT: "0.00%",
    Kind.DATE: "yyyy-mm-dd",
    Kind.DATETIME: "yyyy-mm-dd hh:mm",
}


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
        _write_sheet(workbook.add_worksheet(table.name), table, header, formats, text)
    workbook.close()


def _write_sheet(sheet, table: Table, header, formats: dict, text) -> None:
    writers = []
    for index, column in enumerate(table.columns):
        style = formats.get(column.kind, text)
        sheet.set_column(index, index, column.width, style)
        sheet.write_string(0, index, neutralise(column.heading), header)
        writers.append(_writer(sheet, column.kind, style))
    last = 0
    for last, row in enumerate(table.rows, start=1):
        if len(row) != len(writers):
            raise ValueError(f"Row {last} has {len(row)} values for {len(writers)} columns")
        for index, value in enumerate(row):
            if value is not None and value != "":
                writers[index](last, index, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(last, 1), len(table.columns) - 1)


def _writer(sheet, kind: Kind, style):
    """How a column's cells are written: chosen once per column, not once per cell."""
    if kind is Kind.YES_NO:
        return lambda row, col, value: sheet.write_string(row, col, "yes" if value else "no",
                                                          style)
    if kind in (Kind.DATE, Kind.DATETIME):
        return lambda row, col, value: sheet.write_datetime(row, col, value, style)
    if kind in (Kind.WHOLE, Kind.DECIMAL, Kind.PERCENT):
        return lambda row, col, value: sheet.write_number(row, col, float(value), style)
    if kind is Kind.WORD:
        return lambda row, col, value: sheet.write_string(row, col, str(value), style)
    return lambda row, col, value: sheet.write_string(row, col, neutralise(str(value)), style)
