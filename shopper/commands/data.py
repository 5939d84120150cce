"""Commands that load data: the imports, the demo council and a recount of the tallies."""

from datetime import date

import click

from shopper.commands.group import cli, fail
from shopper.services.audit import Actor


def _read_file(path: str) -> bytes:
    """The file's bytes, or a one-line failure saying what to check."""
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError as error:
        fail(f"Cannot read {path}: {error.strerror or error}. Check the file name and try again")


def _reject(path: str, errors: list) -> None:
    """Print every problem on its own line, then fail with how many there were."""
    for error in errors:
        click.echo(str(error), err=True)
    count = f"{len(errors)} problem{'' if len(errors) == 1 else 's'}"
    fail(f"{click.format_filename(path, shorten=True)} was not imported: {count}. "
         "Correct the file and import it again")


def _report(path: str, dry_run: bool, noun: str, created: int, updated: int,
            unchanged: int) -> None:
    """Print the import's one summary line."""
    name = click.format_filename(path, shorten=True)
    total = created + updated + unchanged
    count = f"{total} {noun}{'' if total == 1 else 's'}"
    if dry_run:
        click.echo(f"Checked {name} (dry run, nothing saved): {count} — {created} to create, "
                   f"{updated} to update, {unchanged} unchanged")
    else:
        click.echo(f"Imported {name}: {count} — {created} created, {updated} updated, "
                   f"{unchanged} unchanged")


def _run_import(file: str, dry_run: bool, importer, noun: str, command: str) -> None:
    """Read the file, import it all or nothing, and print the summary or every problem."""
    from shopper.services.imports.csv_rows import ImportRejected

    data = _read_file(file)
    try:
        summary = importer(data, dry_run=dry_run, actor=Actor.command(command))
    except ImportRejected as rejected:
        _reject(file, rejected.errors)
    _report(file, dry_run, noun, summary.created, summary.updated, summary.unchanged)


@cli.command("import-directory")
@click.argument("file", metavar="FILE.csv")
@click.option("--dry-run", is_flag=True, help="Check the file and count the changes; save nothing.")
def import_directory(file: str, dry_run: bool) -> None:
    """Import the telephone directory; rows are matched on number and extension."""
    from shopper.services.imports.directory import import_directory

    _run_import(file, dry_run, import_directory, "line", "import-directory")


@cli.command("import-receptions")
@click.argument("file", metavar="FILE.csv")
@click.option("--dry-run", is_flag=True, help="Check the file and count the changes; save nothing.")
def import_receptions(file: str, dry_run: bool) -> None:
    """Import reception points; rows are matched on name."""
    from shopper.services.imports.receptions import import_receptions

    _run_import(file, dry_run, import_receptions, "reception point",
                "import-receptions")


@cli.command("import-shops")
@click.argument("file", metavar="FILE.csv")
@click.option("--dry-run", is_flag=True, help="Check the file and count the changes; save nothing.")
def import_shops(file: str, dry_run: bool) -> None:
    """Import historical shops; rows are matched on ref, so importing again changes nothing."""
    from shopper.services.imports.shops import import_shops

    _run_import(file, dry_run, import_shops, "shop", "import-shops")


@cli.command("demo")
@click.option("--shops", default=2000, show_default=True, type=click.IntRange(0, 1_000_000),
              help="How many shops to invent over the last 12 months.")
@click.option("--seed", default=1, show_default=True, type=int,
              help="The same seed invents the same council and shops.")
@click.option("--if-empty", is_flag=True,
              help="Do nothing, successfully, if the database already has data.")
def demo(shops: int, seed: int, if_empty: bool) -> None:
    """Load an invented council with its directory, people and shops into an empty database."""
    from shopper.services.demo.load import DEMO_PASSWORD, DemoRefused, load_demo

    try:
        summary = load_demo(shops, seed, date.today())
    except DemoRefused as refusal:
        if if_empty:
            click.echo(f"Demo not loaded: {refusal}; nothing changed")
            return
        fail(f"{refusal}. The demo loads only into an empty database; nothing changed")
    click.echo(
        f"Loaded the demo council: {summary.blocks} service blocks, {summary.lines} lines, "
        f"{summary.reception_points} reception points, {summary.users} users "
        f"(password {DEMO_PASSWORD!r}), {summary.shops} shops")


@cli.command("recount")
def recount() -> None:
    """Count every compliance figure's tallies again from the shops. Shopper keeps them in step
    itself; this is only needed after shops were changed in the database by hand."""
    from shopper.services.review.tallies import recount_every_tally

    shops = recount_every_tally()
    click.echo(f"Recounted the tallies of {shops:,} decided shop{'' if shops == 1 else 's'}")
