"""A block's page: figures per standard and item, by line type and month, and its shops."""

from datetime import UTC, date, datetime

import pytest

from shopper.domain.states import ShopStatus
from shopper.extensions import db
from shopper.models import Line, ServiceBlock
from shopper.services.audit import Actor
from shopper.services.demo.council import DEMO_PASSWORD
from shopper.services.imports.directory import import_directory
from shopper.services.review.reports import compliance_report
from tests.conftest import parse
from tests.integration import test_review_overview as overview
from tests.integration.test_review_overview import (
    check_figures,
    close,
    person_call,
    rate_of,
    visit,
    voicemail_call,
)

TESTS = Actor("the tests")

# The overview's fixtures: the demo council, and a small council built shop by shop.
demo, town = overview.demo, overview.town
Q1 = "from=2026-01-01&to=2026-03-31"


def block_url(town, name: str, query: str = Q1) -> str:
    return f"/compliance/blocks/{town.blocks[name]}?{query}"


def standard_cells(page) -> dict[str, object]:
    """Each standard's row in the block's results table, as the overview's figures cells."""
    return {tr["data-standard"]: tr for tr in page.select("#standards-table tr[data-standard]")}


def shop_rows(page) -> list[dict[str, str]]:
    """The shops table, each row by its column headings, as the text a person reads."""
    headings = [" ".join(th.text.split()) for th in page.select("#shops-table thead th")]
    return [dict(zip(headings, (" ".join(td.get_text(" ").split()) for td in tr.select("td")),
                     strict=True)) for tr in page.select("#shops-table tbody tr")]


def check_row(row, standard: dict) -> None:
    assert close(rate_of(row.select_one(".app-figures__rate").text), standard["pass_rate"])
    assert int(row.select_one(".app-figures__n").text.split()[0]) == standard["n"]
    assert row.select_one(".govuk-tag").text.lower() == standard["rating"]


def test_every_figure_on_a_block_page_is_the_reports(demo, client, sign_in):
    sign_in("coordinator@anytown.example", DEMO_PASSWORD)
    start, end = date(2026, 1, 1), date(2026, 6, 30)
    report = compliance_report(start, end, datetime.now(UTC))
    blocks = dict(db.session.execute(db.select(ServiceBlock.name, ServiceBlock.id)).all())
    for block in report["blocks"]:
        page = parse(client.get(f"/compliance/blocks/{blocks[block['service_block']]}"
                                "?from=2026-01-01&to=2026-06-30"))
        assert page.h1.text.strip().endswith(block["service_block"])
        assert page.select_one(".app-overall .govuk-tag").text.lower() == block["overall_rating"]
        rows = standard_cells(page)
        for standard in block["standards"]:
            check_row(rows[standard["code"]], standard)
            items = page.select_one(f'table.app-items-table[data-standard="{standard["code"]}"]')
            for item in standard["items"]:
                cells = items.select_one(f'tr[data-item="{item["code"]}"]').select("td")
                assert int(cells[0].text.replace(",", "")) == item["applicable"]
                assert int(cells[1].text.replace(",", "")) == item["met"]
                assert close(rate_of(cells[2].text), item["met_rate"])


def test_the_items_that_fail_most_in_plain_words(town, client, sign_in):
    for day in (2, 3, 4):
        town.add("Highways", *voicemail_call(date(2026, 2, day)))
    for day in (5, 6):
        town.add("Highways", *voicemail_call(date(2026, 2, day), not_met=("VM4",)))
    town.add("Highways", *person_call(date(2026, 2, 9), not_met=("TA4",)))
    town.add("Highways", *person_call(date(2026, 2, 10)))
    sign_in("coordinator@example.org")
    page = parse(client.get(block_url(town, "Highways")))
    failures = [li.select_one(".app-most-failed__sentence").text
                for li in page.select(".app-most-failed li")]
    # A larger share, but of fewer shops than the minimum sample: after the rest.
    assert failures == [
        "The extension number missing in 40.0% of voicemail greetings (2 of 5)",
        "The officer's name missing in 50.0% of calls answered by a person (1 of 2)",
    ]


def test_a_block_with_nothing_missed_says_so(town, client, sign_in):
    town.add("Parks", *person_call(date(2026, 2, 2)))
    sign_in("coordinator@example.org")
    page = parse(client.get(block_url(town, "Parks")))
    assert page.select(".app-most-failed li") == []
    assert "No item was missed in this period." in page.text


def test_the_split_by_line_type(town, client, sign_in):
    for day in (2, 3, 4, 5, 6):
        town.add("Finance", *voicemail_call(date(2026, 2, day)), line="Finance individual")
    town.add("Finance", *voicemail_call(date(2026, 2, 9), not_met=("VM1",)),
             line="Finance hunt group")
    town.add("Finance", *voicemail_call(date(2026, 2, 10)), line="Finance hunt group")
    town.add("Finance", *person_call(date(2026, 2, 11)))  # a number not in the directory
    town.add("Finance", *visit(date(2026, 2, 12)))
    sign_in("coordinator@example.org")
    page = parse(client.get(block_url(town, "Finance")))
    table = page.select_one("#line-type-table")
    headers = [th.text for th in table.select("thead th")]
    assert headers == ["Line type", "Telephone answering (TA)", "Voicemail (VM)"]

    def cell(line_type: str, code: str) -> str:
        row = table.select_one(f'tr[data-line-type="{line_type}"]')
        return " ".join(row.select_one(f'td[data-standard="{code}"]').text.split())

    assert cell("Individual handset", "VM") == "100.0% 5 shops Compliant"
    assert cell("Hunt group", "VM") == "50.0% 2 shops Insufficient evidence"
    assert cell("PA phone", "VM") == "No shops 0 shops"
    assert cell("Contact centre", "TA") == "No shops 0 shops"
    assert cell("Number not in the directory", "TA") == "100.0% 1 shop Insufficient evidence"


def test_a_line_given_another_type_in_the_directory_moves_its_shops_in_the_split(
        town, client, sign_in):
    for day in (2, 3, 4, 5, 6):
        town.add("Finance", *voicemail_call(date(2026, 2, day)), line="Finance individual")
    sign_in("coordinator@example.org")
    number = db.session.get(Line, town.lines["Finance individual"]).number
    import_directory(
        "service_grouping,service_block,team,officer,number,extension,line_type,active\n"
        f"Resources,Finance,Finance team,Olwen Finance,{number},,pa_phone,yes\n", actor=TESTS)
    db.session.commit()
    table = parse(client.get(block_url(town, "Finance"))).select_one("#line-type-table")

    def cell(line_type: str) -> str:
        row = table.select_one(f'tr[data-line-type="{line_type}"]')
        return " ".join(row.select_one('td[data-standard="VM"]').text.split())

    assert cell("PA phone") == "100.0% 5 shops Compliant"
    assert cell("Individual handset") == "No shops 0 shops"


def test_the_pass_rate_by_month(town, client, sign_in):
    town.add("Parks", *person_call(date(2026, 1, 12)))
    town.add("Parks", *person_call(date(2026, 1, 13), not_met=("TA3", "TA4")))
    town.add("Parks", *person_call(date(2026, 3, 31)))
    town.add("Parks", *person_call(date(2026, 4, 1)))  # after the period: not on the chart
    sign_in("coordinator@example.org")
    page = parse(client.get(block_url(town, "Parks")))
    rows = {tr.th.text: tr for tr in page.select("#monthly-table tbody tr")}
    assert list(rows)[0] == "April 2025" and list(rows)[-1] == "March 2026"

    def cell(month: str) -> str:
        return rows[month].select_one('td[data-standard="TA"]').text

    assert cell("January 2026") == "50.0% (2 shops)"
    assert cell("February 2026") == "No shops"
    assert cell("March 2026") == "100.0% (1 shop)"
    svg = page.select_one("svg.app-chart")
    assert svg["role"] == "img"
    assert page.select_one(f'#{svg["aria-labelledby"]}').text == (
        "Parks: pass rate by month, April 2025 to March 2026")


def test_the_shop_list_shows_names_and_notes_to_the_coordinator(town, client, sign_in):
    town.add("Revenues & Benefits", *person_call(date(2026, 2, 2)),
             line="Revenues & Benefits individual", notes="Olwen was very helpful")
    town.add("Revenues & Benefits", *person_call(date(2026, 2, 3), not_met=("TA3", "TA4")),
             line="Revenues & Benefits hunt group")
    town.add("Revenues & Benefits", *person_call(date(2026, 2, 4)),
             status=ShopStatus.EXCLUDED)
    db.session.execute(db.text("UPDATE shops SET excluded_reason = 'Wrong number' "
                               "WHERE status = 'excluded'"))
    db.session.commit()
    sign_in("coordinator@example.org")
    page = parse(client.get(block_url(town, "Revenues & Benefits")))
    newest, middle, oldest = shop_rows(page)
    assert len(shop_rows(page)) == 3
    assert newest["Date"].startswith("4 Feb 2026")
    assert newest["Status"] == "Excluded Not counted Wrong number"
    assert middle["Channel"] == "Call" and "Hunt group" in middle["Line or reception point"]
    assert middle["TA"] == "Fail, 66.7%" and middle["VM"] == "Not scored –"
    assert middle["Status"] == "Submitted"
    assert oldest["Officer"] == "Olwen Revenues"
    assert oldest["TA"] == "Pass, 100.0%"
    assert oldest["Notes"] == "Olwen was very helpful"


@pytest.mark.parametrize("email", ["lead@example.org", "assessor@example.org"])
def test_names_and_notes_are_shown_only_to_the_blocks_team_lead(town, client, sign_in, email):
    town.add("Revenues & Benefits", *person_call(date(2026, 2, 2)),
             line="Revenues & Benefits individual", notes="Olwen was very helpful")
    sign_in(email)
    page = parse(client.get(block_url(town, "Revenues & Benefits")))
    assert len(page.select("#shops-table tbody tr")) == 1
    shown = ("Olwen" in page.text, "very helpful" in page.text,
             "Officer" in [th.text for th in page.select("#shops-table thead th")])
    assert shown == ((True, True, True) if email.startswith("lead") else (False, False, False))


def test_a_team_lead_gets_not_found_for_another_block(town, client, sign_in):
    sign_in("lead@example.org")
    assert client.get(block_url(town, "Revenues & Benefits")).status_code == 200
    for name in ("Finance", "Highways"):
        response = client.get(block_url(town, name))
        assert response.status_code == 404
        page = parse(response)
        assert page.h1.text == "Service block not found"
        assert page.select_one("main p").text == (
            "This service block is not one of yours, or it does not exist. You can see only "
            "the blocks you lead: your home page lists them.")
        assert name not in response.get_data(as_text=True)
    # A block that does not exist gets the same words: they never say which it is.
    missing = parse(client.get("/compliance/blocks/99999"))
    assert missing.select_one("main p").text.startswith("This service block is not one of yours")


def test_a_coordinator_is_told_a_missing_block_does_not_exist(town, client, sign_in):
    sign_in("coordinator@example.org")
    page = parse(client.get("/compliance/blocks/99999"))
    assert page.h1.text == "Service block not found"
    assert page.select_one("main p").text.startswith("There is no service block at this address")


@pytest.mark.parametrize("url", [
    "/compliance/blocks/99999", "/compliance/blocks/banana", "/compliance/blocks/-1",
])
def test_a_block_that_does_not_exist_is_not_found(town, client, sign_in, url):
    sign_in("coordinator@example.org")
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("page", ["banana", "0", "2", "-1", "²", "99999999999999999999"])
def test_a_page_of_shops_that_does_not_exist_is_not_found(town, client, sign_in, page):
    town.add("Parks", *person_call(date(2026, 2, 2)))
    sign_in("coordinator@example.org")
    assert client.get(block_url(town, "Parks", f"{Q1}&page={page}")).status_code == 404


def test_shops_come_a_page_at_a_time(town, client, sign_in):
    town.add("Parks", *person_call(date(2026, 2, 2)), times=30)
    sign_in("coordinator@example.org")
    first = parse(client.get(block_url(town, "Parks")))
    assert len(first.select("#shops-table tbody tr")) == 25
    assert "30 shops in this period, newest first (page 1 of 2)" in first.text
    next_link = first.select_one(".govuk-pagination__next a")["href"]
    assert "page=2" in next_link and "from=2026-01-01" in next_link
    second = parse(client.get(next_link))
    assert len(second.select("#shops-table tbody tr")) == 5
    assert second.select_one(".govuk-pagination__item--current").text.strip() == "2"


def test_a_bad_period_on_a_block_page_gets_an_error_summary(town, client, sign_in):
    sign_in("coordinator@example.org")
    response = client.get(block_url(town, "Parks", "from=2026-03-31&to=2026-01-01"))
    assert response.status_code == 200
    page = parse(response)
    assert "The end date must be the same as or after the start date" in page.select_one(
        ".govuk-error-summary").text
    assert page.h1.text.strip() == "Parks"
    assert page.select_one("#standards-table") is None


def test_excluded_shops_count_in_no_figure_of_the_block(town, client, sign_in):
    for day in (2, 3, 4, 5, 6):
        town.add("Highways", *voicemail_call(date(2026, 2, day)), line="Highways hunt group")
    town.add("Highways", *voicemail_call(date(2026, 2, 9), not_met=("VM1", "VM4")),
             line="Highways hunt group", status=ShopStatus.EXCLUDED)
    sign_in("coordinator@example.org")
    page = parse(client.get(block_url(town, "Highways")))
    report = compliance_report(date(2026, 1, 1), date(2026, 3, 31), datetime.now(UTC),
                               [town.blocks["Highways"]])["blocks"][0]
    for standard in report["standards"]:
        check_row(standard_cells(page)[standard["code"]], standard)
    assert report["standards"][1]["n"] == 5
    assert page.select(".app-most-failed li") == []
    vm = page.select_one('#line-type-table tr[data-line-type="Hunt group"] td[data-standard=VM]')
    assert " ".join(vm.text.split()) == "100.0% 5 shops Compliant"
    months = page.select_one('#monthly-table td[data-standard="VM"]')
    assert months is not None
    february = [tr for tr in page.select("#monthly-table tbody tr")
                if tr.th.text == "February 2026"][0]
    assert february.select_one('td[data-standard="VM"]').text == "100.0% (5 shops)"


def test_the_overview_figures_are_the_block_pages(demo, client, sign_in):
    sign_in("lead.revenues@anytown.example", DEMO_PASSWORD)
    overview = parse(client.get("/compliance?from=2026-04-01&to=2026-06-30"))
    for row in overview.select("#overview-table tr[data-block]"):
        page = parse(client.get(row.select_one("th a")["href"]))
        for code, tr in standard_cells(page).items():
            cell = row.select_one(f'.app-figures[data-standard="{code}"]')
            assert cell.select_one(".app-figures__rate").text == tr.select_one(
                ".app-figures__rate").text
            assert cell.select_one(".app-figures__n").text == tr.select_one(
                ".app-figures__n").text


def test_check_figures_reads_a_block_row(town, client, sign_in):
    """The overview's checker reads the same markup on a block page's results table."""
    for day in (2, 3, 4, 5, 6):
        town.add("Parks", *person_call(date(2026, 2, day)))
    sign_in("coordinator@example.org")
    page = parse(client.get(block_url(town, "Parks")))
    report = compliance_report(date(2026, 1, 1), date(2026, 3, 31), datetime.now(UTC),
                               [town.blocks["Parks"]])["blocks"][0]
    row = standard_cells(page)["TA"]
    check_figures(row, report["standards"][0])
