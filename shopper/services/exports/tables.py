"""The XLSX sheets other than Shops, as tables built from the gathered evidence."""

from collections.abc import Callable, Iterator
from datetime import datetime

from shopper.exports.table import Column, Kind, Table
from shopper.services.exports.evidence import Evidence
from shopper.services.exports.shops import shops_table
from shopper.services.review.rates import Rate, trend

W, P, T = Kind.WHOLE, Kind.PERCENT, Kind.TEXT
_BLOCK = [Column("Service grouping", width=28), Column("Service block", width=28)]


def workbook_tables(evidence: Evidence, now: datetime,
                    progress: Callable[[int], None] | None = None) -> list[Table]:
    """The evidence workbook's sheets: SPEC's six, then the council's CSE action plan."""
    return [summary_table(evidence), items_table(evidence),
            shops_table(evidence, now, progress),
            standards_table(evidence), actions_table(evidence), matrix_table(evidence),
            plan_table(evidence)]


def summary_table(evidence: Evidence) -> Table:
    """Block × standard: n, passes, pass rate with its interval, rating and the trend."""
    columns = [Column("Period from", Kind.DATE, 11), Column("Period to", Kind.DATE, 11),
               *_BLOCK, Column("Overall rating", width=20), Column("Standard", width=9),
               Column("Versions", width=9), Column("Shops (n)", W, 9), Column("Passes", W, 8),
               Column("Pass rate", P, 9), Column("95% interval from", P, 10),
               Column("95% interval to", P, 10), Column("Rating", width=20),
               Column("Previous shops", W, 9), Column("Previous passes", W, 9),
               Column("Previous pass rate", P, 9), Column("Previous rating", width=20),
               Column("Trend", width=24)]
    return Table("Summary", columns, _summary_rows(evidence))


def _summary_rows(evidence: Evidence) -> Iterator[tuple]:
    start, end = evidence.choice.start, evidence.choice.end
    for block in evidence.report["blocks"]:
        for s in block["standards"]:
            before = s["previous"]
            yield (start, end, block["service_grouping"], block["service_block"],
                   block["overall_rating"], s["code"], ", ".join(map(str, s["versions"])),
                   s["n"], s["passes"], s["pass_rate"], s["ci_low"], s["ci_high"], s["rating"],
                   before["n"], before["passes"], before["pass_rate"], before["rating"],
                   trend(Rate.of(s), before).words)


def items_table(evidence: Evidence) -> Table:
    questions = {item.code: item.question for v in evidence.versions for item in v.spec.items}
    columns = [*_BLOCK, Column("Standard", width=9), Column("Item", width=7),
               Column("Question", width=50), Column("Applicable", W, 10), Column("Met", W, 8),
               Column("Not met", W, 8), Column("Met rate", P, 9)]
    rows = ((block["service_grouping"], block["service_block"], s["code"], i["code"],
             questions.get(i["code"], ""), i["applicable"], i["met"],
             i["applicable"] - i["met"], i["met_rate"])
            for block in evidence.report["blocks"] for s in block["standards"]
            for i in s["items"])
    return Table("Items", columns, rows)


def standards_table(evidence: Evidence) -> Table:
    """Every published version of each standard in force, item by item, with its CSE elements."""
    columns = [Column("Standard", width=9), Column("Name", width=24), Column("Version", W, 8),
               Column("In use from", Kind.DATETIME, 17), Column("Item", width=7),
               Column("Question", width=50), Column("Applies", width=22),
               Column("Critical", Kind.YES_NO, 8), Column("Weight", Kind.DECIMAL, 7),
               Column("Derived from the facts", Kind.YES_NO, 10),
               Column("CSE elements", width=18)]
    rows = ((v.spec.code, v.spec.name, v.spec.version,
             v.published_at.astimezone(evidence.made_at.tzinfo).replace(tzinfo=None),
             item.code, item.question, str(item.condition).replace("_", " "), item.critical,
             float(item.weight), item.derived, ", ".join(item.cse_elements))
            for v in evidence.versions for item in v.spec.items)
    return Table("Standards", columns, rows)


def actions_table(evidence: Evidence) -> Table:
    columns = [Column("Service block", width=28), Column("Item", width=7),
               Column("Raised on", Kind.DATE, 11), Column("Due on", Kind.DATE, 11),
               Column("Status", width=8)]
    if evidence.choice.with_names:
        columns += [Column("Action", width=50), Column("Owner", width=24),
                    Column("Latest progress", width=50)]
    rows = ((a.block, a.item_code, a.raised_on, a.due_on, a.status,
             *((a.what, a.owner, a.progress) if evidence.choice.with_names else ()))
            for a in evidence.actions)
    return Table("Actions", columns, rows)


def matrix_table(evidence: Evidence) -> Table:
    columns = [Column("Element ref", width=9), Column("Element", width=36),
               Column("Standard", width=9), Column("Items", width=16),
               Column("Period from", Kind.DATE, 11), Column("Period to", Kind.DATE, 11),
               Column("Service block", width=28), Column("Shops (n)", W, 9),
               Column("Pass rate", P, 9), Column("95% interval from", P, 10),
               Column("95% interval to", P, 10), Column("Previous pass rate", P, 9),
               Column("Trend", width=24), Column("Rating", width=20),
               Column("Owner", width=24), Column("Actions taken", width=40),
               Column("Action status", width=16)]
    start, end = evidence.choice.start, evidence.choice.end
    rows = ((r.element, r.title, r.standard, r.items, start, end, r.block, r.n, r.pass_rate,
             r.ci_low, r.ci_high, r.previous_rate, r.trend, r.rating, r.owner, r.actions,
             r.action_status) for r in evidence.matrix)
    return Table("Evidence matrix", columns, rows)


def plan_table(evidence: Evidence) -> Table:
    """The corporate CSE action plan by criterion, with its RAG statuses."""
    columns = [Column("Criterion", W, 9), Column("Criterion name", width=30),
               Column("Element", width=9), Column("Desired outcome", width=50),
               Column("Target date", Kind.DATE, 11), Column("RAG status", width=10)]
    if evidence.choice.with_names:
        columns += [Column("Responsible officer", width=24), Column("Progress", width=50)]
    rows = ((p.criterion, p.criterion_name, p.element, p.outcome, p.target_on, p.status,
             *((p.officer, p.progress) if evidence.choice.with_names else ()))
            for p in evidence.plan)
    return Table("Action plan", columns, rows)
