"""The `shopper` command group, and how a command fails."""

import click
from flask.cli import AppGroup

cli = AppGroup("shopper", help="Shopper's own commands: demo data, imports, users and exports.")


def fail(message: str) -> None:
    """Print the problem and exit non-zero; the command has changed nothing."""
    raise click.ClickException(message)
