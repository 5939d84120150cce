"""Database housekeeping the use cases share."""

import sqlalchemy as sa

from shopper.extensions import db


def refresh_statistics() -> None:
    """After a bulk load, let PostgreSQL's planner see the new rows (SQLite plans without)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text("ANALYZE"))
