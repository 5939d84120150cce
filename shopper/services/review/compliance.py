"""Block compliance for a period: counts per block, standard and item, summed from the tallies."""

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa

from shopper.extensions import db
from shopper.models import (
    ItemTally,
    LineTypeTally,
    ResultTally,
    ServiceBlock,
    ServiceGrouping,
)
from shopper.services.standards import Catalogue, load_catalogue


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


def counted_tallies(table: type[ResultTally | LineTypeTally | ItemTally], start: date, end: date,
                    now: datetime) -> list:
    """The tallies that count in a period: they hold decided shops only (not drafts, not
    excluded), so what is left is the period and any callback deadline still to come."""
    return [
        table.occurred_on.between(start, end),
        sa.or_(table.awaiting_until.is_(None), table.awaiting_until <= now),
    ]


def block_compliance(start: date, end: date, now: datetime, block_ids: list[int] | None = None,
                     catalogue: Catalogue | None = None,
                     with_items: bool = True) -> list[BlockCounts]:
    """Every active block (or those asked for) with counts for every standard in force, and
    for each of its items unless `with_items` is False (the items' tallies are the most rows
    by far: about 13 for each row of results)."""
    catalogue = catalogue or load_catalogue()
    blocks = _blocks(block_ids, catalogue)
    by_id = {block.block_id: block for block in blocks}
    versions = catalogue.versions_by_id()
    results = _sums(ResultTally.standard_version_id, (ResultTally.shops, ResultTally.passes),
                    start, end, now, block_ids)
    for block_id, version_id, n, passes in db.session.execute(results):
        version = versions.get(version_id)
        figures = _standard(by_id, block_id, version.spec.code if version else None)
        if figures:
            figures.n += n
            figures.passes += int(passes or 0)
            figures.versions.add(version.spec.version)
    if with_items:
        _count_items(by_id, catalogue, start, end, now, block_ids)
    return blocks


def _count_items(by_id: dict[int, BlockCounts], catalogue: Catalogue, start: date, end: date,
                 now: datetime, block_ids: list[int] | None) -> None:
    items = catalogue.items_by_id()
    answers = _sums(ItemTally.item_id, (ItemTally.applicable, ItemTally.met),
                    start, end, now, block_ids)
    for block_id, item_id, applicable, met in db.session.execute(answers):
        standard_code, item_code = items.get(item_id, (None, None))
        figures = _standard(by_id, block_id, standard_code)
        if figures:
            counts = figures.items.setdefault(item_code, ItemCounts(item_code))
            counts.applicable += applicable
            counts.met += int(met or 0)


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


def _sums(key: sa.ColumnElement, counts: tuple[sa.ColumnElement, sa.ColumnElement],
          start: date, end: date, now: datetime, block_ids: list[int] | None) -> sa.Select:
    """The two counts of a tally table, summed per block and key over the period."""
    table = key.class_
    # Grouped by ids alone; the catalogue names them, which spares three joins per row.
    query = (sa.select(table.service_block_id, key, *(sa.func.sum(count) for count in counts))
             .where(*counted_tallies(table, start, end, now))
             .group_by(table.service_block_id, key))
    if block_ids is not None:
        query = query.where(table.service_block_id.in_(block_ids))
    return query
