"""The directory and standards pages in a real browser at 320px: axe-clean, nothing scrolls
sideways, and the upload's preview and a bad line's errors work without JavaScript too."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_review_pages import check_page, sign_in

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 568}
PAGES = ["/directory", "/directory/lines", "/directory/lines?q=Planning", "/directory/lines/new",
         "/directory/upload", "/directory/reception-points", "/directory/reception-points/new",
         "/standards", "/standards/TA/versions/1", "/standards/cse-elements",
         "/standards/cse-elements/new", "/standards/new", "/directory/groupings/1",
         "/directory/blocks/1", "/directory/teams/1"]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": NARROW}


def test_every_directory_and_standards_page_is_accessible_at_320px(page: Page, axe):
    sign_in(page, "coordinator@anytown.example")
    for path in PAGES:
        page.goto(path)
        title = page.title()
        heading = page.get_by_role("heading", level=1).inner_text()
        assert title.startswith(heading.split("\n")[-1]), (path, title, heading)
        check_page(page, axe)


def test_a_bad_line_shows_the_error_summary_and_is_accessible(page: Page, axe):
    sign_in(page, "coordinator@anytown.example")
    page.goto("/directory/lines/new")
    page.get_by_label("Phone number").fill("01632 960001")
    page.get_by_role("button", name="Save line").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a real phone number")
    expect(page).to_have_title(re.compile(r"^Error: Add a line"))
    check_page(page, axe)


def test_the_upload_preview_without_javascript(new_context, axe, tmp_path):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "coordinator@anytown.example")
    path = tmp_path / "directory.csv"
    path.write_text("service_grouping,service_block,team,officer,number,extension,line_type,"
                    "active\nResources,Revenues & Benfits,Council Tax,,0113 496 0999,,"
                    "individual,yes\n", encoding="utf-8")
    page.goto("/directory/upload")
    page.get_by_label("Upload the directory").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the changes to the directory")
    expect(page.locator("#new-blocks")).to_contain_text("Revenues & Benfits")
    page.goto("/directory/upload")  # leave without saving: the demo stays as it is


def test_adding_and_removing_items_in_a_draft_is_accessible(page: Page, axe):
    sign_in(page, "coordinator@anytown.example")
    page.goto("/standards")
    page.get_by_role("button", name=re.compile("^Edit Reception")).click()
    check_page(page, axe)
    page.get_by_role("link", name=re.compile("^Add an item")).click()
    expect(page).to_have_title(re.compile(r"^Add an item"))
    page.get_by_role("button", name="Add item").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the item's code")
    expect(page).to_have_title(re.compile(r"^Error: Add an item"))
    check_page(page, axe)
    page.go_back()
    page.go_back()
    page.get_by_role("link", name="Remove RC3").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove RC3")
    check_page(page, axe)
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("button", name="Discard this draft").click()  # the demo stays as it is
