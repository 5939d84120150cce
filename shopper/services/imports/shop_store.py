"""Storing imported shops in bulk: new shops with their answers and results by COPY, and
stored shops updated in place with the audit trail keeping each one before and after.

The rows are shops.shop_rows', so scoring stays in one place; the tallies are kept in step.
"""

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from enum import Enum
from fractions import Fraction
from operator import itemgetter
from typing import NamedTuple, TypeVar

import sqlalchemy as sa

from shopper.domain.enums import Answer
from shopper.domain.scoring import format_percentage
from shopper.domain.states import ShopStatus
from shopper.extensions import db
from shopper.models import ItemAnswer, Shop, ShopResult
from shopper.services.audit import Actor, record_changes
from shopper.services.bulk import choosing, id_groups, scalar_default
from shopper.services.imports.shop_lookups import Lookups
from shopper.services.review import tallies
from shopper.services.shops import ShopRecord, ShopRows

CALL_FACTS = ("rings", "outcome", "held_or_transferred", "officer_away", "message_left_at",
              "callback_at", "callback_never", "callback_withheld", "callback_answering_machine")
VISIT_FACTS = ("acknowledged_minutes", "seen_minutes")
KEPT_ON_UPDATE = ("client_id", "created_at", "submitted_at")
CHUNK = 1000
# Shops whose audit description is read at once (three queries each time).
DESCRIBED_PER_QUERY = 10_000
T = TypeVar("T")


def insert_new(created: list[ShopRecord], assess: Callable[[ShopRecord], ShopRows]) -> None:
    """Assess and store new shops with their answers and results, a thousand at a time.

    Not shops.insert_shops: its ORM bulk insert, returning ids in order, runs one INSERT per
    shop on SQLite and splits batches wherever the columns given a value change, so 100,000
    shops took over 90 seconds. The rows are still shop_rows', so scoring stays in one place.
    """
    table = Shop.__table__
    # Every column, as COPY applies none of the model's defaults (shop_rows gives the callables).
    defaults = {column.key: scalar_default(column) for column in table.columns
                if column.key != "id"}
    keys: set[tallies.Key] = set()
    shop_ids: list[int] = []
    for records in _chunks(created):
        chunk = [assess(record) for record in records]
        values = [{key: rows.shop.get(key, default) for key, default in defaults.items()}
                  for rows in chunk]
        ids = _next_ids(table, len(chunk))
        if ids:
            values = [{"id": shop_id, **row} for shop_id, row in zip(ids, values, strict=True)]
        _write(table, values)
        if not ids:
            by_client = dict(db.session.execute(sa.select(Shop.client_id, Shop.id).where(
                Shop.client_id.in_([rows.shop["client_id"] for rows in chunk]))).all())
            ids = [by_client[rows.shop["client_id"]] for rows in chunk]
        _write_answers_and_results(list(zip(ids, chunk, strict=True)))
        keys.update(rows.counted_on for rows in chunk)
        shop_ids += ids
    # Exclusive: the same import may recount these blocks after, as may another import.
    tallies.add(shop_ids, keys, exclusive=True)


def _next_ids(table: sa.Table, count: int) -> list[int]:
    """On PostgreSQL, `count` new ids taken from the table's sequence in one query, so the
    shops' ids are known before they are copied in; elsewhere none (they are read back)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return []
    sequence = sa.func.pg_get_serial_sequence(table.name, "id")
    return list(db.session.scalars(sa.select(sa.func.nextval(sequence))
                                   .select_from(sa.func.generate_series(1, count))))


def _write_answers_and_results(stored: Sequence[tuple[int, ShopRows]]) -> None:
    _write(ItemAnswer.__table__, [{**answer, "shop_id": shop_id} for shop_id, rows in stored
                                  for answer in rows.answers])
    _write(ShopResult.__table__, [{**result, "shop_id": shop_id} for shop_id, rows in stored
                                  for result in rows.results])


def _write(table: sa.Table, rows: list[dict]) -> None:
    """Insert rows that share their keys, converted by the columns' own types once per value.

    COPY on PostgreSQL, half the time of the statement per row that psycopg's executemany
    sends; elsewhere the DB-API's executemany, without SQLAlchemy's per-row work.
    """
    if not rows:
        return
    connection = db.session.connection()
    dialect = connection.dialect
    insert = sa.insert(table).compile(dialect=dialect, column_keys=list(rows[0]))
    # The order SQLite's positional parameters take; COPY names its columns in the same order.
    keys = insert.positiontup or [column.key for column in table.columns if column.key in rows[0]]
    values = _converted(rows, keys, [_bind_processor(table.c[key].type, dialect)
                                     for key in keys])
    if dialect.name != "postgresql":
        connection.exec_driver_sql(str(insert), values)
        return
    quote = dialect.identifier_preparer
    columns = ", ".join(quote.format_column(table.c[key]) for key in keys)
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {quote.format_table(table)} ({columns}) FROM STDIN") as copy:
        for row in values:
            copy.write_row(row)


def _bind_processor(column_type: sa.types.TypeEngine,
                    dialect: sa.Dialect) -> Callable[[object], object] | None:
    """The type's conversion of a value for the driver; an enum's remembered per value, as
    its few values each come back hundreds of thousands of times."""
    process = column_type.bind_processor(dialect)
    if process is None or not isinstance(column_type, sa.Enum):
        return process
    converted: dict[object, object] = {}

    def remembered(value: object) -> object:
        if value not in converted:
            converted[value] = process(value)
        return converted[value]
    return remembered


def _converted(rows: list[dict], keys: list[str],
               processors: list[Callable[[object], object] | None]) -> list[Sequence]:
    """Each row's values in the keys' order, converted by the processors that there are."""
    values = itemgetter(*keys)
    if len(keys) == 1:
        return [(values(row),) for row in rows]
    converting = [(index, process) for index, process in enumerate(processors) if process]
    if not converting:
        return [values(row) for row in rows]
    converted = []
    for row in rows:
        row_values = list(values(row))
        for index, process in converting:
            row_values[index] = process(row_values[index])
        converted.append(tuple(row_values))
    return converted


def update_stored(updated: Sequence[tuple[sa.Row, ShopRows]], lookups: Lookups,
            actor: Actor) -> None:
    """Replace each shop's facts, answers and results, and keep before and after."""
    ids = [stored.id for stored, _ in updated]
    before = _describe(ids, lookups)
    # The (block, day) each shop was counted on, and will be.
    counted_on = {(stored.service_block_id, stored.occurred_on) for stored, _ in updated}
    # No answers or results are loaded as objects here, so the ORM is not asked to find the
    # deleted ones in the session (it fetched every deleted row's id back to do so).
    unsynchronised = {"synchronize_session": False}
    for chunk in id_groups(ids):
        db.session.execute(sa.delete(ItemAnswer).where(choosing(ItemAnswer.shop_id, chunk)),
                           execution_options=unsynchronised)
        db.session.execute(sa.delete(ShopResult).where(choosing(ShopResult.shop_id, chunk)),
                           execution_options=unsynchronised)
    changes = []
    for stored, rows in updated:
        excluded = stored.status == ShopStatus.EXCLUDED
        shop = {key: value for key, value in rows.shop.items() if key not in KEPT_ON_UPDATE}
        # A call that becomes a visit (or the reverse) loses the other channel's facts.
        cleared = {fact: scalar_default(Shop.__table__.c[fact])
                   for fact in (*CALL_FACTS, *VISIT_FACTS) if fact not in shop}
        changes.append({**cleared, **shop, "id": stored.id, "verified_at": None,
                        "verified_by_id": None,
                        "status": ShopStatus.EXCLUDED if excluded else ShopStatus.SUBMITTED})
    _update_shops(changes)
    _write_answers_and_results([(stored.id, rows) for stored, rows in updated])
    tallies.recount(counted_on | {rows.counted_on for _, rows in updated})
    after = _describe(ids, lookups)
    record_changes(actor, "shop", [(shop_id, "updated", before[shop_id], after[shop_id])
                                   for shop_id in ids])


def _update_shops(changes: list[dict]) -> None:
    """Update shops by id with rows that share their keys.

    On PostgreSQL the rows are copied into a temporary table and the shops updated from it in
    one statement: psycopg's executemany sent 94,000 UPDATEs one by one, in 20 s. Elsewhere,
    or if the rows' keys differ, the ORM's bulk update by primary key.
    """
    keys = list(changes[0])
    uniform = all(len(row) == len(keys) and all(key in row for key in keys) for row in changes)
    connection = db.session.connection()
    if connection.dialect.name != "postgresql" or not uniform:
        db.session.execute(sa.update(Shop), changes)
        return
    table = Shop.__table__
    quote = connection.dialect.identifier_preparer
    connection.exec_driver_sql(
        f"CREATE TEMPORARY TABLE shop_updates ON COMMIT DROP AS SELECT "
        f"{', '.join(quote.quote(key) for key in keys)} FROM {quote.format_table(table)} "
        "WITH NO DATA")
    updates = sa.Table("shop_updates", sa.MetaData(),
                       *(sa.Column(key, table.c[key].type) for key in keys))
    _write(updates, changes)
    db.session.execute(sa.update(table).where(table.c.id == updates.c.id).values(
        {key: updates.c[key] for key in keys if key != "id"}))
    connection.exec_driver_sql("DROP TABLE shop_updates")


def _describe(ids: list[int], lookups: Lookups) -> dict[int, dict]:
    """What the audit trail keeps of each stored shop, read with three queries a group."""
    versions = [version for each in lookups.catalogue.versions.values() for version in each]
    items = {item_id: code for version in versions for code, item_id in version.item_ids.items()}
    labels = {version.id: f"{version.spec.code} v{version.spec.version}" for version in versions}
    names = _Names({user.id: user.email for user in lookups.users.values()},
                   lookups.block_names,
                   {point.id: point.name for point in lookups.receptions.values()})
    db.session.flush()  # the rows are read through the connection, which does not flush
    described = {}
    # A shop's answers and scores take few values: each is written out once. The answers are
    # read as the text stored (an Answer's value) and the rows through the connection, as
    # the ORM's per-row work and the enum's conversion took most of the time.
    answer_text = {answer.value: str(answer) for answer in Answer}
    scores: dict[tuple, str] = {}
    connection = db.session.connection()
    answer_table, result_table = ItemAnswer.__table__, ShopResult.__table__
    for chunk in id_groups(ids, DESCRIBED_PER_QUERY):
        answers: dict[int, dict] = {shop_id: {} for shop_id in chunk}
        for shop_id, item_id, answer in connection.execute(sa.select(
                answer_table.c.shop_id, answer_table.c.item_id,
                sa.type_coerce(answer_table.c.answer, sa.String())).where(
                choosing(answer_table.c.shop_id, chunk))):
            answers[shop_id][items.get(item_id, "")] = answer_text[answer]
        results: dict[int, dict] = {shop_id: {} for shop_id in chunk}
        for shop_id, version_id, met, applicable, passed in connection.execute(sa.select(
                result_table.c.shop_id, result_table.c.standard_version_id,
                result_table.c.met_weight, result_table.c.applicable_weight,
                result_table.c.passed).where(choosing(result_table.c.shop_id, chunk))):
            if (met, applicable) not in scores:
                scores[met, applicable] = format_percentage(Fraction(met) / Fraction(applicable))
            results[shop_id][labels.get(version_id, "")] = {
                "score": scores[met, applicable], "passed": passed}
        for shop in connection.execute(sa.select(Shop.__table__).where(
                choosing(Shop.__table__.c.id, chunk))).mappings():
            described[shop["id"]] = {**_describe_shop(shop, names),
                                     "answers": dict(sorted(answers[shop["id"]].items())),
                                     "results": dict(sorted(results[shop["id"]].items()))}
    return described


class _Names(NamedTuple):
    emails: dict[int, str]
    blocks: dict[int, str]
    receptions: dict[int, str]


def _describe_shop(shop: Mapping, names: _Names) -> dict:
    """A stored shop's facts, by name rather than id."""
    facts = CALL_FACTS if shop["channel"] == "call" else VISIT_FACTS
    return {
        "ref": shop["ref"], "channel": str(shop["channel"]), "status": str(shop["status"]),
        "occurred_at": shop["occurred_at"].isoformat(),
        "shopper": names.emails.get(shop["shopper_id"]),
        "service_block": names.blocks.get(shop["service_block_id"]),
        "number": shop["dialled_number"], "extension": shop["dialled_extension"],
        "reception_point": names.receptions.get(shop["reception_point_id"]),
        **{fact: _plain(shop[fact]) for fact in facts},
    }


def _plain(value: object) -> object:
    """A value as JSON holds it: times in ISO 8601, decimals and enums as text."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum) or not isinstance(value, bool | int | None):
        return str(value)
    return value


def _chunks(values: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]
