"""The compliance overview: one row per block a person may see, every figure the report's."""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from shopper.domain.enums import Answer, Away, Outcome
from shopper.domain.facts import CallFacts, VisitFacts
from shopper.domain.settings import Settings
from shopper.domain.states import ActionStatus, LineType, Role, ShopStatus
from shopper.extensions import db
from shopper.models import Action, Line, ServiceBlock, ServiceGrouping, Shop, Team
from shopper.services.audit import Actor
from shopper.services.demo.council import DEMO_PASSWORD
from shopper.services.demo.load import load_demo
from shopper.services.follow_up.disputes import exclude_shop
from shopper.services.review.rates import Rate
from shopper.services.review.reports import compliance_report
from shopper.services.settings import load_settings
from shopper.services.shops import ShopRecord, insert_shops, shop_rows
from shopper.services.standards import load_catalogue
from tests.conftest import parse

TESTS = Actor("the tests")

LONDON = ZoneInfo("Europe/London")
Q1 = (date(2026, 1, 1), date(2026, 3, 31))
PERCENT = re.compile(r"(\d+\.\d)%")


def london(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), LONDON).astimezone(UTC)


# -- A small council, built shop by shop ------------------------------------------------------

@dataclass
class Town:
    blocks: dict[str, int]
    lines: dict[str, int]
    shopper_id: int
    shop_ids: list[int] = field(default_factory=list)

    def add(self, block: str, facts, answers: dict, *, line: str | None = None,
            status: ShopStatus = ShopStatus.SUBMITTED, notes: str = "", times: int = 1) -> None:
        catalogue, settings, now = load_catalogue(), load_settings(), datetime.now(UTC)
        records = [ShopRecord(facts=facts, answers=answers, shopper_id=self.shopper_id,
                              service_block_id=self.blocks[block], status=status, notes=notes,
                              line_id=self.lines.get(line)) for _ in range(times)]
        self.shop_ids += insert_shops(shop_rows(r, catalogue, settings, now) for r in records)
        db.session.commit()


def person_call(day: date, not_met: tuple[str, ...] = ()) -> tuple[CallFacts, dict]:
    """A call answered by a person in 2 rings: TA passes unless two items are not met."""
    answers = {code: Answer.NOT_MET if code in not_met else Answer.MET
               for code in ("TA3", "TA4", "TA5", "TA6")}
    return CallFacts(occurred_at=london(day), outcome=Outcome.PERSON, rings=2), answers


def voicemail_call(day: date, not_met: tuple[str, ...] = ()) -> tuple[CallFacts, dict]:
    """A call that reached voicemail in 3 rings; no message left."""
    answers = {code: Answer.NOT_MET if code in not_met else Answer.MET
               for code in ("VM1", "VM2", "VM3", "VM4", "VM5", "VM7")}
    facts = CallFacts(occurred_at=london(day), outcome=Outcome.VOICEMAIL, rings=3,
                      officer_away=Away.NO)
    return facts, answers


def visit(day: date, not_met: tuple[str, ...] = ()) -> tuple[VisitFacts, dict]:
    answers = {code: Answer.NOT_MET if code in not_met else Answer.MET
               for code in ("RC3", "RC4", "RC5", "RC6", "RC7", "RC9", "RC10")}
    facts = VisitFacts(occurred_at=london(day), acknowledged_minutes=Decimal(1),
                       seen_minutes=Decimal(5), family_reception=False)
    return facts, answers


@pytest.fixture
def town(app, make_user) -> Town:
    """Two groupings of two blocks, each with an individual line and a hunt group; a
    coordinator, an assessor, the team lead of Revenues & Benefits and a councillor."""
    blocks, lines = {}, {}
    number = iter(range(100, 200))
    for grouping_name, names in {"Resources": ["Revenues & Benefits", "Finance"],
                                 "Place": ["Highways", "Parks"]}.items():
        grouping = ServiceGrouping(name=grouping_name)
        for name in names:
            block = ServiceBlock(name=name, grouping=grouping)
            team = Team(name=f"{name} team", block=block)
            blocks[name] = block
            lines[f"{name} individual"] = Line(
                number=f"+44113496{next(number):04d}", line_type=LineType.INDIVIDUAL,
                officer_name=f"Olwen {name.split()[0]}", team=team, block=block)
            lines[f"{name} hunt group"] = Line(
                number=f"+44113496{next(number):04d}", line_type=LineType.HUNT_GROUP,
                team=team, block=block)
    db.session.add_all([*blocks.values(), *lines.values()])
    db.session.commit()
    make_user("coordinator@example.org", Role.COORDINATOR)
    make_user("assessor@example.org", Role.ASSESSOR)
    make_user("lead@example.org", Role.TEAM_LEAD, block_names=["Revenues & Benefits"])
    shopper = make_user("councillor@example.org", Role.SHOPPER)
    return Town({name: block.id for name, block in blocks.items()},
                {key: line.id for key, line in lines.items()}, shopper.id)


# -- Reading pages ----------------------------------------------------------------------------

def rate_of(text: str) -> float | None:
    """A percentage as the page shows it, as a fraction; None for "No shops"."""
    match = PERCENT.search(text)
    return None if match is None else float(Decimal(match[1]) / 100)


def close(shown: float | None, exact: float | None) -> bool:
    """A rate shown to one decimal place of a percentage against the report's 4 decimals."""
    if shown is None or exact is None:
        return shown is exact
    return abs(shown - exact) <= 0.0005 + 1e-9


def check_figures(cell, standard: dict) -> None:
    """One block's figures for one standard, as shown, against compliance_report's."""
    assert close(rate_of(cell.select_one(".app-figures__rate").text), standard["pass_rate"])
    interval = cell.select_one(".app-figures__interval")
    if standard["pass_rate"] is None:
        assert interval is None
    else:
        low, high = (float(Decimal(v) / 100) for v in PERCENT.findall(interval.text))
        assert close(low, standard["ci_low"]) and close(high, standard["ci_high"])
    shops = int(cell.select_one(".app-figures__n").text.split()[0].replace(",", ""))
    assert shops == standard["n"]
    assert cell.select_one(".govuk-tag").text.strip().lower() == standard["rating"]
    trend = cell.select_one(".app-trend")
    if trend is not None:
        previous = standard["previous"]
        if previous["n"] == 0:
            assert "no shops in the previous period" in trend.text.lower()
        else:
            assert close(rate_of(trend.text), previous["pass_rate"])


def overview_rows(page) -> dict[str, object]:
    return {row["data-block"]: row for row in page.select("#overview-table tr[data-block]")}


def demo_report(start: date, end: date) -> dict:
    return compliance_report(start, end, datetime.now(UTC))


@pytest.fixture
def demo(app):
    load_demo(shops=600, seed=7, today=date(2026, 6, 30))


# -- Tests ------------------------------------------------------------------------------------

def test_every_figure_on_the_overview_is_the_reports(demo, client, sign_in):
    sign_in("coordinator@anytown.example", DEMO_PASSWORD)
    page = parse(client.get("/compliance?from=2026-01-01&to=2026-06-30"))
    report = demo_report(date(2026, 1, 1), date(2026, 6, 30))
    rows = overview_rows(page)
    assert list(rows) != [] and sorted(rows) == sorted(b["service_block"] for b in report["blocks"])
    checked = 0
    for block in report["blocks"]:
        row = rows[block["service_block"]]
        for standard in block["standards"]:
            check_figures(row.select_one(f'.app-figures[data-standard="{standard["code"]}"]'),
                          standard)
            checked += 1
        assert row.select_one(".app-overall .govuk-tag").text.lower() == block["overall_rating"]
    assert checked == 14 * 3
    # The block comparison's tables carry the same figures as the chart above each.
    for code in ("TA", "VM", "RC"):
        table = page.select_one(f'table.app-chart-table[data-standard="{code}"]')
        for tr in table.select("tbody tr"):
            name = tr.th.text.strip()
            [standard] = [s for b in report["blocks"] if b["service_block"] == name
                          for s in b["standards"] if s["code"] == code]
            cells = tr.select("td")
            assert close(rate_of(cells[0].text), standard["pass_rate"])
            assert int(cells[1].text.replace(",", "")) == standard["n"]


def test_rows_are_grouped_by_service_grouping(town, client, sign_in):
    sign_in("coordinator@example.org")
    page = parse(client.get("/compliance"))
    groups = {body["data-grouping"]: [tr["data-block"] for tr in body.select("tr[data-block]")]
              for body in page.select("#overview-table tbody")}
    assert groups == {"Place": ["Highways", "Parks"],
                      "Resources": ["Finance", "Revenues & Benefits"]}
    assert page.select_one("#overview-table th[scope=rowgroup]").text == "Place"


def test_this_quarter_is_shown_by_default(town, client, sign_in):
    sign_in("coordinator@example.org")
    page = parse(client.get("/compliance"))
    today = datetime.now(LONDON).date()
    start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    assert page.select_one("#from")["value"] == start.isoformat()
    caption = page.select_one("h1 .govuk-caption-l").text
    assert caption.startswith(start.strftime("%-d %B %Y").lstrip("0") + " to ")


def test_a_trend_says_which_way_and_from_what(town, client, sign_in):
    for day in (date(2025, 11, 3), date(2025, 11, 4), date(2025, 11, 5), date(2025, 11, 6)):
        town.add("Finance", *person_call(day, not_met=("TA3", "TA4")))      # fails
    town.add("Finance", *person_call(date(2025, 11, 7)))                    # passes: 20%
    for day in (date(2026, 2, 2), date(2026, 2, 3), date(2026, 2, 4)):
        town.add("Finance", *person_call(day))                               # 3 of 4: 75%
    town.add("Finance", *person_call(date(2026, 2, 5), not_met=("TA3", "TA4")))
    sign_in("coordinator@example.org")
    page = parse(client.get("/compliance?from=2026-01-01&to=2026-03-31"))
    cell = overview_rows(page)["Finance"].select_one('.app-figures[data-standard="TA"]')
    assert cell.select_one(".app-figures__rate").text == "75.0%"
    assert cell.select_one(".app-figures__n").text == "4 shops"
    # Fewer than 5 shops: the rate is shown, and marked as not enough for a rating.
    assert cell.select_one(".govuk-tag").text == "Insufficient evidence"
    assert cell.select_one(".app-trend").text == "↑ Up from 20.0%"
    assert cell.select_one(".app-trend [aria-hidden=true]").text == "↑"
    vm = overview_rows(page)["Finance"].select_one('.app-figures[data-standard="VM"]')
    assert vm.select_one(".app-figures__rate").text == "No shops"
    assert vm.select_one(".app-trend").text == "No shops in the previous period"


def test_a_team_lead_sees_only_their_own_blocks(town, client, sign_in):
    town.add("Finance", *person_call(date(2026, 2, 2)))
    sign_in("lead@example.org")
    page = parse(client.get("/compliance?from=2026-01-01&to=2026-03-31"))
    assert list(overview_rows(page)) == ["Revenues & Benefits"]
    assert "Finance" not in page.select_one("main").text
    grouping = [option.text for option in page.select("#grouping option")]
    assert grouping == ["All groupings", "Resources"]


def test_assessors_and_coordinators_see_every_block(town, client, sign_in):
    for email in ("assessor@example.org", "coordinator@example.org"):
        sign_in(email)
        page = parse(client.get("/compliance"))
        assert sorted(overview_rows(page)) == sorted(town.blocks)
        client.post("/sign-out")


def test_shoppers_may_not_see_the_overview(town, client, sign_in):
    sign_in("councillor@example.org")
    assert client.get("/compliance").status_code == 403
    client.post("/sign-out")
    response = client.get("/compliance")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_filtering_by_grouping_and_standard(town, client, sign_in):
    town.add("Highways", *person_call(date(2026, 2, 2)))
    sign_in("coordinator@example.org")
    page = parse(client.get("/compliance?from=2026-01-01&to=2026-03-31&grouping=Place"
                            "&standard=TA"))
    assert list(overview_rows(page)) == ["Highways", "Parks"]
    headers = [th.text.split(",")[0].strip(" ▲▼\n")
               for th in page.select("#overview-table thead th")]
    assert headers == ["Service block", "Telephone answering (TA)", "Overall rating"]
    assert page.select(".app-figures[data-standard=VM]") == []
    assert page.select_one("#grouping option[selected]").text == "Place"
    # The charts follow the filter: one, for the standard chosen.
    assert [svg.title.text for svg in page.select("svg.app-chart")] == [
        "Telephone answering: pass rate by service block, 1 January 2026 to 31 March 2026"]


def test_sorting_by_a_standard_on_the_server(town, client, sign_in):
    town.add("Revenues & Benefits", *person_call(date(2026, 2, 2)))       # 100%
    town.add("Finance", *person_call(date(2026, 2, 2), not_met=("TA3", "TA4")))  # 0%
    town.add("Finance", *person_call(date(2026, 2, 3)))                    # 50%
    sign_in("coordinator@example.org")
    base = "/compliance?from=2026-01-01&to=2026-03-31"
    page = parse(client.get(base))
    link = page.select_one("#overview-table thead th:nth-of-type(2) a")["href"]
    assert "sort=TA" in link and "order=asc" in link and "from=2026-01-01" in link
    page = parse(client.get(base + "&sort=TA&order=desc"))
    assert list(overview_rows(page))[:2] == ["Highways", "Parks"]  # Place first, no shops
    resources = page.select('#overview-table tbody[data-grouping="Resources"] tr[data-block]')
    assert [tr["data-block"] for tr in resources] == ["Revenues & Benefits", "Finance"]
    sorted_header = page.select_one("#overview-table th[aria-sort]")
    assert sorted_header["aria-sort"] == "descending"
    assert sorted_header.a.text.startswith("Telephone answering (TA)")
    page = parse(client.get(base + "&sort=TA&order=asc"))
    resources = page.select('#overview-table tbody[data-grouping="Resources"] tr[data-block]')
    assert [tr["data-block"] for tr in resources] == ["Finance", "Revenues & Benefits"]
    # An unknown order is no error: the table is sorted by block.
    page = parse(client.get(base + "&sort=banana"))
    assert page.select_one("#overview-table th[aria-sort]").a.text.startswith("Service block")


@pytest.mark.parametrize(("query", "message", "field"), [
    ("from=banana&to=2026-03-31", "Enter the start date as YYYY-MM-DD, like 2026-04-01", "from"),
    ("from=2026-03-31&to=2026-01-01",
     "The end date must be the same as or after the start date", "to"),
    ("from=2026-02-30&to=2026-03-31", "Enter a real start date", "from"),
    ("from=2026-01-01&to=", "Enter the end date as YYYY-MM-DD, like 2026-04-01", "to"),
    ("grouping=Nowhere", "Select a service grouping from the list, or all groupings",
     "grouping"),
    ("standard=ZZ", "Select a standard from the list, or all standards", "standard"),
])
def test_bad_choices_get_an_error_summary(town, client, sign_in, query, message, field):
    sign_in("coordinator@example.org")
    response = client.get(f"/compliance?{query}")
    assert response.status_code == 200
    page = parse(response)
    summary = page.select_one(".govuk-error-summary")
    assert message in summary.text
    assert summary.select_one(f'a[href="#{field}"]') is not None
    assert page.title.text.startswith("Error: ")
    assert message in page.select_one(f"#{field}-error").text
    assert page.select_one("#overview-table") is None


def test_what_was_typed_is_kept(town, client, sign_in):
    sign_in("coordinator@example.org")
    page = parse(client.get("/compliance?from=banana&to=2026-03-31&grouping=Place"))
    assert page.select_one("#from")["value"] == "banana"
    assert page.select_one("#to")["value"] == "2026-03-31"
    assert page.select_one("#grouping option[selected]").text == "Place"


def test_excluded_shops_vanish_from_every_figure(town, client, sign_in):
    for day in (2, 3, 4, 5, 6):
        town.add("Parks", *person_call(date(2026, 2, day)))
    town.add("Parks", *person_call(date(2026, 2, 9), not_met=("TA3", "TA4")),
             status=ShopStatus.EXCLUDED)
    town.add("Parks", *visit(date(2026, 2, 10), not_met=("RC6",)), status=ShopStatus.EXCLUDED)
    town.add("Parks", *person_call(date(2026, 2, 11)), status=ShopStatus.DRAFT)
    sign_in("coordinator@example.org")
    page = parse(client.get("/compliance?from=2026-01-01&to=2026-03-31"))
    parks = overview_rows(page)["Parks"]
    ta = parks.select_one('.app-figures[data-standard="TA"]')
    assert ta.select_one(".app-figures__rate").text == "100.0%"
    assert ta.select_one(".app-figures__n").text == "5 shops"
    assert ta.select_one(".govuk-tag").text == "Compliant"
    assert parks.select_one('.app-figures[data-standard="RC"] .app-figures__n').text == "0 shops"
    report = compliance_report(*Q1, datetime.now(UTC), [town.blocks["Parks"]])
    for standard in report["blocks"][0]["standards"]:
        check_figures(parks.select_one(f'.app-figures[data-standard="{standard["code"]}"]'),
                      standard)
    # Excluding a counted shop takes it out at once.
    exclude_shop(db.session.get(Shop, town.shop_ids[0]), "Wrong number", actor=TESTS)
    db.session.commit()
    page = parse(client.get("/compliance?from=2026-01-01&to=2026-03-31"))
    ta = overview_rows(page)["Parks"].select_one('.app-figures[data-standard="TA"]')
    assert ta.select_one(".app-figures__n").text == "4 shops"
    assert ta.select_one(".govuk-tag").text == "Insufficient evidence"


def test_the_comparison_charts_are_accessible_images_with_tables(town, client, sign_in):
    for day in (2, 3, 4, 5, 6):
        town.add("Highways", *voicemail_call(date(2026, 2, day), not_met=("VM4",)))
    sign_in("coordinator@example.org")
    page = parse(client.get("/compliance?from=2026-01-01&to=2026-03-31"))
    charts = page.select("svg.app-chart")
    assert len(charts) == 3
    for svg in charts:
        assert svg["role"] == "img"
        title = page.select_one(f'#{svg["aria-labelledby"]}')
        assert title.name == "title" and title.text.endswith("1 January 2026 to 31 March 2026")
        assert "table after the chart" in page.select_one(f'#{svg["aria-describedby"]}').text
        assert svg["viewbox"].startswith("0 0 ") and svg["width"] == "100%"
        # A table with the same figures follows every chart.
        assert svg.find_parent("section").select_one("table.app-chart-table") is not None
    vm = page.select_one('table.app-chart-table[data-standard="VM"] tbody tr')
    assert [cell.text.strip() for cell in vm.select("th, td")] == [
        "Highways", "100.0%", "5", "Compliant"]
    # Bars are labelled in words too: the figure, not the colour, carries the meaning.
    assert "100.0% (5 shops)" in page.select_one('svg[aria-labelledby="compare-vm-title"]').text


def test_every_block_page_link_keeps_the_period(town, client, sign_in):
    sign_in("coordinator@example.org")
    page = parse(client.get("/compliance?from=2026-01-01&to=2026-03-31"))
    link = overview_rows(page)["Parks"].select_one("th a")["href"]
    assert link.startswith(f"/compliance/blocks/{town.blocks['Parks']}?")
    assert "from=2026-01-01" in link and "to=2026-03-31" in link


def test_a_rate_is_shown_rounded_once_from_the_exact_fraction():
    # 89 of 2,001 is 4.4478%: the report's 4-decimal rate, 0.0445, would show 4.5%.
    shown = Rate.count(2001, 89, Settings.from_strings({}))
    assert shown.value == 0.0445
    assert shown.percent == "4.4%"
    assert shown.label == "4.4% (2,001 shops)"


def test_the_overview_opens_with_the_councils_headline(town, client, sign_in):
    for day in (2, 3, 4, 5, 6):
        town.add("Finance", *person_call(date(2026, 2, day)))                  # 5 of 5
        town.add("Parks", *person_call(date(2026, 2, day),                     # 4 of 5
                                       not_met=("TA3", "TA4") if day == 2 else ()))
        town.add("Highways", *person_call(date(2026, 2, day),                  # 3 of 5
                                          not_met=("TA3", "TA4") if day < 4 else ()))
    town.add("Highways", *visit(date(2026, 2, 9)), times=5)                    # RC 5 of 5
    db.session.add_all([
        Action(service_block_id=town.blocks["Parks"], what="Greet by name", owner="P",
               due_on=date(2026, 4, 1), status=ActionStatus.AMBER,
               created_by_id=town.shopper_id),
        Action(service_block_id=town.blocks["Highways"], what="Done already", owner="H",
               due_on=date(2026, 4, 1), status=ActionStatus.DONE,
               created_by_id=town.shopper_id)])
    db.session.commit()
    sign_in("coordinator@example.org")
    page = parse(client.get("/compliance?from=2026-01-01&to=2026-03-31"))
    # By hand: Finance 100% compliant; Parks 80% and Highways 60% (its worst standard)
    # partially compliant, only Parks with an action not done; Revenues & Benefits no shops.
    assert page.select_one(".app-headline").text == (
        "1 of 4 service blocks fully compliant; 2 partially compliant, 1 of them with an "
        "action plan; 1 without enough shops for a rating.")
    overall = {name: row.select_one(".app-overall .govuk-tag").text.lower()
               for name, row in overview_rows(page).items()}
    assert sorted(overall.values()) == ["compliant", "insufficient evidence",
                                        "partially compliant", "partially compliant"]
    # A grouping's headline counts the blocks shown.
    page = parse(client.get("/compliance?from=2026-01-01&to=2026-03-31&grouping=Resources"))
    assert page.select_one(".app-headline").text == (
        "1 of 2 service blocks fully compliant; 1 without enough shops for a rating.")
    client.post("/sign-out")
    sign_in("lead@example.org")
    page = parse(client.get("/compliance?from=2026-01-01&to=2026-03-31"))
    assert page.select_one(".app-headline").text == (
        "0 of 1 service block fully compliant; 1 without enough shops for a rating.")


def test_a_team_leads_home_page_shows_their_blocks_at_a_glance(town, client, sign_in,
                                                               make_user):
    today = datetime.now(LONDON).date()
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    town.add("Revenues & Benefits", *person_call(quarter_start), times=4)
    town.add("Revenues & Benefits", *person_call(quarter_start, not_met=("TA3", "TA4")))
    town.add("Finance", *person_call(quarter_start), times=5)
    make_user("lead.two@example.org", Role.TEAM_LEAD,
              block_names=["Revenues & Benefits", "Parks"])
    sign_in("lead.two@example.org")
    page = parse(client.get("/"))
    summaries = {s["data-block"]: s for s in page.select(".app-block-summary")}
    assert list(summaries) == ["Parks", "Revenues & Benefits"]
    revenues = summaries["Revenues & Benefits"]
    link = revenues.select_one("h3 a")
    assert link.text == "Revenues & Benefits"
    assert link["href"] == f"/compliance/blocks/{town.blocks['Revenues & Benefits']}"
    assert revenues.select_one(".app-overall .govuk-tag").text == "Partially compliant"
    ta = revenues.select_one('.app-figures[data-standard="TA"]')
    assert ta.select_one(".app-figures__rate").text == "80.0%"
    assert ta.select_one(".app-figures__n").text == "5 shops"
    assert ta.select_one(".govuk-tag").text == "Partially compliant"
    assert ta.select_one(".app-trend").text == "No shops in the previous period"
    [worst] = [a for a in revenues.select("a") if a.text.startswith("What fails most")]
    assert worst.text == "What fails most in Revenues & Benefits"
    assert worst["href"].endswith("#what-fails-most")
    # The same figures as the compliance overview's, for this quarter.
    overview = overview_rows(parse(client.get("/compliance")))["Revenues & Benefits"]
    for code in ("TA", "VM", "RC"):
        shown = [revenues.select_one(f'.app-figures[data-standard="{code}"]'),
                 overview.select_one(f'.app-figures[data-standard="{code}"]')]
        assert shown[0].get_text(" ", strip=True) == shown[1].get_text(" ", strip=True)
    assert summaries["Parks"].select_one(".app-overall .govuk-tag").text == (
        "Insufficient evidence")
    assert "Finance" not in page.select_one("main").text
