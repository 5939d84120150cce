"""The writers on their own: formulas neutralised, numbers kept as numbers, CSV Excel can read."""

import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from xlsxwriter.worksheet import Worksheet

from shopper.exports import xlsx
from shopper.exports.shops_csv import write_csv
from shopper.exports.table import Column, Kind, Table, neutralise
from shopper.exports.xlsx import write_xlsx

COLUMNS = [Column("Text"), Column("Count", Kind.WHOLE), Column("Rate", Kind.PERCENT),
           Column("Day", Kind.DATE), Column("At", Kind.DATETIME), Column("Critical", Kind.YES_NO)]
DANGEROUS = ["=1+2", "+44 113", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


def rows():
    yield ("plain", 3, 0.8571, date(2026, 4, 1), datetime(2026, 4, 1, 9, 30), True)
    for text in DANGEROUS:
        yield (text, -5, None, None, None, False)


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_that_starts_a_formula_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text
    assert neutralise("Planning - north") == "Planning - north"


def test_csv_starts_with_a_bom_and_neutralises_text_but_not_numbers():
    data = b"".join(write_csv(Table("Shops", COLUMNS, rows())))
    assert data.startswith(b"\xef\xbb\xbf")
    read = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert read[0] == ["Text", "Count", "Rate", "Day", "At", "Critical"]
    assert read[1] == ["plain", "3", "0.8571", "2026-04-01", "2026-04-01 09:30", "yes"]
    assert [row[0] for row in read[2:]] == ["'" + text for text in DANGEROUS]
    assert {row[1] for row in read[2:]} == {"-5"}


def test_xlsx_keeps_numbers_and_dates_typed_and_text_neutralised(tmp_path):
    target = tmp_path / "t.xlsx"
    write_xlsx([Table("Summary", COLUMNS, rows())], str(target))
    sheet = openpyxl.load_workbook(target)["Summary"]
    assert sheet["B2"].value == 3 and sheet["B3"].value == -5
    assert sheet["C2"].value == 0.8571 and sheet["C2"].number_format == "0.00%"
    assert sheet["D2"].is_date and sheet["E2"].value == datetime(2026, 4, 1, 9, 30)
    assert sheet["F2"].value == "yes"
    texts = [sheet.cell(row, 1).value for row in range(3, 9)]
    # openpyxl leaves a carriage return as XML's escape, _x000D_, which Excel reads back.
    assert texts == ["'" + t.replace("\r", "_x000D_") for t in DANGEROUS]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:F8"


def test_an_empty_table_still_has_its_header_and_filter(tmp_path):
    target = tmp_path / "t.xlsx"
    write_xlsx([Table("Actions", COLUMNS, [])], str(target))
    sheet = openpyxl.load_workbook(target)["Actions"]
    assert [c.value for c in sheet[1]] == [c.heading for c in COLUMNS]
    assert b"".join(write_csv(Table("Shops", COLUMNS, []))).count(b"\r\n") == 1


def _sheet_xml(path) -> bytes:
    with zipfile.ZipFile(path) as workbook:
        return workbook.read("xl/worksheets/sheet1.xml")


def test_reusing_each_cells_xml_writes_what_xlsxwriter_itself_writes(tmp_path, monkeypatch):
    # Repeated words and numbers, and text XlsxWriter must escape, keep or mark as spaced.
    awkward = ["met", "not met", "a & b <c>", " spaced ", "_x0000_", "nul\x00", "met", "="]
    table_rows = [(awkward[n % len(awkward)], n % 3, 0.5, date(2026, 4, 1 + n % 2),
                   datetime(2026, 4, 1, 9, n % 60), n % 2 == 0) for n in range(40)]
    table_rows += [(None,) * 6, ("", Decimal("2.5"), None, None, None, None), ("x" * 20_000,
                   None, 1, None, None, True)]
    write_xlsx([Table("Shops", COLUMNS, table_rows)], str(tmp_path / "fast.xlsx"))
    monkeypatch.setattr(xlsx, "_RowsSheet", Worksheet)
    write_xlsx([Table("Shops", COLUMNS, table_rows)], str(tmp_path / "plain.xlsx"))
    assert _sheet_xml(tmp_path / "fast.xlsx") == _sheet_xml(tmp_path / "plain.xlsx")
    assert b"a &amp; b &lt;c&gt;" in _sheet_xml(tmp_path / "fast.xlsx")


def test_csv_of_many_chunks_has_every_row_once():
    many = [(f"ref {n}", n, None, date(2026, 4, 1), None, n % 2 == 0) for n in range(4500)]
    chunks = list(write_csv(Table("Shops", COLUMNS, many)))
    read = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"), newline="")))
    assert chunks[0].startswith(b"\xef\xbb\xbf") and len(chunks) > 2
    assert [row[1] for row in read[1:]] == [str(n) for n in range(4500)]
    assert read[4500] == ["ref 4499", "4499", "", "2026-04-01", "", "no"]


def test_a_row_of_the_wrong_length_is_refused_with_its_number():
    bad = [("a", 1, None, None, None, True)] * 2500 + [("short",)]
    with pytest.raises(ValueError, match="Row 2501 has 1 values for 6 columns"):
        b"".join(write_csv(Table("Shops", COLUMNS, bad)))
