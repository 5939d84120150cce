"""Turning an unreachable database into one clear line on the command line."""

import click
import sqlalchemy as sa
from flask import has_request_context


class DatabaseUnreachable(click.ClickException):
    """The database could not be reached; click prints this as one line and exits non-zero."""


def explain_connection_errors(engine: sa.Engine) -> None:
    """On the command line, replace a connection failure's traceback with one clear line."""

    @sa.event.listens_for(engine, "handle_error")
    def _explain(context: sa.engine.ExceptionContext):
        if context.is_pre_ping or has_request_context() or context.connection is not None:
            return None
        if click.get_current_context(silent=True) is None:
            return None
        reason = str(context.original_exception).strip().splitlines()[0]
        url = engine.url.render_as_string(hide_password=True)
        raise DatabaseUnreachable(f"Cannot reach the database at {url}: {reason}")
