"""Importing historical shops from CSV: all or nothing, matched on ref.

Rows are checked against the users, directory and standards read once up front, then by the
domain's fact_errors and answer_errors (see shop_import_rows); any problem rejects the whole
file and changes nothing. Valid shops are stored `submitted`, assessed by shops.shop_rows under
the standard versions in force when they occurred, at the moment of import: a message left
with no callback and a deadline still to come is awaiting callback.

Where the file format leaves a choice:
- A ref already stored with the same content is left alone. With other content the shop is
  updated in place (same id and client id): facts, answers and results are replaced, it is
  `submitted` again (a coordinator verified the old content) unless it was excluded, which
  stands, and the audit trail keeps it before and after.
- Created shops are recorded in the audit trail as one event per import, listing their refs.
"""

import csv
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from enum import Enum
from fractions import Fraction
from typing import NamedTuple, TypeVar

import sqlalchemy as sa

from shopper.domain.scoring import format_percentage
from shopper.domain.standards import DERIVED_FROM
from shopper.domain.states import ShopStatus
from shopper.extensions import db
from shopper.models import (
    ItemAnswer,
    Line,
    ReceptionPoint,
    ServiceBlock,
    Shop,
    ShopResult,
    User,
    reception_point_blocks,
)
from shopper.services.audit import Actor, record_change, record_changes
from shopper.services.database import refresh_statistics
from shopper.services.imports.csv_rows import (
    ImportRejected,
    ImportSummary,
    Row,
    RowError,
    RowErrors,
    Source,
    check_header,
    decode_csv,
    read_rows,
)
from shopper.services.imports.shop_rows import (
    FIXED_COLUMNS,
    Lookups,
    ReceptionRef,
    parse_row,
)
from shopper.services.review import tallies
from shopper.services.settings import load_settings
from shopper.services.shops import ShopRecord, ShopRows, content_hash, shop_rows, utcnow
from shopper.services.standards import Catalogue, load_catalogue

__all__ = ["FIXED_COLUMNS", "ImportRejected", "ImportSummary", "import_shops"]

CALL_FACTS = ("rings", "outcome", "held_or_transferred", "officer_away", "message_left_at",
              "callback_at", "callback_never", "callback_withheld", "callback_answering_machine")
VISIT_FACTS = ("acknowledged_minutes", "seen_minutes")
KEPT_ON_UPDATE = ("client_id", "created_at", "submitted_at")
CHUNK = 1000
# Shops created at once after which PostgreSQL's planner is told the tables' new size.
BULK_LOAD = 10_000
T = TypeVar("T")


def import_shops(source: Source, dry_run: bool = False, now: datetime | None = None, *,
                 actor: Actor) -> ImportSummary:
    """Create or update every shop in the file, or ImportRejected listing every problem."""
    now = now or utcnow()
    errors = RowErrors()
    lookups = load_lookups()
    rows, item_columns = _read_rows(source, lookups.catalogue, errors)
    _check_duplicate_refs(rows, errors)
    records = [parse_row(number, values, item_columns, lookups, errors)
               for number, values in rows]
    errors.raise_if_any()
    stored = {row.ref: row for row in db.session.execute(
        sa.select(Shop.ref, Shop.id, Shop.content_hash, Shop.status, Shop.service_block_id,
                  Shop.occurred_on).where(Shop.ref.is_not(None)))}
    created = [record for record in records if record.ref not in stored]
    updated = [(record, stored[record.ref]) for record in records if record.ref in stored
               and stored[record.ref].content_hash != content_hash(record)]
    summary = ImportSummary(len(created), len(updated), len(records) - len(created) - len(updated))
    if dry_run:
        db.session.rollback()
        return summary
    try:
        _apply(created, updated, lookups, now, actor)
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    if len(created) >= BULK_LOAD:
        refresh_statistics()
    return summary


def _read_rows(source: Source, catalogue: Catalogue,
               errors: RowErrors) -> tuple[list[Row], tuple[str, ...]]:
    """The file's rows and its item columns, once the header names the right columns."""
    text = decode_csv(source)
    items = [item for versions in catalogue.versions.values() for version in versions
             for item in version.spec.items]
    derived = {item.code for item in items if item.derived}
    asked = list(dict.fromkeys(item.code for item in items if item.code not in derived))
    header = _first_record(text)
    # Extra columns are judged here, so a derived item's column can say why it is not wanted.
    problems = check_header(header, FIXED_COLUMNS, allow_other=lambda name: True) if header else []
    for name in dict.fromkeys(header):
        if name in derived:
            problems.append(RowError(1, "header", (
                f"Remove the column '{name}': {name} is worked out from the facts "
                f"({DERIVED_FROM.get(name, 'the other columns')}), so it is not imported")))
        elif name and name not in FIXED_COLUMNS and name not in asked:
            problems.append(RowError(1, "header", (
                f"Remove the column '{name}', or rename it: the columns are "
                f"{', '.join(FIXED_COLUMNS)}, then one for each item asked ({', '.join(asked)})")))
    if problems:
        raise ImportRejected(problems)
    rows = read_rows(text, FIXED_COLUMNS, errors, allow_other=asked.__contains__)
    return rows, tuple(name for name in header if name in asked)


def _first_record(text: str) -> list[str]:
    try:
        return [cell.strip() for cell in next(csv.reader(io.StringIO(text, newline="")), [])]
    except csv.Error:
        return []  # read_rows reports an unreadable file


def _check_duplicate_refs(rows: list[Row], errors: RowErrors) -> None:
    """A ref may appear once in the file: shops are matched on it."""
    first_row: dict[str, int] = {}
    for number, values in rows:
        ref = values["ref"]
        if ref in first_row:
            errors.add(number, "ref", f"{ref} is already on row {first_row[ref]}: give each "
                                      "shop its own ref")
        elif ref:
            first_row[ref] = number


def load_lookups() -> Lookups:
    """Users, blocks, lines and reception points, in a handful of queries for any file size."""
    users = {user.email.lower(): user for user in db.session.execute(
        sa.select(User.id, User.email, User.role, User.service_block_id))}
    blocks = dict(db.session.execute(sa.select(ServiceBlock.name, ServiceBlock.id)).all())
    lines: dict[tuple[str, str], list[sa.Row]] = {}
    for line in db.session.execute(sa.select(Line.id, Line.number, Line.extension,
                                             Line.service_block_id, Line.active).order_by(Line.id)):
        lines.setdefault((line.number, line.extension or ""), []).append(line)
    served: dict[int, set[int]] = {}
    for point_id, block_id in db.session.execute(sa.select(reception_point_blocks)):
        served.setdefault(point_id, set()).add(block_id)
    query = sa.select(ReceptionPoint.id, ReceptionPoint.name, ReceptionPoint.family_reception)
    receptions = {name: ReceptionRef(id, name, family, frozenset(served.get(id, ())))
                  for id, name, family in db.session.execute(query)}
    return Lookups(load_catalogue(), users, blocks, lines, receptions)


def _apply(created: list[ShopRecord], updated: list[tuple[ShopRecord, sa.Row]],
           lookups: Lookups, now: datetime, actor: Actor) -> None:
    settings = load_settings()
    if created:
        _insert(created, lambda record: shop_rows(record, lookups.catalogue, settings, now))
        record_change(actor, "shop_import", now.strftime("%Y%m%dT%H%M%S"), "created", None,
                      {"created": [record.ref for record in created]})
    if updated:
        _update([(stored, shop_rows(record, lookups.catalogue, settings, now))
                 for record, stored in updated], lookups, actor)


def _insert(created: list[ShopRecord], assess: Callable[[ShopRecord], ShopRows]) -> None:
    """Assess and store new shops with their answers and results, a thousand at a time.

    Not shops.insert_shops: its ORM bulk insert, returning ids in order, runs one INSERT per
    shop on SQLite and splits batches wherever the columns given a value change, so 100,000
    shops took over 90 seconds. The rows are still shop_rows', so scoring stays in one place.
    """
    table = Shop.__table__
    # Every column, as COPY applies none of the model's defaults (shop_rows gives the callables).
    defaults = {column.key: _default(column) for column in table.columns if column.key != "id"}
    keys: set[tallies.Key] = set()
    shop_ids: list[int] = []
    for records in _chunks(created):
        chunk = [assess(record) for record in records]
        _write(table, [{key: rows.shop.get(key, default) for key, default in defaults.items()}
                       for rows in chunk])
        ids = dict(db.session.execute(sa.select(Shop.client_id, Shop.id).where(
            Shop.client_id.in_([rows.shop["client_id"] for rows in chunk]))).all())
        _write_answers_and_results([(ids[rows.shop["client_id"]], rows) for rows in chunk])
        keys.update(rows.counted_on for rows in chunk)
        shop_ids += ids.values()
    # Exclusive: the same import may recount these blocks after, as may another import.
    tallies.add(shop_ids, keys, exclusive=True)


def _default(column: sa.Column) -> object:
    """A column's scalar default (False for callback_never), or None."""
    default = column.default
    return default.arg if default is not None and default.is_scalar else None


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
    processors = [(key, table.c[key].type.bind_processor(dialect)) for key in keys]
    values = [tuple(process(row[key]) if process else row[key] for key, process in processors)
              for row in rows]
    if dialect.name != "postgresql":
        connection.exec_driver_sql(str(insert), values)
        return
    quote = dialect.identifier_preparer
    columns = ", ".join(quote.format_column(table.c[key]) for key in keys)
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {quote.format_table(table)} ({columns}) FROM STDIN") as copy:
        for row in values:
            copy.write_row(row)


def _update(updated: Sequence[tuple[sa.Row, ShopRows]], lookups: Lookups,
            actor: Actor) -> None:
    """Replace each shop's facts, answers and results, and keep before and after."""
    ids = [stored.id for stored, _ in updated]
    before = _describe(ids, lookups)
    # The (block, day) each shop was counted on, and will be.
    counted_on = {(stored.service_block_id, stored.occurred_on) for stored, _ in updated}
    for chunk in _chunks(ids):
        db.session.execute(sa.delete(ItemAnswer).where(ItemAnswer.shop_id.in_(chunk)))
        db.session.execute(sa.delete(ShopResult).where(ShopResult.shop_id.in_(chunk)))
    changes = []
    for stored, rows in updated:
        excluded = stored.status == ShopStatus.EXCLUDED
        shop = {key: value for key, value in rows.shop.items() if key not in KEPT_ON_UPDATE}
        # A call that becomes a visit (or the reverse) loses the other channel's facts.
        cleared = {fact: _default(Shop.__table__.c[fact])
                   for fact in (*CALL_FACTS, *VISIT_FACTS) if fact not in shop}
        changes.append({**cleared, **shop, "id": stored.id, "verified_at": None,
                        "verified_by_id": None,
                        "status": ShopStatus.EXCLUDED if excluded else ShopStatus.SUBMITTED})
    db.session.execute(sa.update(Shop), changes)
    _write_answers_and_results([(stored.id, rows) for stored, rows in updated])
    tallies.recount(counted_on | {rows.counted_on for _, rows in updated})
    after = _describe(ids, lookups)
    record_changes(actor, "shop", [(shop_id, "updated", before[shop_id], after[shop_id])
                                   for shop_id in ids])


def _describe(ids: list[int], lookups: Lookups) -> dict[int, dict]:
    """What the audit trail keeps of each stored shop, read with three queries a thousand."""
    versions = [version for each in lookups.catalogue.versions.values() for version in each]
    items = {item_id: code for version in versions for code, item_id in version.item_ids.items()}
    labels = {version.id: f"{version.spec.code} v{version.spec.version}" for version in versions}
    names = _Names({user.id: user.email for user in lookups.users.values()},
                   lookups.block_names,
                   {point.id: point.name for point in lookups.receptions.values()})
    described = {}
    for chunk in _chunks(ids):
        answers: dict[int, dict] = {shop_id: {} for shop_id in chunk}
        for answer in db.session.execute(sa.select(ItemAnswer.__table__).where(
                ItemAnswer.shop_id.in_(chunk))):
            answers[answer.shop_id][items.get(answer.item_id, "")] = str(answer.answer)
        results: dict[int, dict] = {shop_id: {} for shop_id in chunk}
        for result in db.session.execute(sa.select(ShopResult.__table__).where(
                ShopResult.shop_id.in_(chunk))):
            score = Fraction(result.met_weight) / Fraction(result.applicable_weight)
            results[result.shop_id][labels.get(result.standard_version_id, "")] = {
                "score": format_percentage(score), "passed": result.passed}
        for shop in db.session.execute(sa.select(Shop.__table__).where(
                Shop.id.in_(chunk))).mappings():
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
