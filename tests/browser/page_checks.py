"""What every page must pass in the browser beyond axe-core: the layout at 320px, the focus
indicator, and a title that starts with the page's one h1. Each returns the problems it saw."""

from playwright.sync_api import Page

from tests.site_map import title_problem

# Elements whose text is cut off: wider content than box, in a box that hides the overflow.
# Visually hidden text (GOV.UK's 1px clipped boxes, for screen readers) is cut off on purpose.
CLIPPED = """() => [...document.querySelectorAll('body *')].filter(element => {
    const style = getComputedStyle(element);
    const hides = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
    if (!hides || element.scrollWidth <= element.clientWidth + 1) return false;
    if (element.clientWidth <= 1 || style.clipPath !== 'none') return false;
    if (style.clip !== 'auto') return false;
    if (element.closest('.govuk-visually-hidden, .govuk-visually-hidden-focusable')) return false;
    return element.innerText.trim() !== '';
}).map(element => `${element.tagName.toLowerCase()}.${element.className}: `
                  + `"${element.innerText.trim().slice(0, 40)}" needs ${element.scrollWidth}px `
                  + `in ${element.clientWidth}px`)"""

# How the focused element looks, then how it looks once it has lost focus. GOV.UK draws a
# radio's or a tick box's focus on its label's ::before: the input itself is transparent.
FOCUS_LOOK = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const drawn = ['radio', 'checkbox'].includes(element.type) && element.labels.length
        ? [element.labels[0], '::before'] : [element, null];
    const look = () => {
        const style = getComputedStyle(...drawn);
        return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow,
                style.backgroundColor, style.color, style.textDecorationLine,
                style.textDecorationThickness].join(' | ');
    };
    const focused = look();
    element.blur();
    const unfocused = look();
    element.focus();
    const name = (element.labels && element.labels.length ? element.labels[0].innerText : '')
        || element.innerText || element.getAttribute('name') || element.id;
    return {focused, unfocused, name: `${element.tagName.toLowerCase()} "${name.trim()}"`};
}"""
TABS = 3
FOCUSABLE = "a[href], button, input:not([type=hidden]), select, textarea, summary"


def layout_problems(page: Page) -> list[str]:
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    problems = [f"scrolls sideways: {widths[0]}px in {widths[1]}px"] if widths[0] > widths[1] \
        else []
    return problems + [f"clipped: {clipped}" for clipped in page.evaluate(CLIPPED)]


def focus_problems(page: Page) -> list[str]:
    """Tab to the first few things that take focus; each must look different when focused."""
    page.locator("body").focus()
    looks = []
    for _ in range(TABS):
        page.keyboard.press("Tab")
        looks.append(page.evaluate(FOCUS_LOOK))
    # And the first thing in the page's own content, after the header's links.
    first = page.locator("main").locator(FOCUSABLE).first
    if first.count() and first.is_visible():
        first.focus()
        looks.append(page.evaluate(FOCUS_LOOK))
    return [f"no visible focus on {look['name']}" for look in looks
            if look and look["focused"] == look["unfocused"]]


def title_problems(page: Page) -> list[str]:
    problem = title_problem(page.content())
    return [problem] if problem else []
