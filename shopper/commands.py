"""The `flask --app shopper shopper …` commands: thin over the services, one summary line each."""

import sys

import click
from flask.cli import AppGroup

from shopper.domain.states import Role

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
        user = create_user(email, Role(role), name=name, block_names=list(blocks),
                           password=password)
    except UserError as error:
        fail(str(error))
    can_sign_in = "can sign in" if user.password_hash else "cannot sign in until a password is set"
    click.echo(f"Created {user.role.value} {user.email} ({can_sign_in})")
