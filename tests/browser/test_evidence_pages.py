"""The evidence pages in a real browser: accessible at phone widths, and the download arrives."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_pages_accessible import VIEWPORTS, check_page, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=VIEWPORTS.values(), ids=VIEWPORTS.keys())
def browser_context_args(browser_context_args, request):
    return {**browser_context_args, "viewport": request.param, "accept_downloads": True}


def test_coordinator_pages_are_accessible_and_the_csv_downloads(page: Page, axe):
    sign_in(page, "coordinator@anytown.example")
    page.get_by_role("link", name="Export the evidence for your assessor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Download the evidence")
    check_page(page, axe)
    page.get_by_label("Shops (CSV)").check()
    page.get_by_label("Start date").fill("2026-02-30")
    page.get_by_role("button", name="Download").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a real start date")
    check_page(page, axe)

    page.get_by_label("Start date").fill("2025-01-01")
    page.get_by_label("End date").fill("2026-12-31")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download").click()
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[0][:3] == ["Shop", "Ref", "Channel"]

    page.get_by_role("link", name="Assessors' accounts and access").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    page.get_by_role("link", name="Ade Assessor").click()
    page.get_by_role("link", name="Change the first and last day of access").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change an assessor's access")
    check_page(page, axe)
    page.goto("/evidence/action-plan")
    check_page(page, axe)
    page.get_by_role("link", name="Add an action").click()
    check_page(page, axe)
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_role("alert")).to_contain_text("Select the criterion the action is for")
    check_page(page, axe)


@pytest.mark.parametrize("email", ["assessor@assessors.example", "lead.revenues@anytown.example"])
def test_assessor_and_team_lead_download_pages_are_accessible(page: Page, axe, email):
    sign_in(page, email)
    page.goto("/evidence")
    expect(page.get_by_role("heading", level=1)).to_have_text("Download the evidence")
    expect(page.get_by_label("Include officers' and shoppers' names")).to_have_count(0)
    check_page(page, axe)
