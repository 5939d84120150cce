"""The exercise pages on a phone: accessible, nothing sideways at 320px, and the shopper's one-tap
start of an assigned call, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_pages_accessible import VIEWPORTS, check_page, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=VIEWPORTS.values(), ids=VIEWPORTS.keys())
def browser_context_args(browser_context_args, request):
    return {**browser_context_args, "viewport": request.param}


def test_the_coordinator_follows_the_demo_exercise(page, axe):
    sign_in(page, "coordinator@anytown.example")
    page.get_by_role("link", name="Plan an exercise and assign its shops").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exercises")
    check_page(page, axe)
    page.get_by_role("link", name="Winter telephone and reception shops").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Winter telephone and reception shops")
    expect(page.get_by_role("table", name="Progress by service block")).to_be_visible()
    check_page(page, axe)
    page.get_by_role("link", name="See, reassign or cancel assignments").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assignments")
    check_page(page, axe)
    page.get_by_label("Service block").select_option(label="Housing")
    page.get_by_role("button", name="Show assignments").click()
    expect(page.locator(".app-assignment-row").first).to_contain_text("Housing")
    check_page(page, axe)
    page.get_by_role("button", name="Cancel selected").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select at least one assignment")
    check_page(page, axe)
    page.go_back()
    page.get_by_role("link", name="Back to Winter telephone and reception shops").click()
    page.get_by_role("button", name="Assign shops").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assign shops")
    check_page(page, axe)


def test_a_bad_plan_shows_what_to_do_and_keeps_what_was_typed(page, axe):
    sign_in(page, "coordinator@anytown.example")
    page.goto("/exercises/new")
    check_page(page, axe)
    page.get_by_label("Name of the exercise").fill("Spring shops")
    page.get_by_label("Target shops per service block").fill("lots")
    page.get_by_role("button", name="Save exercise").click()
    expect(page).to_have_title(re.compile(r"^Error: Plan an exercise"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the target as a whole number from 1 to 1,000, like 20")
    expect(page.get_by_label("Name of the exercise")).to_have_value("Spring shops")
    check_page(page, axe)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_two_shoppers_start_their_assigned_calls_with_one_tap(new_context, axe, javascript):
    for email in ("cllr.patel@anytown.example", "staff.planning@anytown.example"):
        page = new_context(java_script_enabled=javascript).new_page()
        sign_in(page, email)
        first = page.locator(".app-assignment").first
        expect(first.locator("a.app-tel")).to_have_attribute("href", re.compile(r"^tel:\+44"))
        if javascript:
            check_page(page, axe)
        call = page.locator(".app-assignment").filter(has=page.locator("a.app-tel")).first
        call.get_by_role("link", name=re.compile("^Record this call")).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(
            "When did you make the call?")
        if javascript:
            check_page(page, axe)
        page.context.close()
