"""Block compliance for a period: counts per block, standard and item, computed in the database."""

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa

from shopper.domain.enums import Answer
from shopper.domain.states import ShopStatus
from shopper.extensions import db
from shopper.models import (
    Item,
    ItemAnswer,
    ServiceBlock,
    ServiceGrouping,
    Shop,
    ShopResult,
    Standard,
    StandardVersion,
)
from shopper.services.standards import load_catalogue

COUNTED_STATUSES = (ShopStatus.SUBMITTED, ShopStatus.VERIFIED)


@dataclass
class ItemCounts:
    code: str
    applicable: int = 0
    met: int = 0


@dataclass
class StandardCounts:
    """Decided shops of one block against one standard in a period."""

    code: str
    name: str
    n: int = 0
    passes: int = 0
    versions: set[int] = field(default_factory=set)
    items: dict[str, ItemCounts] = field(default_factory=dict)


@dataclass
class BlockCounts:
    block_id: int
    block: str
    grouping: str
    standards: dict[str, StandardCounts]


def counted_shops(start: date, end: date, now: datetime) -> list:
    """The conditions for a shop to count: decided, not excluded, not awaiting, in the period."""
    return [
        Shop.status.in_(COUNTED_STATUSES),
        Shop.occurred_on.between(start, end),
        sa.or_(Shop.awaiting_until.is_(None), Shop.awaiting_until <= now),
    ]


def block_compliance(start: date, end: date, now: datetime,
                     block_ids: list[int] | None = None) -> list[BlockCounts]:
    """Every active block (or those asked for) with counts for every standard in force."""
    blocks = _blocks(block_ids)
    by_id = {block.block_id: block for block in blocks}
    where = counted_shops(start, end, now)
    if block_ids is not None:
        where.append(Shop.service_block_id.in_(block_ids))
    for block_id, code, version, n, passes in db.session.execute(_results_query(where)):
        if block_id in by_id and code in by_id[block_id].standards:
            figures = by_id[block_id].standards[code]
            figures.n += n
            figures.passes += int(passes or 0)
            figures.versions.add(version)
    for block_id, code, item_code, applicable, met in db.session.execute(_items_query(where)):
        if block_id in by_id and code in by_id[block_id].standards:
            items = by_id[block_id].standards[code].items
            counts = items.setdefault(item_code, ItemCounts(item_code))
            counts.applicable += applicable
            counts.met += int(met or 0)
    return blocks


def _blocks(block_ids: list[int] | None) -> list[BlockCounts]:
    catalogue = load_catalogue()
    current = catalogue.current()
    query = (db.select(ServiceBlock.id, ServiceBlock.name, ServiceGrouping.name)
             .join(ServiceGrouping).order_by(ServiceGrouping.name, ServiceBlock.name))
    query = query.where(ServiceBlock.active if block_ids is None
                        else ServiceBlock.id.in_(block_ids))
    blocks = []
    for block_id, name, grouping in db.session.execute(query):
        standards = {}
        for version in current:
            figures = StandardCounts(version.spec.code, version.spec.name)
            figures.items = {item.code: ItemCounts(item.code) for item in version.spec.items}
            standards[version.spec.code] = figures
        blocks.append(BlockCounts(block_id, name, grouping, standards))
    return blocks


def _results_query(where: list) -> sa.Select:
    return (
        sa.select(Shop.service_block_id, Standard.code, StandardVersion.version,
                  sa.func.count(), sa.func.sum(sa.case((ShopResult.passed, 1), else_=0)))
        .select_from(ShopResult)
        .join(Shop, Shop.id == ShopResult.shop_id)
        .join(StandardVersion, StandardVersion.id == ShopResult.standard_version_id)
        .join(Standard, Standard.id == StandardVersion.standard_id)
        .where(*where)
        .group_by(Shop.service_block_id, Standard.code, StandardVersion.version))


def _items_query(where: list) -> sa.Select:
    met = sa.func.sum(sa.case((ItemAnswer.answer == Answer.MET, 1), else_=0))
    return (
        sa.select(Shop.service_block_id, Standard.code, Item.code, sa.func.count(), met)
        .select_from(ItemAnswer)
        .join(Shop, Shop.id == ItemAnswer.shop_id)
        .join(Item, Item.id == ItemAnswer.item_id)
        .join(StandardVersion, StandardVersion.id == Item.standard_version_id)
        .join(Standard, Standard.id == StandardVersion.standard_id)
        .where(*where)
        .group_by(Shop.service_block_id, Standard.code, Item.code))


