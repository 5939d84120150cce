"""Every page each demo role can reach has one h1, and a title that starts with it.

WCAG 2.4.2 (page titled) is something axe-core cannot judge: a screen reader user hears the
title first, so it must say which page this is, as the h1 does. The pages are found from the
URL map with real ids from the demo council and by following every link (tests/site_map.py);
forms are also sent blank, and their error pages' titles start with "Error: ".
"""

from datetime import date

import pytest
from bs4 import BeautifulSoup

from shopper.services.demo.council import DEMO_PASSWORD
from shopper.services.demo.load import load_demo
from tests.site_map import (
    DEMO_USERS,
    MISSING,
    REFUSED,
    Crawl,
    prepare_demo,
    seed_urls,
    title_problem,
    unvisited_routes,
)

# Routes no crawl can reach with a GET of its own: each is a step the recording tests walk.
WALKED_NOT_CRAWLED = {"/record/<channel>/<uuid:draft_id>/check",
                      "/record/call/<uuid:draft_id>/find-line"}


@pytest.fixture
def demo(app):
    load_demo(shops=300, seed=1, today=date.today())
    prepare_demo()


class Visitor:
    """One person's browser without JavaScript: pages fetched, problems with titles noted."""

    def __init__(self, client):
        self.client = client
        self.problems: list[str] = []
        self.forms: dict[str, BeautifulSoup] = {}

    def fetch(self, url: str) -> tuple[str, str | None]:
        response = self.client.get(url, follow_redirects=True)
        final = response.request.path + (f"?{response.request.query_string.decode()}"
                                         if response.request.query_string else "")
        assert response.status_code < 500, (url, response.status_code)
        if response.mimetype != "text/html":
            return final, None
        html = response.get_data(as_text=True)
        self.check(final, html)
        form = BeautifulSoup(html, "html.parser").select_one("main form[method=post]")
        if form is not None:
            self.forms.setdefault(final, form)
        return final, html

    def check(self, url: str, html: str) -> None:
        if problem := title_problem(html):
            self.problems.append(f"{url}: {problem}")

    def send_blank(self, url: str, form) -> None:
        """Send the form with every field left empty but the hidden ones, as a hasty user does."""
        data = {field["name"]: field.get("value", "")
                for field in form.select("input[type=hidden][name]")}
        response = self.client.post(form.get("action") or url, data=data, follow_redirects=True)
        assert response.status_code < 500, (url, response.status_code)
        if response.mimetype == "text/html":
            self.check(f"{url} (sent blank)", response.get_data(as_text=True))


@pytest.mark.parametrize("name", [*DEMO_USERS, "signed out"])
def test_every_page_a_role_reaches_has_one_h1_and_a_title_that_starts_with_it(
        app, client, demo, name):
    email, role = DEMO_USERS.get(name, (None, None))
    if email:
        client.post("/sign-in", data={"email": email, "password": DEMO_PASSWORD})
    visitor = Visitor(client)
    visited = Crawl(app, role).run(seed_urls(app, role), visitor.fetch)

    assert client.get(MISSING).status_code == 404
    if role:
        refused = client.get(REFUSED[role])
        assert refused.status_code == 403
        visitor.check(f"{REFUSED[role]} (refused)", refused.get_data(as_text=True))
    for url, form in visitor.forms.items():
        visitor.send_blank(url, form)

    assert visitor.problems == [], "\n".join(visitor.problems)
    assert set(unvisited_routes(app, role, visited)) <= WALKED_NOT_CRAWLED
