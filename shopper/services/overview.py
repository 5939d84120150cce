"""What the compliance pages show: the overview, a block's page and the public results.

A block's page and the public page take their figures from compliance_report. The overview
needs no per-item counts, so it sums both periods in one pass and builds the same figures with
the report's own domain function, block_report. The monthly series and the split by line type
are summed here from the same tallies under the same rules (compliance.counted_tallies); the
shop list reads the shops. Tests hold every figure shown to compliance_report's.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import sqlalchemy as sa

from shopper.domain.enums import Channel, Condition, Rating
from shopper.domain.phones import display_number
from shopper.domain.ratings import previous_period, rate, wilson_interval
from shopper.domain.report import block_report, round_rate
from shopper.domain.scoring import format_percentage
from shopper.domain.settings import Settings
from shopper.domain.states import LineType, ShopStatus, StandardStatus
from shopper.extensions import db
from shopper.models import (
    Line,
    LineTypeTally,
    ReceptionPoint,
    ResultTally,
    ServiceBlock,
    ServiceGrouping,
    Shop,
    ShopResult,
    Standard,
    StandardVersion,
    Team,
    User,
)
from shopper.services.compliance import (
    BlockCounts,
    StandardCounts,
    counted_tallies,
)
from shopper.services.reports import compliance_report
from shopper.services.settings import current_settings
from shopper.services.standards import load_catalogue
from shopper.services.visibility import visible_block_ids

SORTS = ("block", "overall")
SHOPS_PER_PAGE = 25
MONTHS_SHOWN = 12
MOST_FAILED = 5
# Worst first, for sorting by overall rating.
_SEVERITY = [Rating.NON_COMPLIANT, Rating.PARTIALLY_COMPLIANT, Rating.COMPLIANT,
             Rating.INSUFFICIENT_EVIDENCE]
# What an item was judged on, in the words of "missing in 42% of …".
_JUDGED_ON = {
    Condition.PERSON: "calls answered by a person",
    Condition.HELD_OR_TRANSFERRED: "calls held or transferred",
    Condition.VOICEMAIL: "voicemail greetings",
    Condition.OFFICER_AWAY: "greetings while the officer was away",
    Condition.MESSAGE_LEFT: "messages left",
    Condition.CALLBACK_RECEIVED: "callbacks",
    Condition.CALLBACK_ANSWERING_MACHINE: "callbacks to an answering machine",
    Condition.FAMILY_RECEPTION: "visits to family receptions",
}


# -- Periods --------------------------------------------------------------------------------

def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def this_quarter(today: date) -> tuple[date, date]:
    """The calendar quarter holding today, from its first day to its last."""
    start = quarter_start(today)
    return start, quarter_start(start + timedelta(days=95)) - timedelta(days=1)


def last_complete_quarter(today: date) -> tuple[date, date]:
    end = quarter_start(today) - timedelta(days=1)
    return quarter_start(end), end


def period_shortcuts(today: date) -> list[tuple[str, date, date]]:
    """Periods people ask for most, as (label, start, end)."""
    return [("This quarter", *this_quarter(today)),
            ("Last quarter", *last_complete_quarter(today)),
            ("Last 12 months", today - timedelta(days=364), today)]


# -- Figures for one block and standard -----------------------------------------------------

def percent_of(part: int, whole: int) -> str | None:
    """part of whole as shown, "85.7%", rounded once from the exact fraction (not again from
    the report's rate, already rounded to 4 decimals); None when whole is 0."""
    return format_percentage(Fraction(part, whole)) if whole else None


@dataclass(frozen=True)
class Rate:
    """Decided shops, passes, the pass rate with its 95% interval, and the rating they earn."""

    n: int
    passes: int
    value: float | None
    low: float | None
    high: float | None
    rating: str

    @property
    def percent(self) -> str | None:
        return percent_of(self.passes, self.n)

    @property
    def interval(self) -> str | None:
        interval = wilson_interval(self.passes, self.n)
        if interval is None:
            return None
        low, high = (format_percentage(Fraction(bound)) for bound in interval)
        return f"{low} to {high}"

    @property
    def enough(self) -> bool:
        """Whether there were enough shops for a rating."""
        return self.rating != Rating.INSUFFICIENT_EVIDENCE

    @property
    def label(self) -> str:
        if self.value is None:
            return "No shops"
        return f"{self.percent} ({self.n:,} shop{'' if self.n == 1 else 's'})"

    @classmethod
    def of(cls, figures: dict) -> "Rate":
        """From a standard's entry in compliance_report."""
        return cls(figures["n"], figures["passes"], figures["pass_rate"], figures["ci_low"],
                   figures["ci_high"], figures["rating"])

    @classmethod
    def count(cls, n: int, passes: int, settings: Settings) -> "Rate":
        """From counts, under the same rules as compliance_report."""
        interval = wilson_interval(passes, n) or (None, None)
        return cls(n, passes, round_rate(Fraction(passes, n)) if n else None,
                   round_rate(interval[0]), round_rate(interval[1]),
                   str(rate(n, passes, settings)))


@dataclass(frozen=True)
class Trend:
    direction: str  # up, down, same or none
    words: str

    @property
    def arrow(self) -> str:
        return {"up": "↑", "down": "↓", "same": "→"}.get(self.direction, "")


def trend(current: Rate, previous: dict) -> Trend:
    """The change from the previous period's pass rate, compared as the rates are shown."""
    before = percent_of(previous["passes"], previous["n"])
    if before is None:
        return Trend("none", "no shops in the previous period")
    if current.percent is None:
        return Trend("none", f"no shops this period; {before} before")
    now, then = Decimal(current.percent[:-1]), Decimal(before[:-1])
    if now > then:
        return Trend("up", f"up from {before}")
    if now < then:
        return Trend("down", f"down from {before}")
    return Trend("same", f"no change from {before}")


@dataclass(frozen=True)
class Figures:
    code: str
    name: str
    rate: Rate
    trend: Trend


def _figures(standard: dict, names: dict[str, str]) -> Figures:
    current = Rate.of(standard)
    return Figures(standard["code"], names[standard["code"]], current,
                   trend(current, standard["previous"]))


# -- The overview ---------------------------------------------------------------------------

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

    @property
    def rows(self) -> list[BlockRow]:
        return [row for _, rows in self.groups for row in rows]

    @property
    def thresholds(self) -> list[tuple[float, str]]:
        return thresholds(self.settings)

    def comparison(self, code: str) -> list[tuple[str, Rate]]:
        """Every block's figures for one standard, highest pass rate first, none last."""
        rows = [(row.block, row.figures(code).rate) for row in self.rows]
        return sorted(rows, key=lambda pair: (pair[1].value is None, -(pair[1].value or 0),
                                              pair[0]))


def thresholds(settings: Settings) -> list[tuple[float, str]]:
    """The pass rates a chart marks, with what they mean: partially compliant, compliant."""
    return [(float(share), f"{float(share) * 100:g}% {rating}") for share, rating in (
        (settings.partially_compliant_threshold, Rating.PARTIALLY_COMPLIANT),
        (settings.compliant_threshold, Rating.COMPLIANT))]


def standard_names() -> dict[str, str]:
    """Each standard in force, code to name, in the order the report gives them."""
    published = sa.exists().where(StandardVersion.standard_id == Standard.id,
                                  StandardVersion.status == StandardStatus.PUBLISHED)
    query = (sa.select(Standard.code, Standard.name).where(Standard.in_force, published)
             .order_by(Standard.id))
    return dict(db.session.execute(query).all())


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
        standards = [_figures(s, names) for s in block["standards"]
                     if choice.standard in (None, s["code"])]
        groups.setdefault(block["service_grouping"], []).append(BlockRow(
            block_id, block["service_block"], block["service_grouping"],
            block["overall_rating"], standards))
    shown = [(code, name) for code, name in names.items() if choice.standard in (None, code)]
    return Overview(choice, previous_period(choice.start, choice.end), shown,
                    [(grouping, _sorted(rows, choice)) for grouping, rows in groups.items()],
                    current_settings())


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


# -- A block's page -------------------------------------------------------------------------

@dataclass(frozen=True)
class ItemFigures:
    code: str
    question: str
    applicable: int
    met: int
    met_rate: float | None
    sentence: str | None

    @property
    def met_percent(self) -> str | None:
        return percent_of(self.met, self.applicable)

    @property
    def not_met(self) -> int:
        return self.applicable - self.met

    @property
    def missing_share(self) -> Fraction:
        return Fraction(self.not_met, self.applicable) if self.applicable else Fraction(0)


@dataclass(frozen=True)
class StandardSection:
    figures: Figures
    channel: Channel
    items: list[ItemFigures]


@dataclass(frozen=True)
class MonthSeries:
    code: str
    name: str
    months: list[tuple[date, Rate]]


@dataclass(frozen=True)
class BlockPage:
    block_id: int
    block: str
    grouping: str
    overall: str
    start: date
    end: date
    previous: tuple[date, date]
    standards: list[StandardSection]
    line_types: list[tuple[str, dict[str, Rate]]]
    monthly: list[MonthSeries]
    settings: Settings
    line_standards: list[tuple[str, str]]

    @property
    def monthly_points(self) -> list[tuple[str, list[Rate]]]:
        """Each standard's monthly rates, as the line chart draws them."""
        return [(f"{series.name} ({series.code})", [rate for _, rate in series.months])
                for series in self.monthly]

    @property
    def most_failed(self) -> list[ItemFigures]:
        """The items missed in the largest share of the shops they applied to; those that
        applied to too few shops for a rating after the rest, so one miss in one shop does
        not top the list."""
        few = self.settings.minimum_sample
        failed = [item for section in self.standards for item in section.items
                  if item.not_met]
        failed.sort(key=lambda item: (item.applicable < few, -item.missing_share,
                                      -item.not_met, item.code))
        return failed[:MOST_FAILED]


def block_page(block_id: int, start: date, end: date, now: datetime, today: date) -> BlockPage:
    """A block's figures per standard and item, by line type and by month."""
    settings = current_settings()
    block = compliance_report(start, end, now, [block_id])["blocks"][0]
    specs = {v.spec.code: v.spec for v in load_catalogue().current()}
    names = {code: spec.name for code, spec in specs.items()}
    sections = [StandardSection(_figures(s, names), specs[s["code"]].channel,
                                [_item(specs[s["code"]], item) for item in s["items"]])
                for s in block["standards"]]
    calls = [(code, spec.name) for code, spec in specs.items() if spec.channel == Channel.CALL]
    last_month = min(end, today).replace(day=1)
    first_month = _months_back(last_month, MONTHS_SHOWN - 1)
    counts = monthly_counts([block_id], first_month, _month_end(last_month), now)
    months = [_months_back(last_month, back) for back in range(MONTHS_SHOWN - 1, -1, -1)]
    monthly = [MonthSeries(code, name, [
        (month, Rate.count(*counts.get((block_id, code, month), (0, 0)), settings))
        for month in months]) for code, name in names.items()]
    return BlockPage(block_id, block["service_block"], block["service_grouping"],
                     block["overall_rating"], start, end, previous_period(start, end), sections,
                     _line_types(block_id, start, end, now, [c for c, _ in calls], settings),
                     monthly, settings, calls)


def _item(spec, item: dict) -> ItemFigures:
    item_spec = spec.item(item["code"])
    applicable, met = item["applicable"], item["met"]
    sentence = None
    if applicable and met < applicable:
        judged_on = _JUDGED_ON.get(item_spec.condition,
                                   "calls" if spec.channel == Channel.CALL else "visits")
        share = format_percentage(Fraction(applicable - met, applicable))
        what = item_spec.missing_phrase or f"{item_spec.code} ({item_spec.question})"
        sentence = (f"{what[:1].upper()}{what[1:]} missing in {share} of {judged_on} "
                    f"({applicable - met} of {applicable})")
    return ItemFigures(item["code"], item_spec.question, applicable, met, item["met_rate"],
                       sentence)


def _months_back(month: date, back: int) -> date:
    index = month.year * 12 + month.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _month_end(month: date) -> date:
    return _months_back(month, -1) - timedelta(days=1)


def monthly_counts(block_ids: Iterable[int], first: date, last: date,
                   now: datetime) -> dict[tuple[int, str, date], tuple[int, int]]:
    """(n, passes) per block, standard and month of occurrence, counted as the report counts."""
    year = sa.extract("year", ResultTally.occurred_on)
    month = sa.extract("month", ResultTally.occurred_on)
    query = (sa.select(ResultTally.service_block_id, Standard.code, year, month,
                       sa.func.sum(ResultTally.shops), sa.func.sum(ResultTally.passes))
             .join(StandardVersion, StandardVersion.id == ResultTally.standard_version_id)
             .join(Standard, Standard.id == StandardVersion.standard_id)
             .where(*counted_tallies(ResultTally, first, last, now),
                    ResultTally.service_block_id.in_(list(block_ids)))
             .group_by(ResultTally.service_block_id, Standard.code, year, month))
    return {(block_id, code, date(int(y), int(m), 1)): (n, int(passes or 0))
            for block_id, code, y, m, n, passes in db.session.execute(query)}


def _line_types(block_id: int, start: date, end: date, now: datetime, codes: list[str],
                settings: Settings) -> list[tuple[str, dict[str, Rate]]]:
    """Each line type's figures for the call standards; numbers not in the directory last."""
    query = (sa.select(LineTypeTally.line_type, Standard.code, sa.func.sum(LineTypeTally.shops),
                       sa.func.sum(LineTypeTally.passes))
             .join(StandardVersion, StandardVersion.id == LineTypeTally.standard_version_id)
             .join(Standard, Standard.id == StandardVersion.standard_id)
             .where(*counted_tallies(LineTypeTally, start, end, now),
                    LineTypeTally.service_block_id == block_id, Standard.code.in_(codes))
             .group_by(LineTypeTally.line_type, Standard.code))
    counts = {(line_type, code): (n, int(passes or 0))
              for line_type, code, n, passes in db.session.execute(query)}
    rows = [(line_type.label, {code: Rate.count(*counts.get((line_type, code), (0, 0)),
                                                settings) for code in codes})
            for line_type in LineType]
    if any(line_type is None for line_type, _ in counts):
        rows.append(("Number not in the directory",
                     {code: Rate.count(*counts.get((None, code), (0, 0)), settings)
                      for code in codes}))
    return rows


# -- A block's shops ------------------------------------------------------------------------

@dataclass(frozen=True)
class ShopRow:
    shop_id: int
    occurred_at: datetime
    channel: str
    where: str
    team: str | None
    line_type: str | None
    officer: str | None
    results: dict[str, tuple[bool, str]]
    status: str
    counted: bool
    notes: str | None
    excluded_reason: str | None


@dataclass(frozen=True)
class ShopPage:
    rows: list[ShopRow]
    page: int
    pages: int
    total: int


def block_shops(block_id: int, start: date, end: date, now: datetime, page: int,
                with_names: bool) -> ShopPage | None:
    """One page of the block's shops in the period, newest first; None past the last page."""
    where = [Shop.service_block_id == block_id, Shop.occurred_on.between(start, end),
             Shop.status != ShopStatus.DRAFT]
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Shop).where(*where))
    pages = max(1, -(-total // SHOPS_PER_PAGE))
    if not 1 <= page <= pages:
        return None
    query = (sa.select(Shop, Line, Team.name, ReceptionPoint.name).where(*where)
             .outerjoin(Line, Line.id == Shop.line_id).outerjoin(Team, Team.id == Line.team_id)
             .outerjoin(ReceptionPoint, ReceptionPoint.id == Shop.reception_point_id)
             # The day first, as the index holds it, so the newest are found without sorting
             # every shop of the period; the order is the same, newest first.
             .order_by(Shop.occurred_on.desc(), Shop.occurred_at.desc(), Shop.id.desc())
             .offset((page - 1) * SHOPS_PER_PAGE).limit(SHOPS_PER_PAGE))
    shops = db.session.execute(query).all()
    results = _shop_results([shop.id for shop, *_ in shops])
    rows = [_shop_row(shop, line, team, reception, results.get(shop.id, {}), now, with_names)
            for shop, line, team, reception in shops]
    return ShopPage(rows, page, pages, total)


def _shop_results(shop_ids: list[int]) -> dict[int, dict[str, tuple[bool, str]]]:
    query = (sa.select(ShopResult.shop_id, Standard.code, ShopResult.met_weight,
                       ShopResult.applicable_weight, ShopResult.passed)
             .join(StandardVersion, StandardVersion.id == ShopResult.standard_version_id)
             .join(Standard, Standard.id == StandardVersion.standard_id)
             .where(ShopResult.shop_id.in_(shop_ids)))
    results: dict[int, dict[str, tuple[bool, str]]] = {}
    for shop_id, code, met, applicable, passed in db.session.execute(query):
        score = format_percentage(Fraction(met) / Fraction(applicable))
        results.setdefault(shop_id, {})[code] = (passed, score)
    return results


def _shop_row(shop: Shop, line: Line | None, team: str | None, reception: str | None,
              results: dict, now: datetime, with_names: bool) -> ShopRow:
    if shop.channel == Channel.VISIT:
        where = reception or "Reception point not recorded"
    elif line is not None:
        where = display_number(line.number, line.extension)
    else:
        where = display_number(shop.dialled_number, shop.dialled_extension) or "Not recorded"
    awaiting = shop.awaiting_until is not None and shop.awaiting_until > now
    status = ("Awaiting callback" if awaiting and shop.status != ShopStatus.EXCLUDED
              else shop.status.value.capitalize())
    return ShopRow(
        shop.id, shop.occurred_at, shop.channel.value.capitalize(), where, team,
        line.line_type.label if line else None,
        line.officer_name if with_names and line else None, results, status,
        shop.status != ShopStatus.EXCLUDED and not awaiting,
        (shop.notes or None) if with_names else None,
        shop.excluded_reason if with_names else None)


# -- The public page ------------------------------------------------------------------------

@dataclass(frozen=True)
class PublicResults:
    start: date
    end: date
    standards: list[tuple[str, str]]
    groups: list[tuple[str, list[tuple[str, list[Rate | None]]]]]
    minimum_sample: int


def public_results(today: date, now: datetime) -> PublicResults:
    """Every active block's pass rates for the last complete quarter; none below the sample."""
    start, end = last_complete_quarter(today)
    minimum = current_settings().minimum_sample
    names = standard_names()
    groups: dict[str, list] = {}
    for block in compliance_report(start, end, now)["blocks"]:
        rates = [Rate.of(s) if s["n"] >= minimum and s["n"] else None
                 for s in block["standards"]]
        groups.setdefault(block["service_grouping"], []).append((block["service_block"], rates))
    return PublicResults(start, end, list(names.items()), list(groups.items()), minimum)
