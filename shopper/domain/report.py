"""A block's compliance report in the JSON export's shape: rates, intervals, ratings, trend."""

from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from typing import Protocol

from shopper.domain.ratings import overall_rating, rate, wilson_interval
from shopper.domain.settings import Settings


class ItemTally(Protocol):
    code: str
    applicable: int
    met: int


class StandardTally(Protocol):
    code: str
    n: int
    passes: int
    versions: set[int]
    items: Mapping[str, ItemTally]


class BlockTally(Protocol):
    block: str
    grouping: str
    standards: Mapping[str, StandardTally]


def round_rate(value: Fraction | float | None) -> float | None:
    """A rate as a fraction 0–1 rounded half up to 4 decimals; None stays None."""
    if value is None:
        return None
    exact = Fraction(value)
    # floor(value * 10,000 + 1/2) in whole numbers.
    return (20_000 * exact.numerator + exact.denominator) // (2 * exact.denominator) / 10_000


def _pass_rate(n: int, passes: int) -> Fraction | None:
    return Fraction(passes, n) if n else None


def standard_report(current: StandardTally, previous: StandardTally | None,
                    settings: Settings) -> dict:
    """One standard's figures for a block, with the previous period's for the trend."""
    interval = wilson_interval(current.passes, current.n)
    report = {
        "code": current.code,
        "versions": sorted(current.versions),
        "n": current.n,
        "passes": current.passes,
        "pass_rate": round_rate(_pass_rate(current.n, current.passes)),
        "ci_low": round_rate(interval[0]) if interval else None,
        "ci_high": round_rate(interval[1]) if interval else None,
        "rating": str(rate(current.n, current.passes, settings)),
    }
    prev_n, prev_passes = (previous.n, previous.passes) if previous else (0, 0)
    report["previous"] = {
        "n": prev_n,
        "passes": prev_passes,
        "pass_rate": round_rate(_pass_rate(prev_n, prev_passes)),
        "rating": str(rate(prev_n, prev_passes, settings)),
    }
    report["items"] = [
        {"code": item.code, "applicable": item.applicable, "met": item.met,
         "met_rate": round_rate(_pass_rate(item.applicable, item.met))}
        for item in current.items.values()
    ]
    return report


def block_report(current: BlockTally, previous: BlockTally | None, settings: Settings) -> dict:
    """One block's figures for every standard, and its overall rating."""
    standards = [
        standard_report(tally, previous.standards.get(code) if previous else None, settings)
        for code, tally in current.standards.items()
    ]
    return {
        "service_block": current.block,
        "service_grouping": current.grouping,
        "overall_rating": str(overall_rating(s["rating"] for s in standards)),
        "standards": standards,
    }


def period(start: date, end: date) -> dict:
    return {"from": start.isoformat(), "to": end.isoformat()}
