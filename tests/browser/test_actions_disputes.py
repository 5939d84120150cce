"""Actions, disputes and verification in a phone-sized browser on the demo council: axe-clean.

The journeys leave every figure as it was (the dispute is rejected, verifying changes no count),
so the other browser suites find the demo council's figures unchanged.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from shopper.domain.states import DisputeStatus, ShopStatus
from shopper.extensions import db
from shopper.models import Dispute, ServiceBlock, Shop
from tests.browser.test_pages_accessible import check_page, sign_in

pytestmark = pytest.mark.browser

LEAD = "lead.revenues@anytown.example"
COORDINATOR = "coordinator@anytown.example"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 375, "height": 667}}


@pytest.fixture
def revenues_shops(migrated_app, live_server):
    """Submitted, undisputed call shops of Revenues & Benefits in the demo council, by id."""
    with migrated_app.app_context():
        disputed = db.select(Dispute.shop_id)
        ids = db.session.scalars(
            db.select(Shop.id).join(ServiceBlock)
            .where(ServiceBlock.name == "Revenues & Benefits",
                   Shop.status == ShopStatus.SUBMITTED, Shop.line_id.is_not(None),
                   Shop.awaiting_until.is_(None), Shop.id.not_in(disputed))
            .order_by(Shop.id.desc()).limit(2)).all()
        db.session.remove()
    return ids


def switch_to(page: Page, email: str) -> None:
    page.context.clear_cookies()
    sign_in(page, email)


def expect_errors(page: Page, messages: list[str]) -> None:
    """The error summary lists exactly these messages (waiting for the page to finish)."""
    expect(page.locator(".govuk-error-summary__list a")).to_have_text(messages)


def test_raising_an_action_from_a_shop_then_progress_and_a_reshop(page, axe, revenues_shops):
    shop = revenues_shops[0]
    switch_to(page, LEAD)
    page.goto(f"/disputes/shops/{shop}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Shop {shop}")
    check_page(page, axe)

    page.get_by_role("button", name="Raise an action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise an action")
    check_page(page, axe)
    page.get_by_role("button", name="Raise action").click()
    expect(page).to_have_title(re.compile(r"^Error: Raise an action"))
    expect_errors(page, [
        "Enter what will be done", "Enter the name of the person who owns the action",
        "Enter the date the action is due", "Select the action's status: red, amber or green"])
    check_page(page, axe)

    page.get_by_label("What will be done?").fill("Re-record the Council Tax greeting")
    page.get_by_label("Which item is it about? (optional)").select_option("VM4")
    page.get_by_label("Who owns the action?").fill("Rhys Revenues")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2099")
    page.get_by_label("Amber").check()
    page.get_by_role("button", name="Raise action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Action \d+$"))
    expect(page.get_by_role("link", name=f"Shop {shop}")).to_be_visible()
    check_page(page, axe)
    action_url = page.url

    page.get_by_label("Progress note (optional)").fill("Asked the team to record it")
    page.get_by_role("button", name="Save progress").click()
    expect(page.locator(".app-notes")).to_contain_text("Asked the team to record it")
    expect(page.locator(".app-notes")).to_contain_text("Rhys Revenues, ")

    page.get_by_role("link", name="Back to actions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Actions")
    expect(page.get_by_role("link", name="Re-record the Council Tax greeting")).to_be_visible()
    check_page(page, axe)

    switch_to(page, COORDINATOR)
    page.goto(action_url)
    page.get_by_role("button", name="Schedule a re-shop").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule a re-shop")
    check_page(page, axe)
    page.get_by_label("Who should shop it?").select_option(label="Cllr Alun Jones (councillor)")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2099")
    page.get_by_role("button", name="Schedule re-shop").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Re-shop scheduled")
    expect(page.get_by_text("Not shopped yet.")).to_be_visible()
    check_page(page, axe)


def test_disputing_a_shop_and_the_coordinators_decision(page, axe, revenues_shops):
    shop = revenues_shops[1]
    switch_to(page, LEAD)
    page.goto(f"/disputes/shops/{shop}")
    page.get_by_role("button", name="Dispute this shop").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Why are you disputing this shop?")
    check_page(page, axe)
    page.get_by_role("radio", name="Another reason").check()
    page.get_by_role("button", name="Send dispute").click()
    expect_errors(page, ["Enter the reason you are disputing this shop"])
    check_page(page, axe)
    page.get_by_label("If it is another reason, give it").fill(
        "The number belongs to a neighbouring council")
    page.get_by_role("button", name="Send dispute").click()
    expect(page.get_by_text("Waiting for a decision")).to_be_visible()
    check_page(page, axe)

    switch_to(page, COORDINATOR)
    page.goto("/disputes")
    expect(page.get_by_role("heading", level=1)).to_have_text("Disputes")
    check_page(page, axe)
    page.get_by_role("link", name=f"Decide the dispute on shop {shop}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decide a dispute")
    check_page(page, axe)
    page.get_by_role("button", name="Save decision").click()
    expect_errors(page, ["Select whether you uphold or reject the dispute",
                         "Enter the reason for your decision"])
    check_page(page, axe)
    page.get_by_label("Reject it: the shop keeps counting").check()
    page.get_by_label("Reason for your decision").fill("The directory lists it as ours")
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Dispute rejected")
    decided = page.locator("table", has=page.get_by_text("Decided", exact=True))
    expect(decided).to_contain_text("The directory lists it as ours")
    check_page(page, axe)


def test_verifying_the_longest_waiting_shop(page, axe, migrated_app):
    switch_to(page, COORDINATOR)
    page.goto("/disputes/shops-to-verify")
    expect(page.get_by_role("heading", level=1)).to_have_text("Shops to verify")
    check_page(page, axe)
    first = page.locator("tbody a").first
    name = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    page.get_by_role("button", name="Verify shop").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{name} verified")
    check_page(page, axe)
    with migrated_app.app_context():
        shop = db.session.get(Shop, int(name.removeprefix("Shop ")))
        assert shop.status == ShopStatus.VERIFIED
        assert db.session.scalar(db.select(db.func.count()).select_from(Dispute).where(
            Dispute.status == DisputeStatus.UPHELD)) == 0
        db.session.remove()
