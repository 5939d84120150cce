"""A block's page: its figures per standard and item, by line type and by month, and its shops.

The figures per standard and item are compliance_report's; the monthly series and the split by
line type are summed from the same tallies under the same rules (compliance.counted_tallies);
the shop list reads the shops.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction

import sqlalchemy as sa

from shopper.domain.enums import Channel, Condition
from shopper.domain.phones import display_number
from shopper.domain.ratings import previous_period
from shopper.domain.scoring import format_percentage
from shopper.domain.settings import Settings
from shopper.domain.states import LineType, ShopStatus
from shopper.extensions import db
from shopper.models import (
    Line,
    LineTypeTally,
    ReceptionPoint,
    ResultTally,
    Shop,
    ShopResult,
    Standard,
    StandardVersion,
    Team,
)
from shopper.services.review.compliance import counted_tallies
from shopper.services.review.rates import Figures, Rate, figures_of, percent_of
from shopper.services.review.reports import compliance_report
from shopper.services.settings import current_settings
from shopper.services.standards import load_catalogue

SHOPS_PER_PAGE = 25
MONTHS_SHOWN = 12
MOST_FAILED = 5
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
    sections = [StandardSection(figures_of(s, names), specs[s["code"]].channel,
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
