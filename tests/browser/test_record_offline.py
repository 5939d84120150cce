"""A shop submitted without signal is kept on the phone, said to be, and sent once by itself."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_pages_accessible import check_page, sign_in
from tests.browser.test_record_journey import (
    PHONE,
    continue_,
    enter_when,
    half_an_hour_ago,
    shops_with_client_id,
)

pytestmark = pytest.mark.browser

WAITING = "Saved on this phone, will be sent."
SENT = "Your call saved on this phone has been sent."


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE}


def engaged_call_to_check(page: Page, axe, number: str) -> str:
    """Record an engaged call up to its check page; its client id."""
    sign_in(page, "cllr.jones@anytown.example")
    page.get_by_role("link", name="Record a call I made").click()
    page.get_by_label("Phone number").fill(number)
    continue_(page, axe, "When did you make the call?")
    enter_when(page, half_an_hour_ago())
    continue_(page, axe)
    page.get_by_label("It was engaged every time (3 tries)").check()
    continue_(page, axe)
    continue_(page, axe, "Check your answers")
    return re.search(r"/record/call/([0-9a-f-]{36})/check", page.url)[1]


def submit_without_signal(page: Page, context, axe) -> None:
    context.set_offline(True)
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("status")).to_contain_text(WAITING)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    check_page(page, axe)


def test_a_shop_submitted_without_signal_is_sent_once_after_the_browser_is_closed(
        page: Page, context, browser, live_server, axe, migrated_app):
    client_id = engaged_call_to_check(page, axe, "0113 496 0003")
    submit_without_signal(page, context, axe)
    assert shops_with_client_id(migrated_app, client_id) == 0

    # The browser is closed without signal; it opens again later, with signal.
    kept = context.storage_state()
    context.close()
    reopened = browser.new_context(storage_state=kept, base_url=live_server, viewport=PHONE)
    try:
        again = reopened.new_page()
        again.goto("/")
        expect(again.get_by_role("status")).to_contain_text(SENT)
        check_page(again, axe)
        again.get_by_role("link", name="See your call's result").click()
        expect(again.locator(".shop-result")).to_have_text([
            "Telephone answering: 0.0% — does not meet the standard. Missing: an answer within "
            "the ring target; reaching a person or voicemail (critical)."])
        again.reload()
        expect(again.get_by_role("status")).to_be_empty()
        assert again.evaluate("localStorage.getItem('shopper:outbox')") is None
    finally:
        reopened.close()
    assert shops_with_client_id(migrated_app, client_id) == 1


def test_a_shop_submitted_without_signal_goes_by_itself_when_the_signal_returns(
        page: Page, context, axe, migrated_app):
    client_id = engaged_call_to_check(page, axe, "0113 496 0004")
    submit_without_signal(page, context, axe)

    context.set_offline(False)
    expect(page.get_by_role("status")).to_contain_text(SENT)
    check_page(page, axe)
    # The form sent again from the page the shop went from (not by a click, which GOV.UK's
    # double-click guard may swallow this soon after the first): still the one shop.
    page.evaluate("document.querySelector('form[data-app-outbox]').requestSubmit()")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Your call on "))
    expect(page.locator(".shop-result")).to_have_count(1)
    assert shops_with_client_id(migrated_app, client_id) == 1
