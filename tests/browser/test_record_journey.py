"""Recording a call on a 375 × 667 phone, by labels alone, with axe-core on every page passed;
and losing the signal halfway, then tapping submit twice.
"""

import re
import uuid
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from shopper.domain.deadlines import LONDON
from shopper.extensions import db
from shopper.models import Shop
from tests.browser.test_pages_accessible import check_page, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
VOICEMAIL_QUESTIONS = {
    "Was the voicemail greeting a personal one, not the system default?": "Yes",
    "Did the greeting say whose phone you had reached: the officer's name on an individual line, "
    "or the team's name on a shared line?": "Yes",
    "Did the greeting say which council service you had reached, like Council Tax?": "Yes",
    "Did the greeting give the extension or a direct number?": "No",
    "Did the greeting say when to expect a response, or give someone else to contact and their "
    "number?": "Yes",
}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE}


def half_an_hour_ago() -> datetime:
    return datetime.now(LONDON) - timedelta(minutes=30)


def continue_(page: Page, axe, heading: str | None = None) -> None:
    page.get_by_role("button", name="Continue").click()
    if heading:
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    check_page(page, axe)


def enter_when(page: Page, at: datetime) -> None:
    page.get_by_label("Day").fill(str(at.day))
    page.get_by_label("Month").fill(str(at.month))
    page.get_by_label("Year").fill(str(at.year))
    page.get_by_label("Time").fill(at.strftime("%H:%M"))


def shops_with_client_id(app, client_id: str) -> int:
    with app.app_context():
        count = db.session.scalar(db.select(db.func.count()).select_from(Shop).where(
            Shop.client_id == uuid.UUID(client_id)))
        db.session.remove()
        return count


def test_recording_a_voicemail_call_by_labels_alone(page: Page, axe):
    sign_in(page, "cllr.patel@anytown.example")
    check_page(page, axe)
    page.get_by_role("link", name="Record a call I made").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which number did you call?")
    check_page(page, axe)

    page.get_by_label("Phone number").fill("0113 496 0001")
    continue_(page, axe, "When did you make the call?")
    enter_when(page, half_an_hour_ago())
    continue_(page, axe)
    expect(page.get_by_role("group", name="What happened when you called?")).to_be_visible()
    page.get_by_label("It went to voicemail").check()
    continue_(page, axe)
    page.get_by_label("How many times did it ring before it was answered?").fill("7")
    continue_(page, axe)
    page.get_by_role("group", name="Were you put on hold or transferred?").get_by_label(
        "No").check()
    continue_(page, axe)
    page.get_by_label("No, they were at work").check()
    continue_(page, axe)
    page.get_by_label("Yes").check()
    continue_(page, axe)
    expect(page.get_by_label("What time did you leave the message?")).not_to_have_value("")
    continue_(page, axe, "Voicemail")
    for question, answer in VOICEMAIL_QUESTIONS.items():
        page.get_by_role("group", name=question).get_by_label(answer).check()
    # A message was left, so one could be: asked once, not twice.
    expect(page.get_by_role("group", name="Could you leave a message?")).to_have_count(0)
    expect(page.get_by_text("Could you leave a message? Yes, because you left a message.")
           ).to_be_visible()
    continue_(page, axe)
    page.get_by_label("Anything else your coordinator should know? (optional)").fill(
        "The greeting gave the team's name but no extension")
    continue_(page, axe, "Check your answers")
    expect(page.get_by_role("link", name="Change rings")).to_be_visible()

    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Your call has been recorded")).to_be_visible()
    check_page(page, axe)
    expect(page.locator(".shop-result")).to_have_text([
        "Telephone answering: 50.0% — does not meet the standard. Missing: an answer within "
        "the ring target.",
        "Voicemail: 71.4% — does not meet the standard. Missing: the extension number; a "
        "callback within the target.",
    ])
    expect(page.locator(".app-callback")).to_have_text(re.compile(
        r"^We'll ask you when they call back: they should by 5pm on \w+day \d+ \w+ \d{4}\.$"))

    page.get_by_role("link", name="Go to your home page").click()
    waiting = page.get_by_role("link", name=re.compile(r"^Record their callback"))
    expect(waiting).to_be_visible()
    check_page(page, axe)
    waiting.click()
    page.get_by_label("Yes, they called back").check()
    check_page(page, axe)


def test_typing_offline_survives_a_reload_and_two_taps_make_one_shop(
        page: Page, context, axe, migrated_app):
    sign_in(page, "cllr.oconnor@anytown.example")
    page.get_by_role("link", name="Record a call I made").click()
    page.get_by_label("Phone number").fill("0113 496 0002")
    continue_(page, axe, "When did you make the call?")
    enter_when(page, half_an_hour_ago())
    continue_(page, axe)
    page.get_by_label("A person answered").check()
    continue_(page, axe)

    # The signal goes. What is typed stays on the phone, and Continue says so, not an error page.
    context.set_offline(True)
    rings = page.get_by_label("How many times did it ring before it was answered?")
    rings.fill("4")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("You have no signal")
    check_page(page, axe)
    context.set_offline(False)
    page.reload()
    expect(rings).to_have_value("4")
    continue_(page, axe)

    page.get_by_role("group", name="Were you put on hold or transferred?").get_by_label(
        "No").check()
    continue_(page, axe, "Telephone answering")
    for group in page.get_by_role("group").all():
        group.get_by_label("Yes").check()
    continue_(page, axe)
    continue_(page, axe, "Check your answers")
    draft_id = re.search(r"/record/call/([0-9a-f-]{36})/check", page.url)[1]
    check_url = page.url
    sent = page.evaluate("""() => Object.fromEntries(new FormData(
        document.querySelector('input[name=fingerprint]').form))""")

    page.get_by_role("button", name="Submit").dblclick()
    expect(page.get_by_text("Your call has been recorded")).to_be_visible()
    # Once more, as a phone retrying the request it never heard back from.
    retry = context.request.post(check_url, form=sent)
    assert retry.ok and retry.url == page.url
    expect(page.locator(".shop-result")).to_have_text([
        "Telephone answering: 100.0% — meets the standard."])
    assert shops_with_client_id(migrated_app, draft_id) == 1
    # Nothing typed for the shop is left on the phone once it is saved.
    kept = page.evaluate(
        "id => Object.keys(localStorage).filter(key => key.includes(id))", draft_id)
    assert kept == []
