"""The Shops sheet and CSV: one row per shop in the period, read in batches, never all at once."""

from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import sqlalchemy as sa

from shopper.domain.deadlines import LONDON
from shopper.domain.phones import display_number
from shopper.domain.states import Role, ShopStatus
from shopper.exports.table import Column, Kind, Table
from shopper.extensions import db
from shopper.models import (
    ItemAnswer,
    Line,
    ReceptionPoint,
    ServiceBlock,
    ServiceGrouping,
    Shop,
    ShopResult,
    Team,
    User,
)
from shopper.services.exports.evidence import Evidence

BATCH = 2000
_FACTS = [
    Column("Shop", Kind.WHOLE, 9), Column("Ref", width=12), Column("Channel", Kind.WORD, 9),
    Column("Occurred at (UK time)", Kind.DATETIME, 17), Column("Date", Kind.DATE, 11),
    Column("Service grouping", width=24), Column("Service block", width=24),
    Column("Status", Kind.WORD, 11), Column("Counted", Kind.YES_NO, 9),
    Column("Shopped by", Kind.WORD, 16), Column("Number", width=16),
    Column("Line type", Kind.WORD, 14),
    Column("Team", width=20), Column("Reception point", width=24),
    Column("Rings", Kind.WHOLE, 7),
    Column("Outcome", Kind.WORD, 11), Column("Held or transferred", Kind.YES_NO, 11),
    Column("Officer away", Kind.WORD, 9), Column("Message left at", Kind.DATETIME, 17),
    Column("Callback at", Kind.DATETIME, 17), Column("Callback withheld", Kind.YES_NO, 10),
    Column("Callback reached answering machine", Kind.YES_NO, 12),
    Column("Acknowledged (minutes)", Kind.DECIMAL, 12), Column("Seen (minutes)", Kind.DECIMAL, 10),
]
_NAMES = [Column("Shopper", width=24), Column("Officer", width=24), Column("Notes", width=40),
          Column("Reason excluded", width=40)]
SHOPPED_BY = {"councillor": "councillor", "staff": "member of staff",
              "coordinator": "coordinator"}


def shops_table(evidence: Evidence, now: datetime,
                progress: Callable[[int], None] | None = None) -> Table:
    """Every shop of the chosen blocks in the period but drafts, with its score per standard;
    progress, if given, is told how many shops have been read after each batch."""
    codes, items = standard_and_item_codes(evidence)
    return Table("Shops", shops_columns(evidence, codes, items),
                 _rows(evidence, codes, items, now, progress))


def shops_columns(evidence: Evidence, codes: list[str], items: list[str]) -> list[Column]:
    """The Shops sheet's columns: the facts, a score and a pass per standard, an answer per
    item, and the names when they were asked for."""
    return [*_FACTS, *(c for code in codes for c in (
        Column(f"{code} score", Kind.PERCENT, 9), Column(f"{code} passed", Kind.YES_NO, 9))),
        *(Column(code, Kind.WORD, 8) for code in items),
        *(_NAMES if evidence.choice.with_names else [])]


def standard_and_item_codes(evidence: Evidence) -> tuple[list[str], list[str]]:
    """The codes of the standards in force and of their items, in the columns' order."""
    current = _current(evidence)
    return [v.spec.code for v in current], [i.code for v in current for i in v.spec.items]


def _current(evidence: Evidence) -> list:
    latest = {}
    for version in evidence.versions:
        if version.spec.code not in latest or version.published_at > latest[
                version.spec.code].published_at:
            latest[version.spec.code] = version
    return list(latest.values())


def _query(evidence: Evidence, codes: list[str], items: list[str]) -> sa.Select:
    scores, answers = per_shop_scores(evidence, codes), per_shop_answers(evidence, items)
    return shops_joined(evidence, [
        *_SHOP_COLUMNS, ServiceGrouping.name, ServiceBlock.name, shopper_kind(), Line.number,
        Line.extension, Line.line_type, Line.officer_name, Team.name, ReceptionPoint.name,
        User.name, User.email, *list(scores.c)[1:], *list(answers.c)[1:]], scores, answers)


def shopper_kind(words: dict[str, str] | None = None) -> sa.Case:
    """Who shopped: coordinator, councillor or staff, or the words given for each."""
    words = words or {kind: kind for kind in SHOPPED_BY}
    return sa.case((User.role == Role.COORDINATOR, words["coordinator"]),
                   (User.service_block_id.is_(None), words["councillor"]),
                   else_=words["staff"])


def per_shop_scores(evidence: Evidence, codes: list[str]) -> sa.Subquery:
    """Per standard code, three columns a shop: met and applicable weights, passed (0 or 1)."""
    return _per_shop(evidence, ShopResult.shop_id, _score_columns(evidence, codes))


def per_shop_answers(evidence: Evidence, items: list[str]) -> sa.Subquery:
    """Per item code, a column a shop: its answer in words."""
    return _per_shop(evidence, ItemAnswer.shop_id, _answer_columns(evidence, items))


def shops_joined(evidence: Evidence, columns: list, *per_shop: sa.Subquery) -> sa.Select:
    """The columns asked for, from the chosen shops with everything a row shows joined (and
    the per-shop subqueries given), in the order of the rows."""
    query = (sa.select(*columns).select_from(Shop)
             .join(ServiceBlock, ServiceBlock.id == Shop.service_block_id)
             .join(ServiceGrouping, ServiceGrouping.id == ServiceBlock.grouping_id)
             .join(User, User.id == Shop.shopper_id)
             .outerjoin(Line, Line.id == Shop.line_id)
             .outerjoin(Team, Team.id == Line.team_id)
             .outerjoin(ReceptionPoint, ReceptionPoint.id == Shop.reception_point_id))
    for subquery in per_shop:
        query = query.outerjoin(subquery, subquery.c.shop_id == Shop.id)
    return query.where(*chosen(evidence)).order_by(Shop.occurred_on, Shop.id)


def chosen(evidence: Evidence) -> tuple:
    """The conditions on the shops the export holds."""
    choice = evidence.choice
    return (Shop.occurred_on.between(choice.start, choice.end),
            Shop.service_block_id.in_(evidence.block_ids), Shop.status != ShopStatus.DRAFT)


_SHOP_COLUMNS = (Shop.id, Shop.ref, Shop.channel, Shop.occurred_at, Shop.occurred_on,
                 Shop.status, Shop.awaiting_until, Shop.rings, Shop.outcome,
                 Shop.held_or_transferred, Shop.officer_away, Shop.message_left_at,
                 Shop.callback_at, Shop.callback_withheld, Shop.callback_answering_machine,
                 Shop.acknowledged_minutes, Shop.seen_minutes, Shop.dialled_number,
                 Shop.dialled_extension, Shop.notes, Shop.excluded_reason)


def count_shops(evidence: Evidence) -> int:
    """How many shops the Shops sheet or CSV will have."""
    return db.session.scalar(sa.select(sa.func.count(Shop.id)).where(*chosen(evidence)))


def _rows(evidence: Evidence, codes: list[str], items: list[str], now: datetime,
          progress: Callable[[int], None] | None) -> Iterator[tuple]:
    # One query, scores and answers pivoted by the database in the same statement, read in
    # batches (a server-side cursor on PostgreSQL), never all at once.
    facts, scores_end = len(_SHOP_COLUMNS) + 11, len(_SHOP_COLUMNS) + 11 + 3 * len(codes)
    with_names = evidence.choice.with_names
    query = _query(evidence, codes, items).execution_options(yield_per=BATCH)
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        # Compiling this wide query just in time cost PostgreSQL a second and saved nothing.
        connection.exec_driver_sql("SET LOCAL jit = off")
    read = 0
    for batch in connection.execute(query).partitions():
        for row in batch:
            yield _row(row[:facts], _scores(row[facts:scores_end]), row[scores_end:], now,
                       with_names)
        read += len(batch)
        if progress:
            progress(read)


def _ids_by_code(evidence: Evidence, of_items: bool) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for version in evidence.versions:
        pairs = version.item_ids.items() if of_items else [(version.spec.code, version.id)]
        for code, stored_id in pairs:
            found.setdefault(code, []).append(stored_id)
    return found


def _score_columns(evidence: Evidence, codes: list[str]) -> list:
    """Per standard, the met and applicable weights and whether it passed: one row a shop."""
    ids = _ids_by_code(evidence, of_items=False)
    columns = []
    for code in codes:
        mine = ShopResult.standard_version_id.in_(ids.get(code, [-1]))
        columns += [sa.func.max(value).filter(mine) for value in (
            ShopResult.met_weight, ShopResult.applicable_weight,
            sa.cast(ShopResult.passed, sa.Integer))]
    return columns


def _answer_columns(evidence: Evidence, items: list[str]) -> list:
    """Each item's answer as words, one column per item code: the database does the pivot."""
    ids = _ids_by_code(evidence, of_items=True)
    raw = sa.type_coerce(ItemAnswer.answer, sa.String)
    words = sa.case((raw == "not_met", "not met"), else_=raw)
    # FILTER rather than max(CASE …): a third quicker on PostgreSQL, over a million answers.
    return [sa.func.max(words).filter(ItemAnswer.item_id.in_(ids.get(code, [-1])))
            for code in items]


def _per_shop(evidence: Evidence, shop_id, columns: list) -> sa.Subquery:
    """The columns per shop of the export, for the main query to join."""
    labelled = [column.label(f"value_{index}") for index, column in enumerate(columns)]
    return (sa.select(shop_id.label("shop_id"), *labelled)
            .join(Shop, Shop.id == shop_id).where(*chosen(evidence))
            .group_by(shop_id).subquery())


def _scores(found: tuple) -> tuple:
    """Each standard's score, rounded half up to 4 places like every rate, and pass or fail."""
    scores = []
    for index in range(0, len(found), 3):
        met, applicable, passed = found[index:index + 3]
        if applicable is None:
            scores += [None, None]
            continue
        scores += [_score(met, applicable), bool(passed)]
    return tuple(scores)


@lru_cache(maxsize=4096)
def _score(met, applicable) -> float:
    # The same few weights come up again and again.
    return float((Decimal(met) / Decimal(applicable)).quantize(_FOUR_PLACES, ROUND_HALF_UP))


def _row(shop, scores: tuple, answers: tuple, now: datetime, with_names: bool) -> tuple:
    # Unpacked once: a row's values by position are quicker than by name, a shop at a time.
    (shop_id, ref, channel, occurred_at, occurred_on, status, awaiting_until, rings, outcome,
     held, away, message_left_at, callback_at, withheld, machine, acknowledged, seen, dialled,
     dialled_extension, notes, excluded_reason, grouping, block, kind, number, extension,
     line_type, officer, team, reception, name, email) = shop
    awaiting = awaiting_until is not None and awaiting_until > now
    counted = status in _DECIDED and not awaiting
    shown_status = ("awaiting callback" if awaiting and status != ShopStatus.EXCLUDED
                    else status.value)
    shown = (shop_number(number, extension) if number
             else shop_number(dialled, dialled_extension))
    row = (shop_id, ref, channel.value, _local(occurred_at), occurred_on, grouping, block,
           shown_status, counted, SHOPPED_BY[kind], shown or None,
           line_type.label if line_type else None, team, reception, rings, _text(outcome),
           held, _text(away), _local(message_left_at), _local(callback_at), withheld, machine,
           acknowledged, seen, *scores, *answers)
    if with_names:
        row += (name or email, officer, notes or None, excluded_reason)
    return row


_DECIDED = (ShopStatus.SUBMITTED, ShopStatus.VERIFIED)


@lru_cache(maxsize=4096)
def shop_number(e164: str | None, extension: str) -> str:
    """The number as the export shows it ("" for none); the same few come up again and again."""
    return display_number(e164, extension)


def _local(at: datetime | None) -> datetime | None:
    return at.astimezone(LONDON).replace(tzinfo=None) if at else None


def _text(value) -> str | None:
    return str(value).replace("_", " ") if value is not None else None


_FOUR_PLACES = Decimal("0.0001")
