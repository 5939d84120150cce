"""Every page each demo role can reach, in Chromium at 320px: no axe-core violations, nothing
scrolling sideways or cut off, a visible focus, and one h1 that the title starts with.

The pages come from the URL map with the demo council's ids and from following the links on
each page (tests/site_map.py), so a new page is checked without anyone listing it. Error pages
are checked too: a missing page, a refused one, and forms sent blank.
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page

from shopper.extensions import db
from tests.browser.conftest import PROJECT_ROOT
from tests.browser.page_checks import focus_problems, layout_problems, title_problems
from tests.browser.test_pages_accessible import sign_in
from tests.site_map import (
    DEMO_USERS,
    REFUSED,
    Crawl,
    prepare_demo,
    route_of,
    seed_urls,
    tidy_demo,
    unvisited_routes,
)

pytestmark = pytest.mark.browser

NARROWEST = {"width": 320, "height": 568}
PHONE = {"width": 375, "height": 667}
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
# The key pages, photographed as <role>-<name>.png.
KEY_PAGES = {
    "/": "home", "/sign-in": "sign-in", "/results": "public-results",
    "/record": "record-a-shop", "/record/<channel>/<uuid:draft_id>/<step>": "recording-question",
    "/record/shops/<int:shop_id>": "recorded-shop", "/compliance": "overview",
    "/compliance/blocks/<int:block_id>": "block", "/evidence": "evidence", "/actions": "actions",
    "/actions/<int:action_id>": "action", "/disputes": "disputes",
    "/disputes/shops/<int:shop_id>": "shop", "/exercises": "exercises", "/people": "people",
}
# Forms sent blank, for their error pages (a route stands for the page the crawl found for it);
# each refuses a blank form, so nothing changes.
BLANK_FORMS = {
    None: ["/sign-in", "/forgotten-password"],
    "coordinator": ["/people/invite", "/directory/lines/new", "/exercises/new",
                    "/standards/cse-elements/new", "/evidence/action-plan/new",
                    "/disputes/shops/<int:shop_id>/dispute"],
    "team_lead": ["/disputes/shops/<int:shop_id>/dispute"],
    "councillor": ["/record/call/new", "/record/visit/new"],
    "staff": [],
    "assessor": [],
}
# Reached only by a journey's POST, which the recording journeys walk, or only after an export
# of 20,000 shops or more (test_export_jobs.py makes one).
WALKED_NOT_CRAWLED = {"/record/<channel>/<uuid:draft_id>/check",
                      "/record/call/<uuid:draft_id>/find-line",
                      "/evidence/files/<token>", "/evidence/files/<token>/download"}


@pytest.fixture(scope="module")
def crawl_data(live_server, migrated_app):
    """The demo council, with a draft standard and an action plan entry while the crawl runs."""
    with migrated_app.app_context():
        prepare_demo()
        db.session.remove()
    yield
    with migrated_app.app_context():
        tidy_demo()
        db.session.remove()


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": NARROWEST}


class Inspector:
    """Visits pages in the browser and notes every problem each one has."""

    def __init__(self, page: Page, axe, who: str):
        self.page, self.axe, self.who = page, axe, who
        self.problems: list[str] = []
        self.taken: set[Path] = set()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def fetch(self, url: str) -> tuple[str, str | None]:
        response = self.page.goto(url)
        assert response is not None and response.status < 500, (url, response)
        if "text/html" not in (response.headers.get("content-type") or ""):
            return url, None
        self.inspect(url)
        landed = "/" + self.page.url.split("/", 3)[-1]
        self.photograph(landed)
        return landed, self.page.content()

    def photograph(self, url: str) -> None:
        """A screenshot at a phone's 375px of each key page, for people to look at."""
        found = route_of(self.page_app, url)
        name = KEY_PAGES.get(found[0]) if found else None
        path = SCREENSHOTS / f"{self.who}-{name}.png"
        if name is None or path in self.taken:
            return
        self.taken.add(path)
        self.page.set_viewport_size(PHONE)
        self.page.screenshot(path=path, full_page=True)
        self.page.set_viewport_size(NARROWEST)

    def inspect(self, label: str) -> None:
        self.axe(self.page)
        found = layout_problems(self.page) + title_problems(self.page) + focus_problems(self.page)
        self.problems += [f"{label}: {problem}" for problem in found]

    def send_blank(self, url: str) -> None:
        self.page.goto(url)
        form = self.page.locator("main form[method=post]").first
        form.evaluate("""form => {
            for (const field of form.querySelectorAll('input, textarea, select')) {
                if (['radio', 'checkbox'].includes(field.type)) field.checked = false;
                else if (field.type !== 'hidden' && field.type !== 'submit') field.value = '';
            }
        }""")
        form.locator("button[type=submit], input[type=submit]").first.click()
        self.page.wait_for_load_state()
        assert self.page.locator(".govuk-error-summary").count(), f"{url} took a blank form"
        self.inspect(f"{url} (sent blank)")


@pytest.mark.parametrize("name", [*DEMO_USERS, None], ids=[*DEMO_USERS, "signed_out"])
def test_every_page_of_a_role_at_320px(page: Page, axe, crawl_data, migrated_app, name):
    email, role = DEMO_USERS.get(name, (None, None))
    if email:
        sign_in(page, email)
    inspector = Inspector(page, axe, name or "signed-out")
    inspector.page_app = migrated_app
    with migrated_app.app_context():
        seeds = seed_urls(migrated_app, role)
        db.session.remove()
    visited = Crawl(migrated_app, role, public_pages=role is None).run(seeds, inspector.fetch)
    if role:
        assert page.goto(REFUSED[role]).status == 403
        inspector.inspect(f"{REFUSED[role]} (refused)")
    found = {page.route: page.url for page in visited}
    for url in BLANK_FORMS[name]:
        inspector.send_blank(found.get(url, url))

    assert inspector.problems == [], "\n".join(inspector.problems)
    unvisited = unvisited_routes(migrated_app, role, visited, public_pages=role is None)
    assert set(unvisited) <= WALKED_NOT_CRAWLED
