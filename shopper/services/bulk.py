"""Inserting many rows at once: COPY on PostgreSQL, executemany elsewhere."""

import json
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa

from shopper.extensions import db


def insert_rows(table: sa.Table, rows: Sequence[dict]) -> None:
    """Insert the rows, all with the same keys, in the session's transaction.

    On PostgreSQL, psycopg sends an executemany one statement at a time and takes seconds to
    build large multi-row INSERTs; COPY sends 50,000 rows in well under a second. COPY applies
    no column defaults, so every row names every value it needs.
    """
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        db.session.execute(sa.insert(table), list(rows))
        return
    names = list(rows[0])
    with connection.connection.driver_connection.cursor() as cursor, cursor.copy(
            f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([_copy_value(row[name]) for name in names])


def _copy_value(value: object) -> object:
    if isinstance(value, dict | list):
        return json.dumps(value)
    if isinstance(value, datetime) and value.tzinfo:
        return value.astimezone(UTC).replace(tzinfo=None)  # as UTCDateTime stores it
    return value
