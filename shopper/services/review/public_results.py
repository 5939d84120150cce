"""The council's public results: block-level pass rates for the last complete quarter, no names."""

from dataclasses import dataclass
from datetime import date, datetime

from shopper.services.review.periods import last_complete_quarter
from shopper.services.review.rates import Rate, standard_names
from shopper.services.review.reports import compliance_report
from shopper.services.settings import current_settings


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
