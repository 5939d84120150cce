"""The compliance pages in a real browser at phone width: axe-clean, nothing scrolls sideways
but a wide table inside its own focusable region, and charts that fit the screen."""

import re

import pytest
from playwright.sync_api import Page, expect

from shopper.services.demo.council import DEMO_PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE}


def sign_in(page: Page, email: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Home")


def check_page(page: Page, axe) -> None:
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


def test_the_overview_and_a_block_page_for_the_coordinator(page, axe):
    sign_in(page, "coordinator@anytown.example")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Compliance").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Compliance by service block")
    expect(page.get_by_role("table", name="Pass rates by service block and standard")
           ).to_be_visible()
    check_page(page, axe)
    # The wide overview table scrolls inside its region, which a keyboard user can reach.
    region = page.get_by_role("region", name=re.compile("^Pass rates by service block"))
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    expect(region).to_be_focused()

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
