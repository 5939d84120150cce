"""Keeping the tallies in step with the shops they count (see models.tallies).

New shops are added: add() counts just those shops with the recount's own query and adds the
counts to their rows (INSERT ... ON CONFLICT DO UPDATE), a few rows for a submission instead
of the block's whole day. Whatever changes stored shops, their answers or their results calls
recount() with the (block, day) of every shop it touched, before and after the change. A
recount deletes those days' tallies and counts them again from the shops, so it is right
however the shops changed.

On PostgreSQL both take a lock per block, held to the end of the transaction: shared for
add(), as adding to a row waits on the row itself, exclusive for recount(), so that a recount
and any other writer of the block go one after the other and the second sees the first's shops.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from shopper.domain.enums import Answer, Channel
from shopper.domain.states import ShopStatus
from shopper.extensions import db
from shopper.models import ItemAnswer, ItemTally, Line, LineTypeTally, ResultTally, Shop, ShopResult
from shopper.services.bulk import choosing_parameter, id_groups
from shopper.services.database import refresh_statistics

COUNTED_STATUSES = (ShopStatus.SUBMITTED, ShopStatus.VERIFIED)
# Shops of one block and day: what a recount takes.
Key = tuple[int, date]
# The first half of the two-number advisory lock key on PostgreSQL; the block id is the second.
_LOCK_CLASS = 5411
# Days touched this close together are recounted as one range, days between included: a
# range is one index scan, where a list of days is a lookup each.
_GAP_DAYS = 7
# The columns a tally sums; the others are its key.
_SUMS = ("shops", "passes", "applicable", "met")


def key_of(shop: Shop) -> Key:
    return shop.service_block_id, shop.occurred_on


def keys_of(shop_ids: Sequence[int]) -> set[Key]:
    """The (block, day) of each shop, as stored now: take them before a change, too."""
    return _keys_where(Shop.id, shop_ids)


def keys_of_lines(line_ids: Sequence[int]) -> set[Key]:
    """The (block, day) of every shop of these lines: to recount when a line's type changes."""
    return _keys_where(Shop.line_id, line_ids)


def _keys_where(column: sa.ColumnElement, ids: Sequence[int]) -> set[Key]:
    keys: set[Key] = set()
    for start in range(0, len(ids), 1000):
        chunk = list(ids[start:start + 1000])
        keys.update(db.session.execute(
            sa.select(Shop.service_block_id, Shop.occurred_on).where(column.in_(chunk))
            .distinct()).all())
    return keys


def add(shop_ids: Sequence[int], keys: Iterable[Key], exclusive: bool = False) -> None:
    """Count shops just inserted, of these (block, day) keys, in the tallies; shops already
    counted would be counted twice. Exclusive: the transaction may recount the blocks later,
    so it locks them as a recount does (two writers each holding a shared lock while waiting
    for the exclusive one would wait for each other)."""
    blocks = sorted({block_id for block_id, _ in keys})
    if not shop_ids:
        return
    db.session.flush()
    for block_id in blocks:
        _lock(block_id, shared=not exclusive)
    statements = _adding(db.session.get_bind().dialect.name)
    # One statement per tally on PostgreSQL (every id in one array): 100,000 shops imported
    # are counted and added once, not upserted again into the same rows a thousand at a time.
    for chunk in id_groups(shop_ids):
        for statement in statements:
            # Through the connection: the session would take the ids for an ORM bulk insert.
            db.session.connection().execute(statement, {"shop_ids": chunk})


@cache
def _adding(dialect_name: str) -> tuple[sa.Insert, ...]:
    """The three statements that add shops to the tallies, given the shops' ids: built once,
    as building them cost a submission more than running them."""
    shops = choosing_parameter(Shop.id, "shop_ids", dialect_name)
    return tuple(_added(table, counts, dialect_name) for table, counts in tallied(shops))


def _added(table: type, counts: sa.Select, dialect_name: str) -> sa.Insert:
    """Insert the counts as rows, or add them to the row of the same key."""
    columns = counts.selected_columns
    sums = [column.key for column in columns if column.key in _SUMS]
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    # Rows in key order, so that two writers lock the rows they share in the same order.
    ordered = counts.order_by(*[column for column in columns if column.key not in _SUMS])
    insert = dialect.insert(table).from_select([column.key for column in columns], ordered)
    (key,) = [index for index in table.__table__.indexes if index.unique]
    return insert.on_conflict_do_update(
        index_elements=list(key.expressions),
        set_={name: getattr(table, name) + insert.excluded[name] for name in sums})


def recount(keys: Iterable[Key]) -> None:
    """Count the tallies of these blocks' days again from their shops."""
    days_of: dict[int, set[date]] = defaultdict(set)
    for block_id, day in keys:
        days_of[block_id].add(day)
    if not days_of:
        return
    db.session.flush()
    for block_id in sorted(days_of):
        _lock(block_id, shared=False)
    for block_id, days in sorted(days_of.items()):
        for first, last in _ranges(sorted(days)):
            _replace(block_id, first, last)


def recount_all() -> None:
    """Count every tally again, as after a bulk load."""
    db.session.flush()
    _replace(None, None, None)


def recount_every_tally() -> int:
    """Count every tally again and keep them; how many decided shops they now count."""
    recount_all()
    db.session.commit()
    refresh_statistics()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Shop)
                             .where(Shop.status.in_(COUNTED_STATUSES)))


def _ranges(days: list[date]) -> list[tuple[date, date]]:
    """Sorted days as ranges (first, last), joining those at most _GAP_DAYS apart."""
    ranges = [(days[0], days[0])]
    for day in days[1:]:
        first, last = ranges[-1]
        if (day - last).days <= _GAP_DAYS:
            ranges[-1] = (first, day)
        else:
            ranges.append((day, day))
    return ranges


def _replace(block_id: int | None, first: date | None, last: date | None) -> None:
    """Delete and count again one block's days from first to last, or (None) every tally."""
    def within(table) -> list:  # shops and tallies name the block and day alike
        return ([] if block_id is None
                else [table.service_block_id == block_id, table.occurred_on.between(first, last)])

    for table, counts in tallied(*within(Shop)):
        # Tallies are only ever read as sums, never loaded as objects: the ORM need not look
        # for the deleted rows in the session.
        db.session.execute(sa.delete(table).where(*within(table)),
                           execution_options={"synchronize_session": False})
        db.session.execute(sa.insert(table).from_select(
            [column.key for column in counts.selected_columns], counts))


def _lock(block_id: int, shared: bool) -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        lock = sa.func.pg_advisory_xact_lock_shared if shared else sa.func.pg_advisory_xact_lock
        db.session.execute(sa.select(lock(_LOCK_CLASS, block_id)))


def tallied(*where) -> list[tuple[type, sa.Select]]:
    """Each tally table with the counts from the shops that it holds."""
    return [(ResultTally, result_counts(*where)), (LineTypeTally, line_type_counts(*where)),
            (ItemTally, item_counts(*where))]


def result_counts(*where) -> sa.Select:
    """Decided shops and passes per block, standard version, day and callback deadline."""
    return _counts(ShopResult, ShopResult.standard_version_id, ShopResult.passed,
                   ("shops", "passes"), where)


def line_type_counts(*where) -> sa.Select:
    """As result_counts, for call shops, by the type of the line dialled (None: not listed)."""
    return (result_counts(Shop.channel == Channel.CALL, *where)
            .outerjoin(Line, Line.id == Shop.line_id)
            .add_columns(Line.line_type).group_by(Line.line_type))


def item_counts(*where) -> sa.Select:
    """Applicable and met answers per block, item, day and callback deadline."""
    return _counts(ItemAnswer, ItemAnswer.item_id, ItemAnswer.answer == Answer.MET,
                   ("applicable", "met"), where)


def _counts(rows: type[ShopResult | ItemAnswer], key: sa.ColumnElement,
            condition: sa.ColumnElement, names: tuple[str, str], where: tuple) -> sa.Select:
    """Rows of decided shops per block, key, day and deadline: how many, and how many meet
    the condition."""
    all_rows, meeting = names
    return (
        sa.select(Shop.service_block_id, key, Shop.occurred_on, Shop.awaiting_until,
                  sa.func.count().label(all_rows),
                  sa.func.sum(sa.case((condition, 1), else_=0)).label(meeting))
        .select_from(rows).join(Shop, Shop.id == rows.shop_id)
        .where(Shop.status.in_(COUNTED_STATUSES), *where)
        .group_by(Shop.service_block_id, key, Shop.occurred_on, Shop.awaiting_until))
