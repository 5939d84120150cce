"""The Shops sheet and CSV: one row per shop in the period, read in batches, never all at once."""

from collections.abc import Iterator
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
_KIND_OF_SHOPPER = {"councillor": "councillor", "staff": "member of staff",
                    "coordinator": "coordinator"}


def shops_table(evidence: Evidence, now: datetime) -> Table:
    """Every shop of the chosen blocks in the period but drafts, with its score per standard."""
    codes = [v.spec.code for v in _current(evidence)]
    items = [item.code for v in _current(evidence) for item in v.spec.items]
    columns = [*_FACTS, *(c for code in codes for c in (
        Column(f"{code} score", Kind.PERCENT, 9), Column(f"{code} passed", Kind.YES_NO, 9))),
        *(Column(code, Kind.WORD, 8) for code in items),
        *(_NAMES if evidence.choice.with_names else [])]
    return Table("Shops", columns, _rows(evidence, codes, items, now))


def _current(evidence: Evidence) -> list:
    latest = {}
    for version in evidence.versions:
        if version.spec.code not in latest or version.published_at > latest[
                version.spec.code].published_at:
            latest[version.spec.code] = version
    return list(latest.values())


def _query(evidence: Evidence) -> sa.Select:
    choice = evidence.choice
    kind = sa.case((User.role == Role.COORDINATOR, "coordinator"),
                   (User.service_block_id.is_(None), "councillor"), else_="staff")
    return (sa.select(*_SHOP_COLUMNS, ServiceGrouping.name, ServiceBlock.name, kind,
                      Line.number, Line.extension, Line.line_type, Line.officer_name, Team.name,
                      ReceptionPoint.name, User.name, User.email)
            .join(ServiceBlock, ServiceBlock.id == Shop.service_block_id)
            .join(ServiceGrouping, ServiceGrouping.id == ServiceBlock.grouping_id)
            .join(User, User.id == Shop.shopper_id)
            .outerjoin(Line, Line.id == Shop.line_id)
            .outerjoin(Team, Team.id == Line.team_id)
            .outerjoin(ReceptionPoint, ReceptionPoint.id == Shop.reception_point_id)
            .where(Shop.occurred_on.between(choice.start, choice.end),
                   Shop.service_block_id.in_(evidence.block_ids),
                   Shop.status != ShopStatus.DRAFT)
            .order_by(Shop.occurred_on, Shop.id))


_SHOP_COLUMNS = (Shop.id, Shop.ref, Shop.channel, Shop.occurred_at, Shop.occurred_on,
                 Shop.status, Shop.awaiting_until, Shop.rings, Shop.outcome,
                 Shop.held_or_transferred, Shop.officer_away, Shop.message_left_at,
                 Shop.callback_at, Shop.callback_withheld, Shop.callback_answering_machine,
                 Shop.acknowledged_minutes, Shop.seen_minutes, Shop.dialled_number,
                 Shop.dialled_extension, Shop.notes, Shop.excluded_reason)


def _rows(evidence: Evidence, codes: list[str], items: list[str],
          now: datetime) -> Iterator[tuple]:
    # One query read in batches (a server-side cursor on PostgreSQL), never all at once; each
    # batch's scores and answers are read as plain rows and pivoted here, one column a code.
    versions = _positions(_ids_by_code(evidence, of_items=False), codes)
    item_ids = _positions(_ids_by_code(evidence, of_items=True), items)
    no_scores, no_answers = (None, None) * len(codes), (None,) * len(items)
    connection = db.session.connection()
    result = connection.execute(_query(evidence).execution_options(yield_per=BATCH))
    for batch in result.partitions():
        ids = [row.id for row in batch]
        scores = _scores_by_shop(connection, ids, versions, len(codes))
        answers = _answers_by_shop(connection, ids, item_ids, len(items))
        for row in batch:
            yield _row(row, _scores(scores.get(row.id), no_scores),
                       answers.get(row.id, no_answers), now, evidence.choice.with_names)


def _ids_by_code(evidence: Evidence, of_items: bool) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for version in evidence.versions:
        pairs = version.item_ids.items() if of_items else [(version.spec.code, version.id)]
        for code, stored_id in pairs:
            found.setdefault(code, []).append(stored_id)
    return found


def _positions(ids: dict[str, list[int]], codes: list[str]) -> dict[int, int]:
    """Each stored id's column: the place of its code among the codes."""
    return {stored_id: place for place, code in enumerate(codes)
            for stored_id in ids.get(code, [])}


def _scores_by_shop(connection, ids: list[int], versions: dict[int, int],
                    count: int) -> dict[int, list]:
    """Per standard, the met and applicable weights and whether it passed (1 or 0), a shop
    a list; the highest of each if a shop had two versions of one standard."""
    query = (sa.select(ShopResult.shop_id, ShopResult.standard_version_id,
                       ShopResult.met_weight, ShopResult.applicable_weight, ShopResult.passed)
             .where(ShopResult.shop_id.in_(ids)))
    found: dict[int, list] = {}
    # Filtered here, not in the query, so the database seeks by shop, the key's first part.
    for shop_id, version_id, *values in connection.execute(query).all():
        if version_id not in versions:
            continue
        place = versions[version_id] * 3
        scores = found.setdefault(shop_id, [None] * (3 * count))
        for offset, value in enumerate(values):
            value = int(value) if offset == 2 else value
            old = scores[place + offset]
            scores[place + offset] = value if old is None or value > old else old
    return found


def _answers_by_shop(connection, ids: list[int], item_ids: dict[int, int],
                     count: int) -> dict[int, list]:
    """Each item's answer as words, one place per item code, a shop a list."""
    query = (sa.select(ItemAnswer.shop_id, ItemAnswer.item_id,
                       sa.type_coerce(ItemAnswer.answer, sa.String))
             .where(ItemAnswer.shop_id.in_(ids)))
    found: dict[int, list] = {}
    for shop_id, item_id, raw in connection.execute(query).all():
        if item_id not in item_ids:
            continue
        answers = found.get(shop_id)
        if answers is None:
            answers = found[shop_id] = [None] * count
        place, word = item_ids[item_id], _WORDS.get(raw, raw)
        old = answers[place]
        answers[place] = word if old is None or word > old else old
    return found


_WORDS = {"not_met": "not met"}


def _scores(found: tuple | None, none: tuple) -> tuple:
    """Each standard's score, rounded half up to 4 places like every rate, and pass or fail."""
    if found is None:
        return none
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
    (*_, grouping, block, kind, number, extension, line_type, officer, team, reception, name,
     email) = shop
    awaiting = shop.awaiting_until is not None and shop.awaiting_until > now
    counted = shop.status in _DECIDED and not awaiting
    status = ("awaiting callback" if awaiting and shop.status != ShopStatus.EXCLUDED
              else shop.status.value)
    shown = (_number(number, extension) if number
             else _number(shop.dialled_number, shop.dialled_extension))
    row = (shop.id, shop.ref, shop.channel.value, _local(shop.occurred_at), shop.occurred_on,
           grouping, block, status, counted, _KIND_OF_SHOPPER[kind], shown or None,
           line_type.label if line_type else None, team, reception, shop.rings,
           _text(shop.outcome), shop.held_or_transferred, _text(shop.officer_away),
           _local(shop.message_left_at), _local(shop.callback_at), shop.callback_withheld,
           shop.callback_answering_machine, shop.acknowledged_minutes, shop.seen_minutes,
           *scores, *answers)
    if with_names:
        row += (name or email, officer, shop.notes or None, shop.excluded_reason)
    return row


_DECIDED = (ShopStatus.SUBMITTED, ShopStatus.VERIFIED)


@lru_cache(maxsize=4096)
def _number(e164: str | None, extension: str) -> str:
    return display_number(e164, extension)


def _local(at: datetime | None) -> datetime | None:
    return at.astimezone(LONDON).replace(tzinfo=None) if at else None


def _text(value) -> str | None:
    return str(value).replace("_", " ") if value is not None else None


_FOUR_PLACES = Decimal("0.0001")
