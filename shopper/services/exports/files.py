"""An evidence export written out as XLSX, CSV, PDF or JSON, with its name and media type."""

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import BinaryIO

from shopper.exports import pdf, shops_csv, xlsx
from shopper.exports.json_export import export_json
from shopper.extensions import db
from shopper.services.audit import Actor
from shopper.services.exports.access import record_export
from shopper.services.exports.evidence import Evidence, ExportChoice, gather_evidence
from shopper.services.exports.jobs import ExportJobs, JobStatus, Progress
from shopper.services.exports.pack import pack_html
from shopper.services.exports.shops import count_shops, shops_table
from shopper.services.exports.shops_copy import copy_csv
from shopper.services.exports.tables import workbook_tables
from shopper.services.review.reports import compliance_report

MEDIA_TYPES = {"xlsx": xlsx.MEDIA_TYPE, "csv": shops_csv.MEDIA_TYPE, "pdf": pdf.MEDIA_TYPE,
               "json": "application/json"}


def file_name(file_format: str, evidence: Evidence) -> str:
    """Like shopper-evidence-2026-04-01-to-2026-06-30.xlsx; the CSV says it holds the shops."""
    what = "shops" if file_format == "csv" else "evidence"
    return (f"shopper-{what}-{evidence.choice.start.isoformat()}-to-"
            f"{evidence.choice.end.isoformat()}.{file_format}")


def csv_chunks(evidence: Evidence, now: datetime,
               progress: Progress | None = None) -> Iterator[bytes]:
    """The Shops sheet as CSV, a chunk at a time, for streaming: on PostgreSQL formatted by
    the database (COPY), the same bytes several times quicker; elsewhere by Python."""
    if db.session.get_bind().dialect.name == "postgresql":
        return copy_csv(evidence, now, progress)
    return shops_csv.write_csv(shops_table(evidence, now, progress))


def write_export(file_format: str, evidence: Evidence, now: datetime, file: BinaryIO,
                 progress: Progress | None = None) -> None:
    """Write the evidence to an open binary file in the format asked for (xlsx, csv or pdf);
    progress, if given, is told how many shops have been written as it goes."""
    if file_format == "xlsx":
        title = f"{evidence.council}: evidence {evidence.choice.start} to {evidence.choice.end}"
        xlsx.write_xlsx(workbook_tables(evidence, now, progress), file, title)
    elif file_format == "csv":
        for chunk in csv_chunks(evidence, now, progress):
            file.write(chunk)
    elif file_format == "pdf":
        pdf.write_pdf(pack_html(evidence, now), file)
    else:
        raise ValueError(f"No writer for {file_format!r}")


@dataclass(frozen=True)
class Download:
    """A file ready to send: streamed chunks (CSV, JSON) or a temporary file (XLSX, PDF);
    or, for a large XLSX or PDF, a job to run in the background with make()."""

    name: str
    media_type: str
    chunks: Iterator[bytes] | None = None
    file: BinaryIO | None = None
    job: JobStatus | None = None
    make: Callable[[], None] | None = None


@dataclass(frozen=True)
class Background:
    """Where large exports are made, and from how many shops an export counts as large."""

    jobs: ExportJobs
    from_shops: int


def prepare_download(actor: Actor, file_format: str, choice: ExportChoice, now: datetime,
                     background: Background | None = None) -> Download:
    """The export asked for, noted in the audit trail before it is sent."""
    if file_format == "json":
        report = compliance_report(choice.start, choice.end, now, choice.block_ids)
        record_export(actor, "json", choice, [b["service_block"] for b in report["blocks"]])
        name = f"shopper-compliance-{choice.start.isoformat()}-to-{choice.end.isoformat()}.json"
        return Download(name, MEDIA_TYPES["json"], chunks=iter([export_json(report)]))
    evidence = gather_evidence(choice, now)
    record_export(actor, file_format, choice,
                  [block["service_block"] for block in evidence.report["blocks"]])
    name = file_name(file_format, evidence)
    if file_format == "csv":
        return Download(name, MEDIA_TYPES["csv"], chunks=csv_chunks(evidence, now))
    shops = count_shops(evidence) if background else 0
    if background and shops >= background.from_shops:
        job = background.jobs.start(actor.user_id, file_format, name,
                                    MEDIA_TYPES[file_format], shops)
        write = partial(write_export, file_format, evidence, now)
        return Download(name, MEDIA_TYPES[file_format], job=job,
                        make=partial(background.jobs.run, job, write))
    # Written to a temporary file, not memory; whoever sends it closes it.
    file = tempfile.TemporaryFile()  # noqa: SIM115
    write_export(file_format, evidence, now, file)
    file.seek(0)
    return Download(name, MEDIA_TYPES[file_format], file=file)
