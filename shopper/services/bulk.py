"""Many rows at once: inserted by COPY on PostgreSQL (executemany elsewhere), chosen by id in
a few statements."""

import json
from collections.abc import Iterator, Sequence
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


def scalar_default(column: sa.Column) -> object:
    """A column's scalar default (False for callback_never), or None: what a row inserted
    without the ORM, which applies none, must give for it, and what the database then holds."""
    default = column.default
    return default.arg if default is not None and default.is_scalar else None


def _copy_value(value: object) -> object:
    if isinstance(value, dict | list):
        return json.dumps(value)
    if isinstance(value, datetime) and value.tzinfo:
        return value.astimezone(UTC).replace(tzinfo=None)  # as UTCDateTime stores it
    return value


# The most ids one statement names where they are parameters each (SQLite limits them).
IDS_PER_STATEMENT = 1000


def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def id_groups(ids: Sequence[int], per_statement: int | None = None) -> Iterator[list[int]]:
    """The ids in groups, each for one statement `choosing` them: on PostgreSQL every id at
    once unless `per_statement` says fewer (one array parameter, not one statement per
    thousand ids each naming a thousand parameters); elsewhere IDS_PER_STATEMENT at a time."""
    size = (per_statement or len(ids) or 1) if _postgres() else IDS_PER_STATEMENT
    for start in range(0, len(ids), size):
        yield list(ids[start:start + size])


def choosing(column: sa.ColumnElement, ids: list[int]) -> sa.ColumnElement[bool]:
    """The rows whose `column` is one of one group of `id_groups`."""
    if _postgres():
        return column == sa.any_(sa.literal(ids, sa.ARRAY(sa.Integer)))
    return column.in_(ids)


def choosing_parameter(column: sa.ColumnElement, name: str,
                       dialect_name: str) -> sa.ColumnElement[bool]:
    """`choosing` for a statement built once and run for each group of `id_groups`: the ids
    are given as the parameter `name` (one array on PostgreSQL, expanded elsewhere)."""
    if dialect_name == "postgresql":
        return column == sa.any_(sa.bindparam(name, type_=sa.ARRAY(sa.Integer)))
    return column.in_(sa.bindparam(name, expanding=True))
