"""Database housekeeping the use cases share."""

import sqlalchemy as sa

from shopper.extensions import db


def refresh_statistics() -> None:
    """After a bulk load, let PostgreSQL's planner see the new rows (SQLite plans without)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text("ANALYZE"))


# The errors of a database that cannot be reached or dropped the connection mid-request.
_OUTAGES = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.DisconnectionError,
            sa.exc.TimeoutError)


def is_outage(error: BaseException) -> bool:
    """Whether the error is the database being away, rather than a fault in Shopper."""
    return isinstance(error, _OUTAGES) or bool(
        isinstance(error, sa.exc.DBAPIError) and error.connection_invalidated)


# Every error the database layer raises, for the views' error pages.
DatabaseError = sa.exc.SQLAlchemyError


def abandon_transaction() -> None:
    """Drop whatever the failed request had begun, so nothing of it is written or reused."""
    try:
        db.session.rollback()
    except sa.exc.SQLAlchemyError:
        db.session.close()
