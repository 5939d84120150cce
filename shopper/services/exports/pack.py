"""The printable evidence pack: the evidence arranged by block, with monthly trend charts."""

import base64
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from shopper import charts
from shopper.domain.deadlines import LONDON
from shopper.exports.pdf import render_pack
from shopper.services.exports.evidence import Evidence
from shopper.services.review.block_page import monthly_counts
from shopper.services.review.rates import Figures, Rate, figures_of, percent_of, thresholds

MOST_FAILED = 10


@dataclass(frozen=True)
class Chart:
    alt: str
    source: str  # an SVG data URL


@dataclass(frozen=True)
class BlockSection:
    name: str
    grouping: str
    overall: str
    figures: list[Figures]
    chart: Chart | None


@dataclass(frozen=True)
class FailedItem:
    code: str
    question: str
    applicable: int
    not_met: int
    share: str


def pack_html(evidence: Evidence, now: datetime) -> str:
    """The evidence pack as one HTML page for the PDF writer."""
    names = {v.spec.code: v.spec.name for v in evidence.versions}
    months = _months(evidence.choice.start, evidence.choice.end)
    counts = monthly_counts(evidence.block_ids, evidence.choice.start, evidence.choice.end, now)
    sections = [
        BlockSection(block["service_block"], block["service_grouping"], block["overall_rating"],
                     [figures_of(s, names) for s in block["standards"]],
                     _chart(block, block_id, months, counts, names, evidence))
        for block, block_id in zip(evidence.report["blocks"], evidence.block_ids, strict=True)]
    return render_pack({
        "evidence": evidence, "sections": sections, "names": names,
        "failed": _most_failed(evidence), "percent_of": percent_of,
        "thresholds": thresholds(evidence.settings), "made_at": now.astimezone(LONDON),
        "statuses": _status_counts(evidence),
        "share": lambda fraction: f"{float(fraction) * 100:g}%",
    })


def _months(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _chart(block: dict, block_id: int, months: list[date], counts: dict, names: dict,
           evidence: Evidence) -> Chart | None:
    if len(months) < 2:
        return None
    series = [(f"{names[s['code']]} ({s['code']})",
               [Rate.count(*counts.get((block_id, s["code"], month), (0, 0)), evidence.settings)
                for month in months]) for s in block["standards"]]
    words = "; ".join(
        f"{name}: " + ", ".join(f"{m.strftime('%b %Y')} {r.percent or 'no shops'}"
                                for m, r in zip(months, rates, strict=True))
        for name, rates in series)
    title = f"{block['service_block']}: pass rate by month"
    svg = charts.line_chart(f"chart-{block_id}", title, words, months, series,
                            f"Fewer than {evidence.settings.minimum_sample} shops that month")
    source = "data:image/svg+xml;base64," + base64.b64encode(str(svg).encode()).decode()
    return Chart(f"{title}. {words}", source)


def _most_failed(evidence: Evidence) -> list[FailedItem]:
    """The items missed in the largest share of the shops they applied to, council-wide."""
    questions = {item.code: item.question for v in evidence.versions for item in v.spec.items}
    totals: dict[str, list[int]] = {}
    for block in evidence.report["blocks"]:
        for standard in block["standards"]:
            for item in standard["items"]:
                total = totals.setdefault(item["code"], [0, 0])
                total[0] += item["applicable"]
                total[1] += item["applicable"] - item["met"]
    few = evidence.settings.minimum_sample
    failed = [(code, a, m) for code, (a, m) in totals.items() if m]
    failed.sort(key=lambda t: (t[1] < few, -Fraction(t[2], t[1]), -t[2], t[0]))
    return [FailedItem(code, questions.get(code, ""), a, m, percent_of(m, a))
            for code, a, m in failed[:MOST_FAILED]]


def _status_counts(evidence: Evidence) -> list[tuple[str, int]]:
    statuses = [a.status for a in evidence.actions]
    return [(s, statuses.count(s)) for s in ("red", "amber", "green", "done")]
