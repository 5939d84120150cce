"""Open the demo council's evidence workbook in LibreOffice and check every value it shows.

Loads the demo (2,000 shops) into a scratch SQLite database, writes the XLSX of the last
year, has LibreOffice (headless) save each sheet as CSV, and compares every cell with the
workbook as openpyxl reads it, and the Summary sheet with the JSON export's figures. Not a CI
test: it needs LibreOffice (`apt-get install libreoffice-calc-nogui`) and takes a minute.

    .venv/bin/python -m bench.exports_libreoffice
"""

import csv
import json
import math
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
from flask_migrate import upgrade

from shopper import create_app
from shopper.exports.json_export import export_json
from shopper.services.demo.load import load_demo
from shopper.services.exports.evidence import ExportChoice, gather_evidence
from shopper.services.exports.files import write_export

# LibreOffice's CSV filter: comma, double quote, UTF-8, from line 1, cells as shown (in their
# number formats), every sheet a file.
_CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


def main() -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        sys.exit("LibreOffice is not installed: apt-get install libreoffice-calc-nogui")
    folder = Path(tempfile.mkdtemp(prefix="shopper-libreoffice-"))
    app = create_app("development", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/demo.sqlite")
    today = date.today()
    with app.app_context():
        upgrade()
        load_demo(2000, 1, today)
        evidence = gather_evidence(ExportChoice(today - timedelta(days=364), today))
        with (folder / "evidence.xlsx").open("wb") as file:
            write_export("xlsx", evidence, datetime.now(UTC), file)
        report = json.loads(export_json(evidence.report))
    subprocess.run([soffice, "--headless", "--convert-to", _CSV_FILTER, "--outdir",
                    str(folder / "libreoffice"), str(folder / "evidence.xlsx")],
                   check=True, capture_output=True, cwd=folder)
    book = openpyxl.load_workbook(folder / "evidence.xlsx", read_only=True)
    problems, cells = [], 0
    for sheet in book.sheetnames:
        path = folder / "libreoffice" / f"evidence-{sheet}.csv"
        if not path.exists():
            problems.append(f"LibreOffice wrote no {path.name}")
            continue
        shown = list(csv.reader(path.open(encoding="utf-8", newline="")))
        values = [list(row) for row in book[sheet].iter_rows(values_only=True)]
        if len(shown) != len(values):
            problems.append(f"{sheet}: {len(shown)} rows in LibreOffice, {len(values)} in the file")
        for number, (seen, kept) in enumerate(zip(shown, values, strict=False), start=1):
            for column, value in enumerate(kept):
                cells += 1
                text = seen[column] if column < len(seen) else ""
                if not _same(text, value):
                    problems.append(f"{sheet} row {number} column {column + 1}: LibreOffice "
                                    f"shows {text!r}, the file holds {value!r}")
    problems += _summary_problems(folder / "libreoffice" / "evidence-Summary.csv", report)
    print(f"LibreOffice opened {folder / 'evidence.xlsx'}: {len(book.sheetnames)} sheets, "
          f"{cells:,} cells compared, {len(problems)} differences")
    for problem in problems[:20]:
        print("  " + problem)
    sys.exit(1 if problems else 0)


def _same(text: str, value) -> bool:
    """Whether LibreOffice's shown text is the cell's value in the column's number format."""
    if value is None:
        return text == ""
    if isinstance(value, datetime):
        return text in (value.strftime("%Y-%m-%d %H:%M:%S"), value.strftime("%Y-%m-%d %H:%M"),
                        value.strftime("%Y-%m-%d"))
    if isinstance(value, int | float):
        if text.endswith("%"):
            return math.isclose(float(text[:-1]) / 100, value, abs_tol=0.00005)
        # One decimal place for minutes: LibreOffice shows the value as formatted.
        return math.isclose(float(text.replace(",", "")), value, abs_tol=0.05)
    return text == str(value)


def _summary_problems(path: Path, report: dict) -> list[str]:
    """The Summary sheet as LibreOffice shows it against the JSON export's figures."""
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    shown = {(r["Service block"], r["Standard"]): r for r in rows}
    problems = []
    for block in report["blocks"]:
        for s in block["standards"]:
            row = shown.get((block["service_block"], s["code"]))
            if row is None:
                problems.append(f"Summary: no row for {block['service_block']} {s['code']}")
                continue
            expected = (str(s["n"]), str(s["passes"]),
                        "" if s["pass_rate"] is None else f"{s['pass_rate'] * 100:.2f}%")
            if (row["Shops (n)"], row["Passes"], row["Pass rate"]) != expected:
                problems.append(f"Summary {block['service_block']} {s['code']}: "
                                f"{row['Shops (n)']}, {row['Passes']}, {row['Pass rate']} "
                                f"against the JSON's {expected}")
    if len(rows) != len(shown):
        problems.append("Summary: a block and standard appears twice")
    return problems


if __name__ == "__main__":
    main()
