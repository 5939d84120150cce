"""Commands that write files: the compliance figures and evidence, and assignments."""

from datetime import date

import click

from shopper.commands.group import cli, fail
from shopper.services.audit import Actor

_EXPORT_FORMATS = ("xlsx", "csv", "json", "pdf")


def _write_export(path: str, data: bytes) -> str:
    import os

    """Write the whole file or nothing; '-' is standard output. Returns where it went."""
    if os.path.isdir(path):
        fail(f"{path} is a folder: give a file name to write, like {path.rstrip('/')}/report.json")
    try:
        with click.open_file(path, "wb", atomic=True) as file:
            file.write(data)
    except OSError as error:
        fail(f"Cannot write {path}: {error.strerror or error}. Check the folder exists and "
             "you can write to it")
    return "standard output" if path == "-" else click.format_filename(path)


@cli.command("export")
@click.option("--format", "file_format", metavar="xlsx|csv|json|pdf",
              help="The kind of file to write.")
@click.option("--from", "from_text", metavar="DATE", help="First day of the period, YYYY-MM-DD.")
@click.option("--to", "to_text", metavar="DATE", help="Last day of the period, YYYY-MM-DD.")
@click.option("--block", "blocks", multiple=True, metavar="NAME",
              help="Only this service block; give it again for more. Default: every active one.")
@click.option("--with-names", is_flag=True,
              help="Include officers' and shoppers' names, notes and reasons (never in JSON).")
@click.option("-o", "--output", metavar="FILE", help="The file to write, or - for standard output.")
def export(file_format: str | None, from_text: str | None, to_text: str | None,
           blocks: tuple[str, ...], with_names: bool, output: str | None) -> None:
    """Export the compliance figures for a period (dates included) by block and standard."""
    from datetime import UTC, datetime

    from shopper.exports.json_export import export_json
    from shopper.services.review.periods import (
        PeriodError,
        UnknownBlock,
        block_ids_for_names,
        parse_period,
    )
    from shopper.services.review.reports import compliance_report

    chosen = (file_format or "").strip().lower()
    if chosen not in _EXPORT_FORMATS:
        given = f", not {file_format!r}" if file_format else ""
        fail(f"Choose the format with --format xlsx, csv, json or pdf{given}")
    if not output:
        fail("Give the file to write with -o FILE, or -o - to write to standard output")
    try:
        start, end = parse_period(from_text, to_text)
        block_ids = block_ids_for_names(list(blocks)) if blocks else None
    except PeriodError as error:
        fail(f"{error.message} (--{error.field})" if error.field else error.message)
    except UnknownBlock as error:
        fail(str(error))
    if chosen != "json":
        _export_evidence(chosen, start, end, block_ids, with_names, output)
        return
    report = compliance_report(start, end, datetime.now(UTC), block_ids)
    where = _write_export(output, export_json(report))
    count = len(report["blocks"])
    click.echo(f"Exported compliance for {count} service block{'' if count == 1 else 's'}, "
               f"{start.isoformat()} to {end.isoformat()}, to {where}", err=output == "-")


def _export_evidence(chosen: str, start: date, end: date, block_ids: list[int] | None,
                     with_names: bool, output: str) -> None:
    """Write the XLSX, CSV or PDF evidence, whole or not at all, and note it in the audit trail."""
    import os
    from datetime import UTC, datetime

    from shopper.services.exports.access import record_export
    from shopper.services.exports.evidence import ExportChoice, gather_evidence
    from shopper.services.exports.files import write_export

    if os.path.isdir(output):
        fail(f"{output} is a folder: give a file name to write, like "
             f"{output.rstrip('/')}/evidence.{chosen}")
    now = datetime.now(UTC)
    evidence = gather_evidence(ExportChoice(start, end, block_ids, with_names), now)
    try:
        with click.open_file(output, "wb", atomic=output != "-") as file:
            write_export(chosen, evidence, now, file)
    except OSError as error:
        fail(f"Cannot write {output}: {error.strerror or error}. Check the folder exists and "
             "you can write to it")
    names = [block["service_block"] for block in evidence.report["blocks"]]
    record_export(Actor.command("export"), chosen, evidence.choice, names)
    where = "standard output" if output == "-" else click.format_filename(output)
    count = len(names)
    what = {"xlsx": "the evidence workbook", "csv": "the shops", "pdf": "the evidence pack"}
    named = "with names" if with_names else "without names"
    click.echo(f"Exported {what[chosen]} for {count} service block{'' if count == 1 else 's'}, "
               f"{start.isoformat()} to {end.isoformat()}, {named}, to {where}",
               err=output == "-")


@cli.command("assignments")
@click.argument("exercise")
@click.option("-o", "--output", metavar="FILE", help="The file to write, or - for standard output.")
def assignments(exercise: str, output: str | None) -> None:
    """Write an exercise's assignments as CSV; EXERCISE is its number or exact name."""
    from shopper.exports.assignments_csv import assignments_csv
    from shopper.services.errors import NotFound
    from shopper.services.exercises.assignments import assignment_rows
    from shopper.services.exercises.plans import find_exercise, today

    if not output:
        fail("Give the file to write with -o FILE, or -o - to write to standard output")
    try:
        found = find_exercise(exercise)
    except NotFound as error:
        fail(str(error))
    rows = assignment_rows(found, today())
    where = _write_export(output, assignments_csv(found.name, rows))
    click.echo(f"Wrote {len(rows)} assignment{'' if len(rows) == 1 else 's'} of {found.name} "
               f"to {where}", err=output == "-")
