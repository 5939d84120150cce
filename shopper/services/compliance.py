"""Block compliance for a period: counts per block, standard and item, computed in the database."""

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa

from shopper.domain.enums import Answer
from shopper.domain.states import ShopStatus
from shopper.extensions import db
from shopper.models import (
    ItemAnswer,
    ServiceBlock,
    ServiceGrouping,
    Shop,
    ShopResult,
)
from shopper.services.standards import Catalogue, load_catalogue

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
    catalogue = load_catalogue()
    blocks = _blocks(block_ids, catalogue)
    by_id = {block.block_id: block for block in blocks}
    where = counted_shops(start, end, now)
    if block_ids is not None:
        where.append(Shop.service_block_id.in_(block_ids))
    versions = catalogue.versions_by_id()
    for block_id, version_id, n, passes in db.session.execute(_results_query(where)):
        version = versions.get(version_id)
        figures = _standard(by_id, block_id, version.spec.code if version else None)
        if figures:
            figures.n += n
            figures.passes += int(passes or 0)
            figures.versions.add(version.spec.version)
    items = catalogue.items_by_id()
    for block_id, item_id, applicable, met in db.session.execute(_items_query(where)):
        standard_code, item_code = items.get(item_id, (None, None))
        figures = _standard(by_id, block_id, standard_code)
        if figures:
            counts = figures.items.setdefault(item_code, ItemCounts(item_code))
            counts.applicable += applicable
            counts.met += int(met or 0)
    return blocks


def _standard(by_id: dict[int, BlockCounts], block_id: int,
              code: str | None) -> StandardCounts | None:
    block = by_id.get(block_id)
    return block.standards.get(code) if block and code else None


def _blocks(block_ids: list[int] | None, catalogue: Catalogue) -> list[BlockCounts]:
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
    # Grouped by ids alone; the catalogue names them, which spares three joins per row.
    passes = sa.func.sum(sa.case((ShopResult.passed, 1), else_=0))
    return (
        sa.select(Shop.service_block_id, ShopResult.standard_version_id, sa.func.count(), passes)
        .select_from(ShopResult)
        .join(Shop, Shop.id == ShopResult.shop_id)
        .where(*where)
        .group_by(Shop.service_block_id, ShopResult.standard_version_id))


def _items_query(where: list) -> sa.Select:
    met = sa.func.sum(sa.case((ItemAnswer.answer == Answer.MET, 1), else_=0))
    return (
        sa.select(Shop.service_block_id, ItemAnswer.item_id, sa.func.count(), met)
        .select_from(ItemAnswer)
        .join(Shop, Shop.id == ItemAnswer.shop_id)
        .where(*where)
        .group_by(Shop.service_block_id, ItemAnswer.item_id))
