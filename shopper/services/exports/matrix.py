"""The evidence matrix: each CSE element with the figures and actions that evidence it."""

from collections.abc import Sequence
from dataclasses import dataclass

from shopper.domain.cse import element_order
from shopper.services.review.rates import Rate, trend
from shopper.services.standards import PublishedVersion


@dataclass(frozen=True)
class MatrixRow:
    """One element, evidenced by one standard's items in one block over the period."""

    element: str
    title: str
    standard: str
    items: str
    block: str
    n: int
    pass_rate: float | None
    ci_low: float | None
    ci_high: float | None
    previous_rate: float | None
    trend: str
    rating: str
    owner: str | None
    actions: str
    action_status: str


def evidence_matrix(report: dict, current: Sequence[PublishedVersion], titles: dict[str, str],
                    actions: Sequence) -> list[MatrixRow]:
    """Element by element, the standards evidencing it and every block's figures for them."""
    by_element: dict[str, dict[str, list[str]]] = {}
    for version in current:
        for item in version.spec.items:
            for element in item.cse_elements:
                by_element.setdefault(element, {}).setdefault(version.spec.code, []).append(
                    item.code)
    rows = []
    for element in sorted(by_element, key=element_order):
        for code, items in by_element[element].items():
            for block in report["blocks"]:
                [figures] = [s for s in block["standards"] if s["code"] == code]
                taken = [a for a in actions
                         if a.block == block["service_block"] and a.item_code in items]
                rows.append(_row(element, titles.get(element, ""), code, items, block, figures,
                                 taken))
    return rows


def _row(element: str, title: str, code: str, items: list[str], block: dict, figures: dict,
         taken: Sequence) -> MatrixRow:
    current = Rate.of(figures)
    owners = sorted({a.owner for a in taken if a.owner})
    statuses = [a.status for a in taken]
    summary = ", ".join(f"{statuses.count(s)} {s}" for s in ("red", "amber", "green", "done")
                        if s in statuses)
    return MatrixRow(
        element, title, code, ", ".join(items), block["service_block"], figures["n"],
        figures["pass_rate"], figures["ci_low"], figures["ci_high"],
        figures["previous"]["pass_rate"], trend(current, figures["previous"]).words,
        figures["rating"], "; ".join(owners) if owners else None,
        "; ".join(a.what for a in taken if a.what) or f"{len(taken)} action"
        f"{'' if len(taken) == 1 else 's'}", summary)
