"""Commands for people: users, assessors' access, invitations and API tokens."""

import sys

import click

from shopper.commands.group import cli, fail
from shopper.domain.states import Role
from shopper.services.audit import Actor


@cli.command("create-user")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]),
              help="What the person does in Shopper.")
@click.option("--block", "blocks", multiple=True,
              help="Service block: once for a member of staff, once or more for a team lead.")
@click.option("--name", default="", help="The person's name, as colleagues know it.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input; without it the user cannot sign in yet.")
@click.option("--access-from", metavar="DATE",
              help="An assessor's first day of access, YYYY-MM-DD. Default: today.")
@click.option("--access-until", metavar="DATE",
              help="An assessor's last day of access, YYYY-MM-DD; it ends by itself after it.")
def create_user(email: str, role: str, blocks: tuple[str, ...], name: str,
                password_stdin: bool, access_from: str | None, access_until: str | None) -> None:
    """Create an account, without prompting, so it runs unattended."""
    from shopper.services.exports.assessors import set_access
    from shopper.services.people import UserError, create_user

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    if password_stdin and not password:
        fail("Give the password on standard input, or leave out --password-stdin")
    if role != Role.ASSESSOR and (access_from or access_until):
        fail("Only an assessor's access has dates: leave out --access-from and --access-until")
    days = _access_days(access_from, access_until) if access_from or access_until else None
    try:
        user = create_user(email, Role(role), actor=Actor.command("create-user"), name=name,
                           block_names=list(blocks), password=password)
    except UserError as error:
        fail(str(error))
    if days:
        set_access(Actor.command("create-user"), user, *days)
    can_sign_in = "can sign in" if user.password_hash else "cannot sign in until a password is set"
    until = f", access until {days[1].isoformat()}" if days else ""
    if role == Role.ASSESSOR and not days:
        until = ", no end to their access yet: set one with set-access"
    click.echo(f"Created {user.role.value} {user.email} ({can_sign_in}{until})")


def _access_days(access_from: str | None, access_until: str | None):
    """An assessor's first and last day of access, or a failure saying what to give."""
    from shopper.services.exports.assessors import AccessError, access_days

    if not access_until:
        fail("Give the assessor's last day of access with --access-until YYYY-MM-DD, "
             "as well as --access-from")
    try:
        return access_days(access_from, access_until)
    except AccessError as error:
        option = "--access-from" if error.field == "from" else "--access-until"
        fail(f"{error.message} ({option})")


@cli.command("set-access")
@click.argument("email")
@click.option("--from", "from_text", metavar="DATE",
              help="The first day of access, YYYY-MM-DD. Default: today.")
@click.option("--until", "until_text", metavar="DATE", help="The last day of access, YYYY-MM-DD.")
def set_access(email: str, from_text: str | None, until_text: str | None) -> None:
    """Change when an assessor's read-only access starts and ends."""
    from shopper.services.exports.assessors import AccessError, access_days, assessor_by_email
    from shopper.services.exports.assessors import set_access as set_assessor_access

    if not until_text:
        fail("Give the assessor's last day of access with --until YYYY-MM-DD")
    try:
        user = assessor_by_email(email)
        first, last = access_days(from_text, until_text)
        set_assessor_access(Actor.command("set-access"), user, first, last)
    except AccessError as error:
        option = {"from": " (--from)", "to": " (--until)"}.get(error.field, "")
        fail(f"{error.message}{option}")
    click.echo(f"{user.email} can read the evidence from {first.isoformat()} to "
               f"{last.isoformat()}, both included")


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
