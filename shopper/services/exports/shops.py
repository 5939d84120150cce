"""The Shops sheet and CSV: one row per shop in the period, read in batches, never all at once."""

from collections.abc import Iterator
from datetime import datetime
from fractions import Fraction
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from shopper.domain.deadlines import LONDON
from shopper.domain.phones import display_number
from shopper.domain.report import round_rate
from shopper.domain.states import Role, ShopStatus
from shopper.exports.table import Column, Kind, Table
from shopper.extensions import db
from shopper.models import (
    Item,
    ItemAnswer,
    Line,
    ReceptionPoint,
    ServiceBlock,
    ServiceGrouping,
    Shop,
    ShopResult,
    Standard,
    StandardVersion,
    Team,
    User,
)
from shopper.services.exports.evidence import Evidence

BATCH = 2000
_FACTS = [
    Column("Shop", Kind.WHOLE, 9), Column("Ref", width=12), Column("Channel", width=9),
    Column("Occurred at (UK time)", Kind.DATETIME, 17), Column("Date", Kind.DATE, 11),
    Column("Service grouping", width=24), Column("Service block", width=24),
    Column("Status", width=11), Column("Counted", Kind.YES_NO, 9),
    Column("Shopped by", width=16), Column("Number", width=16), Column("Line type", width=14),
    Column("Team", width=20), Column("Reception point", width=24), Column("Rings", Kind.WHOLE, 7),
    Column("Outcome", width=11), Column("Held or transferred", Kind.YES_NO, 11),
    Column("Officer away", width=9), Column("Message left at", Kind.DATETIME, 17),
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
        *(Column(code, width=8) for code in items),
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
    dialled = aliased(Line)
    return (sa.select(Shop, ServiceGrouping.name, ServiceBlock.name, kind, dialled, Team.name,
                      ReceptionPoint.name, User.name, User.email)
            .join(ServiceBlock, ServiceBlock.id == Shop.service_block_id)
            .join(ServiceGrouping, ServiceGrouping.id == ServiceBlock.grouping_id)
            .join(User, User.id == Shop.shopper_id)
            .outerjoin(dialled, dialled.id == Shop.line_id)
            .outerjoin(Team, Team.id == dialled.team_id)
            .outerjoin(ReceptionPoint, ReceptionPoint.id == Shop.reception_point_id)
            .where(Shop.occurred_on.between(choice.start, choice.end),
                   Shop.service_block_id.in_(evidence.block_ids),
                   Shop.status != ShopStatus.DRAFT)
            .order_by(Shop.id).limit(BATCH))


def _rows(evidence: Evidence, codes: list[str], items: list[str],
          now: datetime) -> Iterator[tuple]:
    after = 0
    while True:
        batch = db.session.execute(_query(evidence).where(Shop.id > after)).all()
        if not batch:
            return
        ids = [row[0].id for row in batch]
        scores, answers = _scores(ids), _answers(ids)
        for shop, *rest in batch:
            yield _row(shop, rest, scores.get(shop.id, {}), answers.get(shop.id, {}), codes,
                       items, now, evidence.choice.with_names)
        # The session holds shops weakly, so each batch is let go once written.
        after = ids[-1]


def _row(shop: Shop, rest: list, scores: dict, answers: dict, codes: list[str],
         items: list[str], now: datetime, with_names: bool) -> tuple:
    grouping, block, kind, line, team, reception, name, email = rest
    awaiting = shop.awaiting_until is not None and shop.awaiting_until > now
    counted = shop.status in (ShopStatus.SUBMITTED, ShopStatus.VERIFIED) and not awaiting
    status = ("awaiting callback" if awaiting and shop.status != ShopStatus.EXCLUDED
              else str(shop.status))
    number = (_number(line.number, line.extension) if line
              else _number(shop.dialled_number, shop.dialled_extension))
    row = [shop.id, shop.ref, str(shop.channel), _local(shop.occurred_at), shop.occurred_on,
           grouping, block, status, counted, _KIND_OF_SHOPPER[kind], number or None,
           line.line_type.label if line else None, team, reception, shop.rings,
           _text(shop.outcome), shop.held_or_transferred, _text(shop.officer_away),
           _local(shop.message_left_at), _local(shop.callback_at), shop.callback_withheld,
           shop.callback_answering_machine, shop.acknowledged_minutes, shop.seen_minutes]
    for code in codes:
        score, passed = scores.get(code, (None, None))
        row += [score, passed]
    row += [answers.get(code) for code in items]
    if with_names:
        row += [name or email, line.officer_name if line else None, shop.notes or None,
                shop.excluded_reason]
    return tuple(row)


@lru_cache(maxsize=4096)
def _number(e164: str | None, extension: str) -> str:
    return display_number(e164, extension)


def _local(at: datetime | None) -> datetime | None:
    return at.astimezone(LONDON).replace(tzinfo=None) if at else None


def _text(value) -> str | None:
    return str(value).replace("_", " ") if value is not None else None


def _scores(ids: list[int]) -> dict[int, dict[str, tuple[float, bool]]]:
    query = (sa.select(ShopResult.shop_id, Standard.code, ShopResult.met_weight,
                       ShopResult.applicable_weight, ShopResult.passed)
             .join(StandardVersion, StandardVersion.id == ShopResult.standard_version_id)
             .join(Standard, Standard.id == StandardVersion.standard_id)
             .where(ShopResult.shop_id.in_(ids)))
    found: dict[int, dict[str, tuple[float, bool]]] = {}
    for shop_id, code, met, applicable, passed in db.session.execute(query):
        found.setdefault(shop_id, {})[code] = (
            round_rate(Fraction(met) / Fraction(applicable)), passed)
    return found


def _answers(ids: list[int]) -> dict[int, dict[str, str]]:
    query = (sa.select(ItemAnswer.shop_id, Item.code, ItemAnswer.answer)
             .join(Item, Item.id == ItemAnswer.item_id).where(ItemAnswer.shop_id.in_(ids)))
    found: dict[int, dict[str, str]] = {}
    for shop_id, code, answer in db.session.execute(query):
        found.setdefault(shop_id, {})[code] = str(answer).replace("_", " ")
    return found
