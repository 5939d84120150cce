"""Reloading or opening Shopper without signal shows Shopper's own offline page, listing the
shops kept on the phone, not the browser's "no internet" page; they go once the signal is back.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_pages_accessible import check_page
from tests.browser.test_record_journey import PHONE, shops_with_client_id
from tests.browser.test_record_offline import SENT, engaged_call_to_check, submit_without_signal

pytestmark = pytest.mark.browser

WAITING = ("Shops saved on this phone: 1. They will be sent when there is signal and Shopper "
           "is open.")


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE}


def expect_offline_page(page: Page, axe) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    expect(page).to_have_title("You are offline – Shopper – Anytown Borough Council")
    expect(page.locator("[data-app-offline-shops]")).to_contain_text(WAITING)
    expect(page.locator("[data-app-offline-shops] li")).to_have_text([
        re.compile(r"^Your call, saved on this phone on \d+ \w+ at \d\d:\d\d$")])
    check_page(page, axe)


def test_reloading_or_opening_shopper_offline_lists_the_shop_then_sends_it_once(
        page: Page, context, axe, migrated_app):
    client_id = engaged_call_to_check(page, axe, "0113 496 0007")
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    # What the phone keeps: the offline page and the built files, none of the pages seen.
    kept = page.evaluate("""async () => {
        const urls = []
        for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) {
                urls.push(new URL(request.url).pathname)
            }
        }
        return urls
    }""")
    assert "/offline" in kept
    assert all(url == "/offline" or url.startswith("/static/dist/") for url in kept), kept
    submit_without_signal(page, context, axe)

    page.reload()
    expect_offline_page(page, axe)
    other = context.new_page()
    other.goto("/")
    expect_offline_page(other, axe)
    other.close()
    assert shops_with_client_id(migrated_app, client_id) == 0

    context.set_offline(False)
    expect(page.get_by_role("status")).to_contain_text(SENT)
    expect(page.locator("[data-app-offline-shops]")).to_have_text(
        "No shops are waiting on this phone.")
    assert shops_with_client_id(migrated_app, client_id) == 1
    # The page that failed opens as before once there is signal.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")


def test_submit_with_a_signal_that_only_looks_present_shows_the_offline_page_with_the_shop(
        page: Page, context, axe, migrated_app):
    """The phone thinks it is online (one bar, no data): the form is sent and fails on the way,
    so the page that would have said "no internet" is the offline page, listing the shop."""
    context.add_init_script("Object.defineProperty(navigator, 'onLine', {get: () => true})")
    client_id = engaged_call_to_check(page, axe, "0113 496 0008")
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    context.set_offline(True)
    page.get_by_role("button", name="Submit").click()
    expect_offline_page(page, axe)
    assert shops_with_client_id(migrated_app, client_id) == 0

    context.set_offline(False)
    expect(page.get_by_role("status")).to_contain_text(SENT)
    assert shops_with_client_id(migrated_app, client_id) == 1
