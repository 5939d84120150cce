import math
from datetime import date
from fractions import Fraction

import pytest

from shopper.domain import (
    PassFigures,
    Rating,
    Settings,
    overall_rating,
    previous_period,
    rate,
    wilson_interval,
)

COMPLIANT, PARTIAL = Rating.COMPLIANT, Rating.PARTIALLY_COMPLIANT
NON, INSUFFICIENT = Rating.NON_COMPLIANT, Rating.INSUFFICIENT_EVIDENCE


def quadratic_bounds(passes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson bounds as roots of (n + z²)p² − (2x + z²)p + x²/n = 0."""
    a, b, c = n + z * z, -(2 * passes + z * z), passes * passes / n
    root = math.sqrt(b * b - 4 * a * c)
    return (-b - root) / (2 * a), (-b + root) / (2 * a)


@pytest.mark.parametrize(("passes", "n", "low", "high"), [
    (0, 10, 0.0, 0.2775),
    (5, 10, 0.2366, 0.7634),
    (10, 10, 0.7225, 1.0),
    (81, 263, 0.2553, 0.3662),
    (1, 1, 0.2065, 1.0),
])
def test_wilson_known_values(passes, n, low, high):
    interval = wilson_interval(passes, n)
    assert interval == (pytest.approx(low, abs=5e-5), pytest.approx(high, abs=5e-5))


@pytest.mark.parametrize(("passes", "n"), [(0, 10), (3, 7), (81, 263), (999, 1000), (1, 5)])
def test_wilson_matches_the_quadratic_form(passes, n):
    low, high = wilson_interval(passes, n)
    expected_low, expected_high = quadratic_bounds(passes, n)
    assert low == pytest.approx(max(0.0, expected_low), abs=1e-12)
    assert high == pytest.approx(min(1.0, expected_high), abs=1e-12)


def test_wilson_is_empty_without_shops_and_refuses_nonsense():
    assert wilson_interval(0, 0) is None
    with pytest.raises(ValueError):
        wilson_interval(6, 5)
    with pytest.raises(ValueError):
        wilson_interval(-1, 5)


@pytest.mark.parametrize(("n", "passes", "rating"), [
    (10, 9, COMPLIANT),
    (10, 10, COMPLIANT),
    (100, 89, PARTIAL),
    (10, 6, PARTIAL),
    (100, 59, NON),
    (10, 0, NON),
    (4, 4, INSUFFICIENT),
    (5, 5, COMPLIANT),
    (5, 3, PARTIAL),
    (0, 0, INSUFFICIENT),
])
def test_rate_at_the_thresholds(n, passes, rating):
    assert rate(n, passes, Settings()) is rating


def test_rate_follows_settings():
    settings = Settings(minimum_sample=10, compliant_threshold=Fraction(3, 4),
                        partially_compliant_threshold=Fraction(1, 2))
    assert rate(9, 9, settings) is INSUFFICIENT
    assert rate(12, 9, settings) is COMPLIANT
    assert rate(12, 6, settings) is PARTIAL
    assert rate(12, 5, settings) is NON


@pytest.mark.parametrize(("ratings", "overall"), [
    ([COMPLIANT, PARTIAL, INSUFFICIENT], PARTIAL),
    ([COMPLIANT, NON, PARTIAL], NON),
    ([INSUFFICIENT, COMPLIANT], COMPLIANT),
    ([INSUFFICIENT, INSUFFICIENT], INSUFFICIENT),
    ([], INSUFFICIENT),
])
def test_overall_rating_is_the_worst_with_enough_evidence(ratings, overall):
    assert overall_rating(iter(ratings)) is overall


@pytest.mark.parametrize(("start", "end", "previous"), [
    # 91 days, not the calendar quarter before: Q1 2026 has 90.
    (date(2026, 4, 1), date(2026, 6, 30), (date(2025, 12, 31), date(2026, 3, 31))),
    (date(2026, 3, 1), date(2026, 3, 31), (date(2026, 1, 29), date(2026, 2, 28))),
    (date(2026, 1, 1), date(2026, 1, 1), (date(2025, 12, 31), date(2025, 12, 31))),
    (date(2024, 3, 1), date(2024, 3, 7), (date(2024, 2, 23), date(2024, 2, 29))),
])
def test_previous_period(start, end, previous):
    assert previous_period(start, end) == previous
    prev_start, prev_end = previous
    assert (prev_end - prev_start) == (end - start)


def test_previous_period_refuses_a_backwards_period():
    with pytest.raises(ValueError):
        previous_period(date(2026, 2, 1), date(2026, 1, 1))


def test_pass_figures():
    figures = PassFigures(n=263, passes=81)
    assert figures.pass_rate == Fraction(81, 263)
    assert figures.interval == wilson_interval(81, 263)
    assert figures.rating(Settings()) is NON
    empty = PassFigures(n=0, passes=0)
    assert empty.pass_rate is None
    assert empty.interval is None
    assert empty.rating(Settings()) is INSUFFICIENT
    with pytest.raises(ValueError):
        PassFigures(n=1, passes=2)
