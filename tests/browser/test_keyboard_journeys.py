"""The main journeys by keyboard alone, with JavaScript on and off, on a phone-sized screen:
a councillor records a call, a member of staff records a visit, a team lead raises an action
on a failing item, and a coordinator downloads the evidence.

Focus moves only by Tab and Shift+Tab, radios are chosen with the arrow keys and Space, forms
go with Enter, and each control reached must show that it has focus (tests/browser/keyboard.py).
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from shopper.domain.deadlines import LONDON
from shopper.services.demo.council import DEMO_PASSWORD
from tests.browser.keyboard import choose, press_enter_on, tab_to, type_into
from tests.browser.test_record_journey import PHONE

pytestmark = pytest.mark.browser

JAVASCRIPT = {"javascript": True, "no-javascript": False}
# Short enough that a wait for something that will never come fails fast.
TIMEOUT_MS = 5000


@pytest.fixture(params=JAVASCRIPT.values(), ids=JAVASCRIPT.keys())
def javascript(request) -> bool:
    return request.param


@pytest.fixture
def page(new_context, javascript) -> Page:
    context = new_context(java_script_enabled=javascript, viewport=PHONE,
                          accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context.new_page()


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def sign_in_by_keyboard(page: Page, email: str) -> None:
    page.goto("/sign-in")
    type_into(page, page.get_by_label("Email address"), email, "the email address")
    type_into(page, page.get_by_label("Password", exact=True), DEMO_PASSWORD, "the password")
    press_enter_on(page, page.get_by_role("button", name="Sign in"), "Sign in")
    expect(heading(page)).to_contain_text("Home")


def continue_(page: Page, expected_heading: str | re.Pattern | None = None) -> None:
    press_enter_on(page, page.get_by_role("button", name="Continue"), "Continue")
    if expected_heading:
        expect(heading(page)).to_have_text(expected_heading)


def enter_when(page: Page, at: datetime) -> None:
    for label, value in [("Day", at.day), ("Month", at.month), ("Year", at.year),
                         ("Time", at.strftime("%H:%M"))]:
        type_into(page, page.get_by_label(label), str(value), label, replace=True)


@dataclass
class Typed:
    label: str
    text: str

    def answer(self, page: Page) -> None:
        type_into(page, page.get_by_label(self.label), self.text, repr(self.label))


@dataclass
class Chosen:
    radio: Locator

    def answer(self, page: Page) -> None:
        choose(page, self.radio, str(self.radio))


@dataclass
class When:
    at: datetime

    def answer(self, page: Page) -> None:
        enter_when(page, self.at)


def answer_pages(page: Page, answers: list[Typed | Chosen | When]) -> None:
    """Answer one page a time, each followed by Continue."""
    for answer in answers:
        answer.answer(page)
        continue_(page)


def finish_the_shop(page: Page, channel: str) -> None:
    """Yes to every item, no notes, and Submit from the check page, reached by Shift+Tab from
    the end (quicker than from the top, past every answer's Change link)."""
    answer_every_group(page, "Yes")
    continue_(page)
    continue_(page, "Check your answers")
    press_enter_on(page, page.get_by_role("button", name="Submit"), "Submit", backwards=True)
    expect(page.get_by_text(f"Your {channel} has been recorded")).to_be_visible()


def follow_the_error(page: Page, message: str, field: Locator) -> None:
    """The error summary says `message`; its link, followed by keyboard, focuses the field."""
    expect(page.get_by_role("alert")).to_contain_text(message)
    tab_to(page, page.get_by_role("link", name=message), f"the link of the error {message!r}")
    page.keyboard.press("Enter")
    expect(field).to_be_focused()


def answer_every_group(page: Page, answer: str) -> None:
    """Choose `answer` in each radio group on the page, in the order they come."""
    for group in page.get_by_role("group").all():
        question = group.locator("legend").inner_text()
        choose(page, group.get_by_label(answer, exact=True), f"{answer} to {question!r}")


def test_a_councillor_records_a_call_by_keyboard(page: Page, javascript):
    sign_in_by_keyboard(page, "cllr.jones@anytown.example")
    # The home page lists the councillor's assignments first, two links each; the record
    # buttons come after them.
    press_enter_on(page, page.get_by_role("link", name="Record a call I made"),
                   "Record a call I made", limit=100)
    expect(heading(page)).to_have_text("Which number did you call?")
    number = "0113 496 0005" if javascript else "0113 496 0006"
    answer_pages(page, [
        Typed("Phone number", number),
        When(datetime.now(LONDON) - timedelta(minutes=30)),
        Chosen(page.get_by_label("A person answered")),
        Typed("How many times did it ring before it was answered?", "3"),
        Chosen(page.get_by_role("group", name="Were you put on hold or transferred?")
               .get_by_label("No")),
    ])
    expect(heading(page)).to_have_text("Telephone answering")
    finish_the_shop(page, "call")
    expect(page.locator(".shop-result")).to_have_text([
        "Telephone answering: 100.0% — meets the standard."])


def test_a_member_of_staff_records_a_visit_by_keyboard(page: Page, javascript):
    sign_in_by_keyboard(page, "staff.planning@anytown.example")
    press_enter_on(page, page.get_by_role("link", name="Record a visit"), "Record a visit",
                   limit=100)
    expect(page.get_by_role("group", name="Which reception did you visit?")).to_be_visible()
    continue_(page)
    first = page.locator("input[name=reception_point_id]").first
    follow_the_error(page, "Select the reception you visited", first)
    choose(page, first, "the first reception")
    continue_(page, "Which service did you visit about?")
    choose(page, page.get_by_label("Revenues & Benefits"), "Revenues & Benefits")
    continue_(page)
    answer_pages(page, [
        When(datetime.now(LONDON) - timedelta(hours=1)),
        Typed("How many minutes after you arrived did someone acknowledge you?", "0.5"),
        Chosen(page.get_by_label("Yes")),
        Typed("How many minutes after you arrived were you seen?", "4"),
    ])
    finish_the_shop(page, "visit")
    expect(page.locator(".shop-result")).to_have_text([
        re.compile(r"^Reception: 100.0% — meets the standard")])


def test_a_team_lead_raises_an_action_on_a_failing_item_by_keyboard(page: Page):
    sign_in_by_keyboard(page, "lead.revenues@anytown.example")
    press_enter_on(page, page.get_by_role("link", name="Revenues & Benefits", exact=True),
                   "Revenues & Benefits", limit=60)
    expect(heading(page)).to_have_text(re.compile("Revenues & Benefits"))
    press_enter_on(page, page.get_by_role("link", name=re.compile("^Last 12 months")),
                   "Last 12 months", limit=60)
    raise_link = page.get_by_role("link", name=re.compile("^Raise an action on ")).first
    item = raise_link.inner_text().split()[-1]
    press_enter_on(page, raise_link, "the first Raise an action", limit=100)
    expect(heading(page)).to_have_text("Raise an action")
    expect(page.get_by_label("Which item is it about? (optional)")).to_have_value(item)

    press_enter_on(page, page.get_by_role("button", name="Raise action"), "Raise action")
    follow_the_error(page, "Enter what will be done", page.get_by_label("What will be done?"))
    page.keyboard.type(f"Retrain the team on {item}")
    type_into(page, page.get_by_label("Who owns the action?"), "Rhys Revenues", "the owner")
    for label, value in [("Day", "1"), ("Month", "2"), ("Year", "2099")]:
        type_into(page, page.get_by_label(label), value, label)
    choose(page, page.get_by_label("Amber"), "Amber")
    press_enter_on(page, page.get_by_role("button", name="Raise action"), "Raise action")
    expect(heading(page)).to_have_text(re.compile(r"^Action \d+$"))
    expect(page.get_by_text(f"Retrain the team on {item}")).to_be_visible()


# What each file starts with: a ZIP archive (XLSX), and the CSV's byte-order mark and header.
STARTS = {"xlsx": b"PK\x03\x04", "csv": "\ufeffShop,Ref,Channel".encode()}
FORMAT_LABELS = {"xlsx": "Spreadsheet (XLSX)", "csv": "Shops (CSV)"}


@pytest.mark.parametrize("file_format", STARTS)
def test_a_coordinator_downloads_the_evidence_by_keyboard(page: Page, file_format):
    sign_in_by_keyboard(page, "coordinator@anytown.example")
    press_enter_on(page, page.get_by_role("link", name="Export the evidence for your assessor"),
                   "Export the evidence for your assessor", limit=100)
    expect(heading(page)).to_have_text("Download the evidence")
    choose(page, page.get_by_label(FORMAT_LABELS[file_format]), FORMAT_LABELS[file_format])
    type_into(page, page.get_by_label("Start date"), "2025-12-01", "the start date", replace=True)
    type_into(page, page.get_by_label("End date"), "2026-11-30", "the end date", replace=True)
    tab_to(page, page.get_by_role("button", name="Download"), "Download")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    download = Path(info.value.path()).read_bytes()
    assert download.startswith(STARTS[file_format]), download[:40]
    assert info.value.suggested_filename.endswith(f".{file_format}")
