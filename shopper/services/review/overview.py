"""The compliance overview: one row per block the viewer may see, for a period and the one before.

It needs no per-item counts, so it sums both periods in one pass over the tallies and builds
the same figures as compliance_report with the report's own domain function, block_report.
Tests hold every figure shown to compliance_report's.
"""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from shopper.domain.enums import Rating
from shopper.domain.headline import BlockStanding, Headline, headline
from shopper.domain.ratings import previous_period
from shopper.domain.report import block_report
from shopper.domain.settings import Settings
from shopper.domain.states import ActionStatus
from shopper.extensions import db
from shopper.models import (
    Action,
    ResultTally,
    ServiceBlock,
    ServiceGrouping,
    Standard,
    StandardVersion,
    User,
)
from shopper.services.review.compliance import BlockCounts, StandardCounts, counted_tallies
from shopper.services.review.rates import Figures, Rate, figures_of, standard_names, thresholds
from shopper.services.settings import current_settings
from shopper.services.visibility import visible_block_ids

SORTS = ("block", "overall")
# Worst first, for sorting by overall rating.
_SEVERITY = [Rating.NON_COMPLIANT, Rating.PARTIALLY_COMPLIANT, Rating.COMPLIANT,
             Rating.INSUFFICIENT_EVIDENCE]


@dataclass(frozen=True)
class Choice:
    """The period, filters and order someone asked for."""

    start: date
    end: date
    grouping: str | None = None
    standard: str | None = None
    sort: str = "block"
    descending: bool = False


@dataclass(frozen=True)
class BlockRow:
    block_id: int
    block: str
    grouping: str
    overall: str
    standards: list[Figures]

    def figures(self, code: str) -> Figures:
        return next(figures for figures in self.standards if figures.code == code)


@dataclass(frozen=True)
class Overview:
    choice: Choice
    previous: tuple[date, date]
    standards: list[tuple[str, str]]
    groups: list[tuple[str, list[BlockRow]]]
    settings: Settings
    planned: frozenset[int] = frozenset()  # the blocks with an action not yet done

    @property
    def rows(self) -> list[BlockRow]:
        return [row for _, rows in self.groups for row in rows]

    @property
    def headline(self) -> Headline:
        """The blocks shown, counted by overall rating, from the same figures as the table."""
        return headline(BlockStanding(row.overall, row.block_id in self.planned)
                        for row in self.rows)

    @property
    def thresholds(self) -> list[tuple[float, str]]:
        return thresholds(self.settings)

    def comparison(self, code: str) -> list[tuple[str, Rate]]:
        """Every block's figures for one standard, highest pass rate first, none last."""
        rows = [(row.block, row.figures(code).rate) for row in self.rows]
        return sorted(rows, key=lambda pair: (pair[1].value is None, -(pair[1].value or 0),
                                              pair[0]))


def filter_options(viewer: User) -> tuple[list[str], dict[str, str]]:
    """The service groupings with blocks the viewer may see, and the standards in force."""
    return sorted({grouping for _, _, grouping in _blocks(viewer, None)}), standard_names()


def compliance_overview(viewer: User, choice: Choice, now: datetime) -> Overview:
    """One row per block the viewer may see, grouped by service grouping, sorted as asked."""
    blocks = _blocks(viewer, choice.grouping)
    names = standard_names()
    groups: dict[str, list[BlockRow]] = {}
    figures = standard_figures(choice.start, choice.end, now, blocks, list(names))
    for (block_id, _, _), block in zip(blocks, figures, strict=True):
        standards = [figures_of(s, names) for s in block["standards"]
                     if choice.standard in (None, s["code"])]
        groups.setdefault(block["service_grouping"], []).append(BlockRow(
            block_id, block["service_block"], block["service_grouping"],
            block["overall_rating"], standards))
    shown = [(code, name) for code, name in names.items() if choice.standard in (None, code)]
    return Overview(choice, previous_period(choice.start, choice.end), shown,
                    [(grouping, _sorted(rows, choice)) for grouping, rows in groups.items()],
                    current_settings(), _with_open_actions([block_id for block_id, *_ in blocks]))


def _with_open_actions(block_ids: list[int]) -> frozenset[int]:
    query = (sa.select(Action.service_block_id).distinct()
             .where(Action.status != ActionStatus.DONE, Action.service_block_id.in_(block_ids)))
    return frozenset(db.session.scalars(query))


def standard_figures(start: date, end: date, now: datetime, blocks: list[tuple[int, str, str]],
                     codes: list[str]) -> list[dict]:
    """compliance_report's blocks, but without the per-item counts the overview never shows,
    and both periods counted in one pass over the tallies."""
    current = {block_id: BlockCounts(block_id, name, grouping,
                                     {code: StandardCounts(code, code) for code in codes})
               for block_id, name, grouping in blocks}
    previous = {block_id: BlockCounts(block_id, name, grouping,
                                      {code: StandardCounts(code, code) for code in codes})
                for block_id, name, grouping in blocks}
    before_start, _ = previous_period(start, end)
    in_current = (ResultTally.occurred_on >= start).label("is_current")
    # Summed first, then named: the join then meets a few dozen rows, not every day's.
    sums = (sa.select(ResultTally.service_block_id, ResultTally.standard_version_id, in_current,
                      sa.func.sum(ResultTally.shops).label("n"),
                      sa.func.sum(ResultTally.passes).label("passes"))
            .where(*counted_tallies(ResultTally, before_start, end, now),
                   ResultTally.service_block_id.in_(list(current)))
            .group_by(ResultTally.service_block_id, ResultTally.standard_version_id, in_current)
            .subquery())
    query = (sa.select(sums.c.service_block_id, Standard.code, StandardVersion.version,
                       sums.c.is_current, sums.c.n, sums.c.passes)
             .join(StandardVersion, StandardVersion.id == sums.c.standard_version_id)
             .join(Standard, Standard.id == StandardVersion.standard_id))
    for block_id, code, version, is_current, n, passes in db.session.execute(query):
        tally = (current if is_current else previous)[block_id].standards.get(code)
        if tally is not None:
            tally.n += n
            tally.passes += int(passes or 0)
            tally.versions.add(version)
    settings = current_settings()
    return [block_report(current[block_id], previous[block_id], settings)
            for block_id, _, _ in blocks]


def _blocks(viewer: User, grouping: str | None) -> list[tuple[int, str, str]]:
    """(id, name, grouping) of the active blocks the viewer may see, in a grouping if given."""
    query = (sa.select(ServiceBlock.id, ServiceBlock.name, ServiceGrouping.name)
             .join(ServiceGrouping).where(ServiceBlock.active)
             .order_by(ServiceGrouping.name, ServiceBlock.name))
    allowed = visible_block_ids(viewer)
    if allowed is not None:
        query = query.where(ServiceBlock.id.in_(allowed))
    if grouping is not None:
        query = query.where(ServiceGrouping.name == grouping)
    return [tuple(row) for row in db.session.execute(query)]


def _sorted(rows: list[BlockRow], choice: Choice) -> list[BlockRow]:
    def key(row: BlockRow):
        if choice.sort == "overall":
            return _SEVERITY.index(Rating(row.overall)), row.block.casefold()
        if choice.sort != "block" and any(f.code == choice.sort for f in row.standards):
            value = row.figures(choice.sort).rate.value
            # Blocks with no shops go last whichever way the rest are sorted.
            missing = value is None
            value = value or 0
            return (missing, -value if choice.descending else value, row.block.casefold())
        return (row.block.casefold(),)

    descending = choice.descending and choice.sort in SORTS
    return sorted(rows, key=key, reverse=descending)
