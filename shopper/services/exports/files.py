"""An evidence export written out as XLSX, CSV or PDF, and its name and media type."""

from collections.abc import Iterator
from datetime import datetime
from typing import BinaryIO

from shopper.exports import pdf, shops_csv, xlsx
from shopper.services.exports.evidence import Evidence
from shopper.services.exports.pack import pack_html
from shopper.services.exports.shops import shops_table
from shopper.services.exports.tables import workbook_tables

MEDIA_TYPES = {"xlsx": xlsx.MEDIA_TYPE, "csv": shops_csv.MEDIA_TYPE, "pdf": pdf.MEDIA_TYPE,
               "json": "application/json"}


def file_name(file_format: str, evidence: Evidence) -> str:
    """Like shopper-evidence-2026-04-01-to-2026-06-30.xlsx; the CSV says it holds the shops."""
    what = "shops" if file_format == "csv" else "evidence"
    return (f"shopper-{what}-{evidence.choice.start.isoformat()}-to-"
            f"{evidence.choice.end.isoformat()}.{file_format}")


def csv_chunks(evidence: Evidence, now: datetime) -> Iterator[bytes]:
    """The Shops sheet as CSV, a chunk at a time, for streaming."""
    return shops_csv.write_csv(shops_table(evidence, now))


def write_export(file_format: str, evidence: Evidence, now: datetime, file: BinaryIO) -> None:
    """Write the evidence to an open binary file in the format asked for (xlsx, csv or pdf)."""
    if file_format == "xlsx":
        title = f"{evidence.council}: evidence {evidence.choice.start} to {evidence.choice.end}"
        xlsx.write_xlsx(workbook_tables(evidence, now), file, title)
    elif file_format == "csv":
        for chunk in csv_chunks(evidence, now):
            file.write(chunk)
    elif file_format == "pdf":
        pdf.write_pdf(pack_html(evidence, now), file)
    else:
        raise ValueError(f"No writer for {file_format!r}")
