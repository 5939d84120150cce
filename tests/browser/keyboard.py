"""Driving a page by keyboard alone, as someone who cannot use a mouse or a touch screen does:
Tab (or Shift+Tab) to a control, type, arrow through radios, Space to tick, Enter to go.

Nothing here clicks or fills an element. Every control reached must show GOV.UK's focus style,
and every search for one is bounded: it fails naming what it looked for and where focus went.
"""

from contextlib import contextmanager

import pytest
from playwright.sync_api import Locator, Page

from tests.browser.page_checks import FOCUS_LOOK

MAX_TABS = 40
# GOV.UK's focus colour, in the outline, box shadow or background of whatever has focus.
FOCUS_COLOUR = "rgb(255, 221, 0)"
FOCUSED = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'nothing (the page itself)';
    const label = element.labels && element.labels.length ? element.labels[0].innerText : '';
    const text = element.getAttribute('aria-label') || label || element.innerText
        || element.value || element.name || element.id || '';
    return `${element.tagName.toLowerCase()} "${text.trim().replace(/\\s+/g, ' ').slice(0, 60)}"`;
}"""
IS_FOCUSED = "element => document.activeElement === element"
IN_RADIO_GROUP = ("name => document.activeElement.type === 'radio'"
                  " && document.activeElement.name === name")


def _press_until(page: Page, key: str, reached: str, argument, what: str, limit: int) -> None:
    """Press `key` until the script `reached` holds of the focused element, at most `limit`
    times; fail saying what was looked for and where the focus went."""
    went = []
    for _ in range(limit):
        if page.evaluate(reached, argument):
            return
        page.keyboard.press(key)
        went.append(page.evaluate(FOCUSED))
    if not page.evaluate(reached, argument):
        pytest.fail(f"{what} not reached on {page.url} in {limit} presses of {key}: focus "
                    f"went to {', '.join(went[-8:])}; it is on {went[-1]}", pytrace=False)


def expect_visible_focus(page: Page, what: str) -> None:
    """The focused element looks different from itself unfocused, in GOV.UK's focus colour."""
    look = page.evaluate(FOCUS_LOOK)
    assert look, f"nothing has focus on {page.url}, looking for {what}"
    assert look["focused"] != look["unfocused"] and FOCUS_COLOUR in look["focused"], (
        f"{what} ({look['name']}) has no visible focus on {page.url}: {look['focused']}")


def tab_to(page: Page, target: Locator, what: str, backwards: bool = False,
           limit: int = MAX_TABS) -> None:
    """Tab forwards (or backwards) to `target`, which must then show that it has focus."""
    handle = target.element_handle()
    _press_until(page, "Shift+Tab" if backwards else "Tab", IS_FOCUSED, handle, what, limit)
    expect_visible_focus(page, what)


def type_into(page: Page, field: Locator, text: str, what: str, replace: bool = False) -> None:
    tab_to(page, field, what)
    if replace:
        page.keyboard.press("Control+A")
    page.keyboard.type(text)


def choose(page: Page, radio: Locator, what: str, limit: int = MAX_TABS) -> None:
    """Tab into the radio's group, arrow down to the radio, and Space to select it."""
    name = radio.get_attribute("name")
    _press_until(page, "Tab", IN_RADIO_GROUP, name, f"the radios for {what}", limit)
    _press_until(page, "ArrowDown", IS_FOCUSED, radio.element_handle(), what,
                 page.locator(f"input[type=radio][name='{name}']").count())
    page.keyboard.press("Space")
    assert radio.is_checked(), f"{what} is not selected after Space"
    expect_visible_focus(page, what)


@contextmanager
def next_page(page: Page):
    """Wait, after the key press inside, for the page it opens to load."""
    with page.expect_navigation():
        yield


def press_enter_on(page: Page, target: Locator, what: str, backwards: bool = False,
                   limit: int = MAX_TABS) -> None:
    """Tab to a link or button and press Enter, waiting for the page it opens."""
    tab_to(page, target, what, backwards, limit)
    with next_page(page):
        page.keyboard.press("Enter")
