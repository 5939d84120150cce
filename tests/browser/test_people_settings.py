"""People and settings pages at phone widths: accessible, nothing sideways, usable without JS."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from shopper.extensions import db
from shopper.models import User
from shopper.services.admin.links import invite_again
from shopper.services.audit import Actor
from shopper.services.demo.council import DEMO_PASSWORD
from tests.browser.test_pages_accessible import VIEWPORTS, check_page, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=VIEWPORTS.values(), ids=VIEWPORTS.keys())
def browser_context_args(browser_context_args, request):
    return {**browser_context_args, "viewport": request.param}


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def test_the_coordinator_invites_someone_and_changes_an_account(page: Page, axe):
    sign_in(page, "coordinator@anytown.example")
    page.goto("/people")
    expect(heading(page)).to_have_text("People")
    check_page(page, axe)

    page.get_by_role("button", name="Invite someone").click()
    page.get_by_role("button", name="Send invitation").click()
    expect(page).to_have_title(re.compile(r"^Error: Invite someone"))
    expect(page.get_by_role("alert")).to_contain_text("Enter the person's email address")
    check_page(page, axe)

    # Each viewport's run invites someone of its own: the demo council is shared.
    width = page.viewport_size["width"]
    page.get_by_label("Email address").fill(f"new.staff.{width}@anytown.example")
    page.get_by_label("Full name").fill(f"Nia New {width}")
    page.get_by_label("Shopper: member of staff").check()
    page.get_by_label("Service block they work in").select_option(label="Planning")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text(f"Invitation sent to new.staff.{width}@anytown.example")
           ).to_be_visible()

    page.get_by_role("link", name=f"Nia New {width}").click()
    expect(heading(page)).to_have_text(f"Nia New {width}")
    check_page(page, axe)
    page.get_by_role("button", name="Change role, blocks or access").click()
    check_page(page, axe)
    page.get_by_role("link", name=f"Back to Nia New {width}").click()
    page.get_by_role("button", name="Deactivate account").click()
    expect(heading(page)).to_have_text(f"Deactivate Nia New {width}")
    check_page(page, axe)
    page.get_by_role("button", name="Deactivate account").click()
    expect(page.get_by_role("button", name="Reactivate account")).to_be_visible()


def test_the_settings_page_and_its_errors(page: Page, axe):
    sign_in(page, "coordinator@anytown.example")
    page.goto("/settings")
    expect(heading(page)).to_have_text("Settings")
    check_page(page, axe)
    page.get_by_label("Close of business").fill("half five")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter close of business as a 24-hour")
    check_page(page, axe)


def test_the_password_pages(page: Page, axe, migrated_app):
    with migrated_app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email="cllr.jones@anytown.example"))
        sent = []
        invite_again(Actor.command("test"), user, datetime.now(UTC), sent.append)
        db.session.remove()
    page.goto(f"/set-password/{sent[0].token}")
    expect(heading(page)).to_have_text("Create your password")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("alert")).to_contain_text("at least 10 characters")
    check_page(page, axe)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_label("Enter the password again").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(heading(page)).to_have_text("Sign in")

    page.goto(f"/set-password/{sent[0].token}")
    expect(heading(page)).to_have_text("This invitation has already been used")
    check_page(page, axe)
    page.get_by_role("link", name="Reset your password").click()
    expect(heading(page)).to_have_text("Reset your password")
    check_page(page, axe)
    page.get_by_label("Email address").fill("nobody@anytown.example")
    page.get_by_role("button", name="Send me a link").click()
    expect(heading(page)).to_have_text("Check your email")
    check_page(page, axe)


def test_inviting_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "coordinator@anytown.example")
    page.goto("/people/invite")
    email = f"no.js.{page.viewport_size['width']}@anytown.example"
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Full name").fill("Noa Script")
    page.get_by_label("Team lead").check()
    page.get_by_label("Housing").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text(f"Invitation sent to {email}")).to_be_visible()
