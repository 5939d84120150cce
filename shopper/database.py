"""The database connection: one clear line when it is unreachable, and checked before use."""

import select

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


def check_connections_on_checkout(engine: sa.Engine) -> None:
    """Before a pooled connection is used, make sure the database has not closed it.

    What pool_pre_ping does, without its round trip on every request: a PostgreSQL server that
    ends a connection (a restart, pg_terminate_backend, an idle timeout) first sends a message
    or closes the socket, so an idle connection whose socket has something to read is pinged
    and, if the ping fails, replaced before the request uses it. Other drivers are pinged
    every time, as pool_pre_ping would.
    """

    @sa.event.listens_for(engine, "checkout")
    def _check(dbapi_connection, record, proxy) -> None:
        failure = engine.dialect.loaded_dbapi.Error
        pgconn = getattr(dbapi_connection, "pgconn", None)
        if pgconn is not None and not _has_news(pgconn, failure):
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except failure as error:
            raise sa.exc.DisconnectionError(str(error)) from error


def _has_news(pgconn, failure: type[Exception]) -> bool:
    """Whether an idle PostgreSQL connection's socket is readable (or already unusable)."""
    try:
        readable, _, _ = select.select([pgconn.socket], [], [], 0)
    except (OSError, ValueError, failure):  # psycopg's own error for a closed connection
        return True
    return bool(readable)
