"""The public results page: the last complete quarter, block by block, no names, no sign-in."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from shopper.domain.settings import Settings
from shopper.services.review.reports import compliance_report
from shopper.services.settings import save_settings
from tests.conftest import parse
from tests.integration import test_review_overview as overview
from tests.integration.test_review_overview import close, person_call, rate_of, voicemail_call

town = overview.town


def last_quarter() -> tuple[date, date]:
    today = datetime.now(ZoneInfo("Europe/London")).date()
    end = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) - timedelta(days=1)
    return date(end.year, end.month - 2, 1), end


def cell(page, block: str, code: str):
    return page.select_one(f'tr[data-block="{block}"] td[data-standard="{code}"]')


def test_anyone_can_see_the_last_quarters_results(town, client):
    start, end = last_quarter()
    for offset in range(6):
        town.add("Finance", *person_call(start + timedelta(days=offset),
                                         not_met=("TA3", "TA4") if offset == 0 else ()),
                 line="Finance individual", notes="Spoke to Olwen Finance")
    town.add("Finance", *person_call(end + timedelta(days=1)))  # this quarter: not shown
    response = client.get("/results")
    assert response.status_code == 200
    page = parse(response)
    caption = page.select_one("h1 .govuk-caption-l").text
    assert caption == f"{start:%-d %B %Y} to {end:%-d %B %Y}"
    ta = cell(page, "Finance", "TA")
    assert ta.select_one(".app-figures__rate").text == "83.3%"
    assert " ".join(ta.select_one(".app-figures__n").text.split()) == "of 6 shops passed"
    assert ta.select_one(".govuk-tag").text == "Partially compliant"
    # No officer's name, no note, no link into the signed-in pages.
    text = page.text
    assert "Olwen" not in text and "Spoke to" not in text
    assert page.select('a[href^="/compliance"]') == []


def test_no_rate_is_published_below_the_minimum_sample(town, client):
    start, _ = last_quarter()
    for offset in range(4):
        town.add("Parks", *voicemail_call(start + timedelta(days=offset)))
    page = parse(client.get("/results"))
    vm = cell(page, "Parks", "VM")
    assert vm.text.strip() == "Not enough shops to publish a result"
    assert "%" not in vm.text
    assert cell(page, "Highways", "TA").text.strip() == "Not enough shops to publish a result"
    # With a smaller minimum sample, the same shops are enough.
    save_settings(Settings(minimum_sample=4))
    page = parse(client.get("/results"))
    assert cell(page, "Parks", "VM").select_one(".app-figures__rate").text == "100.0%"
    assert "at least 4 shops" in page.text


def test_every_published_figure_is_the_reports(town, client):
    start, end = last_quarter()
    for offset in range(12):
        town.add("Revenues & Benefits", *person_call(
            start + timedelta(days=offset), not_met=("TA3", "TA4") if offset % 4 == 0 else ()))
        town.add("Highways", *voicemail_call(
            start + timedelta(days=offset), not_met=("VM1",) if offset % 3 == 0 else ()))
    page = parse(client.get("/results"))
    report = compliance_report(start, end, datetime.now(UTC))
    published = 0
    for block in report["blocks"]:
        for standard in block["standards"]:
            shown = cell(page, block["service_block"], standard["code"])
            if standard["n"] < 5:
                assert shown.text.strip() == "Not enough shops to publish a result"
                continue
            published += 1
            assert close(rate_of(shown.select_one(".app-figures__rate").text),
                         standard["pass_rate"])
            assert f"of {standard['n']} shops" in shown.text
            assert shown.select_one(".govuk-tag").text.lower() == standard["rating"]
    assert published == 3  # TA for both blocks, VM for Highways


def test_results_are_grouped_by_service_grouping(town, client):
    page = parse(client.get("/results"))
    assert [h2.text for h2 in page.select("main h2.govuk-heading-m")] == ["Place", "Resources"]
    assert [tr["data-block"] for tr in page.select('table[data-grouping="Resources"] tbody tr')
            ] == ["Finance", "Revenues & Benefits"]
    headers = [th.text for th in page.select('table[data-grouping="Place"] thead th')]
    assert headers == ["Service", "Telephone answering", "Voicemail", "Reception"]


def test_a_signed_in_person_sees_the_same_page(town, client, sign_in):
    sign_in("lead@example.org")
    page = parse(client.get("/results"))
    assert [h2.text for h2 in page.select("main h2.govuk-heading-m")] == ["Place", "Resources"]


def test_every_page_links_to_the_published_results(client):
    page = parse(client.get("/sign-in"))
    link = page.select_one("footer a[href='/results'], .govuk-footer a[href='/results']")
    assert link is not None and link.text == "Published results"


def test_the_page_says_in_plain_english_what_the_standards_in_force_promise(town, client):
    page = parse(client.get("/results"))

    section = page.select_one("#our-standards").find_next("div")
    assert "We answer the phone within 5 rings." in section.text
    assert "by 5pm on the next working day" in section.text
    voicemail = section.select_one('[data-standard-promise="Voicemail"]')
    assert "A personal greeting (essential: a shop without it fails)" in " ".join(
        voicemail.text.split())
    assert "The extension number" in voicemail.text
