"""The compliance report every export, the API and the dashboards read (the JSON export's shape)."""

from datetime import date, datetime

from shopper.domain.ratings import previous_period
from shopper.domain.report import block_report, period
from shopper.services.review.compliance import block_compliance
from shopper.services.settings import load_settings
from shopper.services.standards import load_catalogue


def compliance_report(start: date, end: date, now: datetime,
                      block_ids: list[int] | None = None) -> dict:
    """Figures per block and standard for a period, with the previous period's for the trend."""
    settings, catalogue = load_settings(), load_catalogue()
    current = block_compliance(start, end, now, block_ids, catalogue)
    before_start, before_end = previous_period(start, end)
    previous = {b.block_id: b for b in block_compliance(
        before_start, before_end, now, [b.block_id for b in current], catalogue)}
    return {
        "period": period(start, end),
        "blocks": [block_report(block, previous.get(block.block_id), settings)
                   for block in current],
    }
