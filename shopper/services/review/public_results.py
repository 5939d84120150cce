"""The council's public results: block-level pass rates for the last complete quarter, no names."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from shopper.domain.deadlines import LONDON
from shopper.domain.settings import Settings
from shopper.services.review.compliance import block_compliance
from shopper.services.review.periods import last_complete_quarter
from shopper.services.review.rates import Rate, standard_names
from shopper.services.settings import current_settings
from shopper.services.standards import load_catalogue


@dataclass(frozen=True)
class PublicResults:
    start: date
    end: date
    standards: list[tuple[str, str]]
    groups: list[tuple[str, list[tuple[str, list[Rate | None]]]]]
    minimum_sample: int
    promises: list["Promise"] = field(default_factory=list)
    settings: Settings | None = None


@dataclass(frozen=True)
class Promise:
    """A standard in force, in plain English: what a resident can expect, item by item."""

    name: str
    version: int
    expectations: list[tuple[str, bool]]  # (what to expect, whether it is critical)


def public_results(today: date, now: datetime) -> PublicResults:
    """Every active block's pass rates for the last complete quarter; none below the sample."""
    start, end = last_complete_quarter(today)
    settings = current_settings()
    minimum = settings.minimum_sample
    names = standard_names()
    groups: dict[str, list] = {}
    # The pass rates alone, under compliance_report's rules: no items, no previous period.
    for block in block_compliance(start, end, now, with_items=False):
        rates = [Rate.count(s.n, s.passes, settings) if s.n >= minimum and s.n else None
                 for s in block.standards.values()]
        groups.setdefault(block.grouping, []).append((block.block, rates))
    return PublicResults(start, end, list(names.items()), list(groups.items()), minimum,
                         standards_in_force(end), settings)


def standards_in_force(end: date) -> list[Promise]:
    """The standards' versions in force on the last day of the period, as promises."""
    until = datetime.combine(end + timedelta(days=1), time(0), LONDON).astimezone(UTC)
    return [Promise(version.spec.name, version.spec.version, [
        (_sentence(item.missing_phrase or item.question), item.critical)
        for item in version.spec.items])
        for version in load_catalogue().current(until - timedelta(microseconds=1))]


def _sentence(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]
