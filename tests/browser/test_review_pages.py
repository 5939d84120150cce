"""The compliance pages in a real browser at phone width: axe-clean, nothing scrolls sideways
but a wide table inside its own focusable region, and charts that fit the screen. At 320 and
375px the overview, a block's results and the published results are a card a block (or item)
that fits the width, with no rating cut off."""

import re

import pytest
from playwright.sync_api import Page, expect

from shopper.services.demo.council import DEMO_PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
SMALL_PHONE = {"width": 320, "height": 640}
# The tables that become a card a row on a phone: none may scroll, nor cut a rating.
STACKED = ".app-stacked-table"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE}


def sign_in(page: Page, email: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Home")


def check_page(page: Page, axe, phone: bool = True) -> None:
    """axe-core finds nothing; only table regions, never the page, scroll sideways."""
    axe(page)
    page_width, viewport = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]")
    assert page_width <= viewport, f"{page.url} scrolls sideways: {page_width}px in {viewport}px"
    for chart in page.locator("svg.app-chart").all():
        assert chart.bounding_box()["width"] <= viewport
    # Whatever is wider than the screen sits in a focusable, labelled, scrolling region.
    overflowing = page.evaluate("""() => [...document.querySelectorAll('main *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
        .filter(e => !e.closest('.app-table-wrapper'))
        .map(e => e.tagName + '.' + e.className)""")
    assert overflowing == []
    for wrapper in page.locator(".app-table-wrapper").all():
        assert wrapper.get_attribute("tabindex") == "0"
        assert wrapper.get_attribute("role") == "region"
        assert wrapper.get_attribute("aria-label")
    if phone:
        check_nothing_cut(page)


def check_nothing_cut(page: Page) -> None:
    """Every rating is whole and on screen, and the card tables fit without scrolling."""
    clipped = page.evaluate("""() => [...document.querySelectorAll('main .govuk-tag')]
        .filter(tag => {
            const box = tag.getBoundingClientRect();
            if (tag.scrollWidth > tag.clientWidth + 1 || box.right > window.innerWidth + 1)
                return true;
            for (let e = tag.parentElement; e; e = e.parentElement) {
                if (getComputedStyle(e).overflowX === 'visible') continue;
                const edge = e.getBoundingClientRect();
                if (box.left < edge.left - 1 || box.right > edge.right + 1) return true;
            }
            return false;
        }).map(tag => tag.textContent.trim())""")
    assert clipped == [], f"ratings cut off on {page.url}: {clipped}"
    scrolling = page.evaluate("""selector => [...document.querySelectorAll(selector)]
        .map(table => table.closest('.app-table-wrapper'))
        .filter(wrapper => wrapper && wrapper.scrollWidth > wrapper.clientWidth + 1)
        .map(wrapper => wrapper.getAttribute('aria-label'))""", STACKED)
    assert scrolling == [], f"tables that scroll sideways on {page.url}: {scrolling}"


def test_the_overview_and_a_block_page_for_the_coordinator(page, axe):
    sign_in(page, "coordinator@anytown.example")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Compliance").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Compliance by service block")
    expect(page.get_by_role("table", name="Pass rates by service block and standard")
           ).to_be_visible()
    check_page(page, axe)
    # On a phone each block is a card: its name, every standard's figures and its overall rating.
    card = page.locator('#overview-table tr[data-block="Planning"]')
    for label in ("Telephone answering (TA): ", "Voicemail (VM): ", "Reception (RC): ",
                  "Overall rating: "):
        assert label in page.evaluate("""row => [...row.querySelectorAll('td')].map(
            td => getComputedStyle(td, '::before').content).join(' ')""",
                                      card.element_handle())
    expect(card.locator('.app-figures[data-standard="RC"] .govuk-tag')).to_be_visible()
    expect(card.get_by_role("link", name="What fails most in Planning")).to_be_visible()

    page.get_by_role("link", name="Planning", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Planning")
    expect(page.get_by_role("img", name=re.compile("^Planning: pass rate by month"))
           ).to_be_visible()
    expect(page.get_by_role("table", name="Results by standard")).to_be_visible()
    check_page(page, axe)


def test_sorting_and_filtering_work_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "assessor@assessors.example")
    page.goto("/compliance")
    page.get_by_label("Standard", exact=True).select_option(label="Voicemail (VM)")
    page.get_by_role("button", name="Show results").click()
    expect(page).to_have_url(re.compile(r"standard=VM"))
    headers = page.locator("#overview-table thead th")
    expect(headers).to_have_count(3)
    page.get_by_role("link", name=re.compile(r"^Voicemail \(VM\)")).click()
    expect(page.locator("#overview-table th[aria-sort=ascending]")).to_contain_text("Voicemail")


def test_a_team_lead_sees_their_blocks_and_not_others(page, axe):
    sign_in(page, "lead.housing@anytown.example")
    page.goto("/compliance")
    expect(page.locator("#overview-table tr[data-block]")).to_have_count(1)
    page.get_by_role("link", name="Housing", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Housing")
    check_page(page, axe)
    own = int(re.search(r"/blocks/(\d+)", page.url)[1])
    response = page.goto(f"/compliance/blocks/{own + 1}")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Service block not found")
    expect(page.get_by_text("This service block is not one of yours, or it does not exist")
           ).to_be_visible()


def test_an_error_on_the_overview(page, axe):
    sign_in(page, "coordinator@anytown.example")
    page.goto("/compliance?from=banana")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the start date")
    check_page(page, axe)


def test_the_public_results(page, axe):
    page.goto("/results")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Customer service results")
    check_page(page, axe)


@pytest.fixture
def small_phone(page):
    page.set_viewport_size(SMALL_PHONE)
    return page


@pytest.mark.parametrize("email", ["coordinator@anytown.example", "lead.housing@anytown.example"])
def test_every_review_page_fits_a_320px_phone(small_phone, axe, email):
    page = small_phone
    sign_in(page, email)
    check_page(page, axe)
    page.goto("/compliance")
    expect(page.locator(".app-headline")).to_contain_text("fully compliant")
    check_page(page, axe)
    page.locator("#overview-table tr[data-block] th a").first.click()
    expect(page.get_by_role("table", name="Results by standard")).to_be_visible()
    check_page(page, axe)
    page.get_by_role("link", name="Compliance by service block").click()
    page.locator("#overview-table .app-worst-link").first.click()
    expect(page.get_by_role("heading", name="What fails most")).to_be_in_viewport()


def test_a_team_lead_home_page_lists_their_blocks_with_ratings(small_phone, axe):
    page = small_phone
    sign_in(page, "lead.housing@anytown.example")
    summary = page.get_by_role("region", name="Housing")
    expect(summary.locator(".app-overall .govuk-tag")).to_be_visible()
    check_page(page, axe)
    summary.get_by_role("link", name="Housing", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Housing")


def test_the_public_results_and_accessibility_statement_on_a_small_phone(small_phone, axe):
    page = small_phone
    page.goto("/results")
    expect(page.locator('.app-public-table td[data-standard="RC"]').first).to_be_visible()
    check_page(page, axe)
    page.get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Accessibility statement for Shopper")
    check_page(page, axe)


def test_wide_screens_keep_the_full_table(page, axe):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, "coordinator@anytown.example")
    page.goto("/compliance")
    header = page.locator("#overview-table thead th").first
    expect(header).to_have_css("display", "table-cell")
    assert page.locator("#overview-table thead th").count() == 5
    check_page(page, axe, phone=False)
