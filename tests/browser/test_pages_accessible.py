"""Every page of the shell, for every demo role, at phone widths: accessible, usable by keyboard.

On each page: axe-core finds no WCAG 2.2 AA violations, nothing scrolls sideways, the council's
name is in the header, and a keyboard user can sign out.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from shopper.services.demo.council import DEMO_PASSWORD

pytestmark = pytest.mark.browser

COUNCIL = "Anytown Borough Council"
VIEWPORTS = {"375": {"width": 375, "height": 667}, "320": {"width": 320, "height": 568}}
ROLES = {
    "coordinator@anytown.example": "Carys Coordinator, coordinator",
    "lead.revenues@anytown.example": "Rhys Revenues, team lead",
    "cllr.jones@anytown.example": "Cllr Alun Jones, councillor",
    "staff.planning@anytown.example": "Pat Planner, member of staff",
    "assessor@assessors.example": "Ade Assessor, assessor",
}
MAX_TABS = 20


@pytest.fixture(params=VIEWPORTS.values(), ids=VIEWPORTS.keys())
def browser_context_args(browser_context_args, request):
    return {**browser_context_args, "viewport": request.param}


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def check_page(page: Page, axe) -> None:
    axe(page)
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths[0]}px in {widths[1]}px"
    expect(page.get_by_role("banner").get_by_role("link", name=COUNCIL)).to_be_visible()


def sign_out_by_keyboard(page: Page) -> None:
    """Tab from the top of the page to Sign out, opening the menu on the way if it is shut."""
    sign_out = page.get_by_role("button", name="Sign out")
    menu = page.get_by_role("button", name="Menu")
    page.locator("body").focus()
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        if focused.get_attribute("aria-expanded") == "false" and menu.is_visible():
            page.keyboard.press("Enter")
        elif focused.inner_text().strip() == "Sign out":
            break
    expect(sign_out).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in$"))


def test_the_sign_in_page(page, axe):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    check_page(page, axe)


def test_a_wrong_password_shows_an_error_summary(page, axe):
    sign_in(page, "coordinator@anytown.example", "not the password")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter a correct email address and password")
    # GOV.UK Frontend's JavaScript moves focus to the summary, so a screen reader reads it.
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    check_page(page, axe)


def test_a_missing_page_when_signed_out(page, axe):
    response = page.goto("/no-such-page")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_page(page, axe)


@pytest.mark.parametrize("email", ROLES)
def test_each_role_home_page_and_a_missing_page(page, axe, email):
    sign_in(page, email)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{ROLES[email]} Home")
    check_page(page, axe)
    sign_out_by_keyboard(page)

    sign_in(page, email)
    response = page.goto("/no-such-page")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_page(page, axe)
    sign_out_by_keyboard(page)


def test_signing_in_and_out_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "cllr.jones@anytown.example")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Cllr Alun Jones, councillor Home")
    expect(page.get_by_role("banner").get_by_role("link", name=COUNCIL)).to_be_visible()
    sign_out = page.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_visible()
    sign_out.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in$"))


def test_the_menu_button_is_never_reachable_while_hidden_from_screen_readers(page: Page, axe):
    """Until GOV.UK Frontend's script runs (slow signal, or it fails), the Menu button is
    aria-hidden: it must then be neither seen nor reached by keyboard."""
    page.route(re.compile(r".*/static/dist/app\.([0-9a-f]{12}\.)?js.*"),
               lambda route: route.abort())
    sign_in(page, "coordinator@anytown.example")
    toggle = page.locator(".govuk-service-navigation__toggle")
    expect(toggle).to_have_attribute("aria-hidden", "true")
    expect(toggle).not_to_be_visible()
    axe(page)
