"""The figures shown for a block and a standard: rates rounded once, intervals, trends."""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import sqlalchemy as sa

from shopper.domain.enums import Rating
from shopper.domain.ratings import rate, wilson_interval
from shopper.domain.report import round_rate
from shopper.domain.scoring import format_percentage
from shopper.domain.settings import Settings
from shopper.domain.states import StandardStatus
from shopper.extensions import db
from shopper.models import Standard, StandardVersion


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


def figures_of(standard: dict, names: dict[str, str]) -> Figures:
    current = Rate.of(standard)
    return Figures(standard["code"], names[standard["code"]], current,
                   trend(current, standard["previous"]))



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
