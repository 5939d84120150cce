"""A block's figures over a period: pass rates, Wilson intervals, ratings and trends."""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from shopper.domain.deadlines import local_date
from shopper.domain.enums import Rating
from shopper.domain.settings import Settings

__all__ = [
    "PassFigures", "local_date", "overall_rating", "previous_period", "rate", "wilson_interval",
]

# Worst first: the order overall_rating picks from.
_SEVERITY = (Rating.NON_COMPLIANT, Rating.PARTIALLY_COMPLIANT, Rating.COMPLIANT)


def _check_counts(passes: int, n: int) -> None:
    if not 0 <= passes <= n:
        raise ValueError(f"passes must be from 0 to n, not {passes} of {n}")


def wilson_interval(passes: int, n: int, z: float = 1.96) -> tuple[float, float] | None:
    """The Wilson score interval of passes out of n, clamped to 0–1; None when n is 0."""
    _check_counts(passes, n)
    if n == 0:
        return None
    p = passes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half_width = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return max(0.0, centre - half_width), min(1.0, centre + half_width)


def rate(n: int, passes: int, settings: Settings) -> Rating:
    """The rating for passes out of n decided shops, thresholds compared exactly."""
    _check_counts(passes, n)
    if n == 0 or n < settings.minimum_sample:
        return Rating.INSUFFICIENT_EVIDENCE
    pass_rate = Fraction(passes, n)
    if pass_rate >= settings.compliant_threshold:
        return Rating.COMPLIANT
    if pass_rate >= settings.partially_compliant_threshold:
        return Rating.PARTIALLY_COMPLIANT
    return Rating.NON_COMPLIANT


def overall_rating(ratings: Iterable[Rating]) -> Rating:
    """The worst rating among those with enough evidence; insufficient evidence if none has."""
    given = set(ratings)
    for rating in _SEVERITY:
        if rating in given:
            return rating
    return Rating.INSUFFICIENT_EVIDENCE


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same number of days that ends the day before start."""
    if end < start:
        raise ValueError("end must not be before start")
    previous_end = start - timedelta(days=1)
    return previous_end - (end - start), previous_end


@dataclass(frozen=True)
class PassFigures:
    """How many decided shops there were and how many passed."""

    n: int
    passes: int

    def __post_init__(self) -> None:
        _check_counts(self.passes, self.n)

    @property
    def pass_rate(self) -> Fraction | None:
        """Passes over n; None when there were no decided shops."""
        return Fraction(self.passes, self.n) if self.n else None

    @property
    def interval(self) -> tuple[float, float] | None:
        """The 95% Wilson score interval of the pass rate; None when n is 0."""
        return wilson_interval(self.passes, self.n)

    def rating(self, settings: Settings) -> Rating:
        """The rating these figures earn under the council's settings."""
        return rate(self.n, self.passes, settings)
