"""The `flask --app shopper shopper …` commands: thin over the services, one summary line each."""

import sys
from datetime import date

import click
from flask.cli import AppGroup

from shopper.domain.states import Role
from shopper.services.audit import Actor

cli = AppGroup("shopper", help="Shopper's own commands: demo data, imports, users and exports.")


def fail(message: str) -> None:
    """Print the problem and exit non-zero; the command has changed nothing."""
    raise click.ClickException(message)


@cli.command("create-user")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]),
              help="What the person does in Shopper.")
@click.option("--block", "blocks", multiple=True,
              help="Service block: once for a member of staff, once or more for a team lead.")
@click.option("--name", default="", help="The person's name, as colleagues know it.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input; without it the user cannot sign in yet.")
def create_user(email: str, role: str, blocks: tuple[str, ...], name: str,
                password_stdin: bool) -> None:
    """Create an account, without prompting, so it runs unattended."""
    from shopper.services.people import UserError, create_user

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    if password_stdin and not password:
        fail("Give the password on standard input, or leave out --password-stdin")
    try:
        user = create_user(email, Role(role), actor=Actor.command("create-user"), name=name,
                           block_names=list(blocks), password=password)
    except UserError as error:
        fail(str(error))
    can_sign_in = "can sign in" if user.password_hash else "cannot sign in until a password is set"
    click.echo(f"Created {user.role.value} {user.email} ({can_sign_in})")


@cli.command("invite")
@click.argument("email")
def invite(email: str) -> None:
    """Email a one-time link to set a password to an account without one, as create-user makes."""
    from datetime import UTC, datetime

    from shopper.emails import MailNotSent, send_link
    from shopper.services.admin.links import LinkRefused, invite_by_email
    from shopper.services.audit import Actor
    from shopper.views.templating import london_time

    try:
        link = invite_by_email(Actor.command("invite"), email, datetime.now(UTC), send_link)
    except LinkRefused as refused:
        fail(str(refused))
    except MailNotSent:
        fail(f"The invitation to {email.strip()} could not be emailed, so nothing was saved. "
             "Check the MAIL_ settings and SHOPPER_BASE_URL (the log says what failed), then "
             "run the command again")
    click.echo(f"Invited {link.email}: the link to set a password works until "
               f"{london_time(link.expires_at)}")


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
              help="Include officers' names (the JSON export holds none).")
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
    if chosen != "json":
        fail(f"{chosen.upper()} export is not available yet; use --format json")
    if not output:
        fail("Give the file to write with -o FILE, or -o - to write to standard output")
    try:
        start, end = parse_period(from_text, to_text)
        block_ids = block_ids_for_names(list(blocks)) if blocks else None
    except PeriodError as error:
        fail(f"{error.message} (--{error.field})" if error.field else error.message)
    except UnknownBlock as error:
        fail(str(error))
    report = compliance_report(start, end, datetime.now(UTC), block_ids)
    where = _write_export(output, export_json(report))
    count = len(report["blocks"])
    click.echo(f"Exported compliance for {count} service block{'' if count == 1 else 's'}, "
               f"{start.isoformat()} to {end.isoformat()}, to {where}", err=output == "-")


@cli.command("create-token")
@click.argument("email")
@click.option("--name", default="", help="What the token is for, like 'assessor's spreadsheet'.")
def create_token(email: str, name: str) -> None:
    """Create an API token for a coordinator, assessor or shopper; it is shown only this once."""
    from shopper.services.api_tokens import TokenError, create_token

    try:
        issued = create_token(email, name, actor=Actor.command("create-token"))
    except TokenError as error:
        fail(str(error))
    click.echo(f"Token for {issued.email} (keep it secret; it is shown once): {issued.token}")


@cli.command("recount")
def recount() -> None:
    """Count every compliance figure's tallies again from the shops. Shopper keeps them in step
    itself; this is only needed after shops were changed in the database by hand."""
    from shopper.services.review.tallies import recount_every_tally

    shops = recount_every_tally()
    click.echo(f"Recounted the tallies of {shops:,} decided shop{'' if shops == 1 else 's'}")


@cli.command("import-shops")
@click.argument("file", metavar="FILE.csv")
@click.option("--dry-run", is_flag=True, help="Check the file and count the changes; save nothing.")
def import_shops(file: str, dry_run: bool) -> None:
    """Import historical shops; rows are matched on ref, so importing again changes nothing."""
    from shopper.services.imports.shops import import_shops

    _run_import(file, dry_run, import_shops, "shop", "import-shops")


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
