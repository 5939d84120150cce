"""Every page each demo role can reach has one h1, and a title that starts with it.

WCAG 2.4.2 (page titled) is something axe-core cannot judge: a screen reader user hears the
title first, so it must say which page this is, as the h1 does. The pages are found from the
URL map with real ids from the demo council and by following every link (tests/site_map.py);
forms are also sent blank, and their error pages' titles start with "Error: ".
"""

import re
from datetime import date, datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from shopper.domain.deadlines import LONDON
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

# Routes no crawl can reach with a GET of its own: each is a step the recording tests walk, or
# a background export's page and file, which exist only after an export of 20,000 shops or
# more (test_export_jobs.py makes one and checks its title against its h1).
WALKED_NOT_CRAWLED = {"/record/<channel>/<uuid:draft_id>/check",
                      "/record/call/<uuid:draft_id>/find-line",
                      "/evidence/files/<token>", "/evidence/files/<token>/download"}


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


def moment(minutes_ago: int) -> dict:
    """A when page's fields for a moment a little while ago, in Europe/London."""
    at = datetime.now(LONDON) - timedelta(minutes=minutes_ago)
    return {"date": [str(at.day), str(at.month), str(at.year)], "time": at.strftime("%H:%M")}


# Each journey: how it starts, then the answers that differ from each page's first choice.
JOURNEYS = {
    "a voicemail, held and away": ("/record/call/new", {
        "number": {"number": "0113 496 0001"}, "when": moment(40),
        "outcome": {"outcome": "voicemail"}, "rings": {"rings": "7"}}),
    "a person, on a number not in the directory": ("/record/call/new", {
        "number": {"number": "020 7946 0999"}, "when": moment(40),
        "outcome": {"outcome": "person"}, "rings": {"rings": "2"}, "held": {"held": "no"}}),
    "a visit": ("/record/visit/new", {
        "arrival": moment(40), "acknowledged": {"acknowledged_minutes": "1.5"},
        "seen-minutes": {"seen_minutes": "8"}}),
    "a callback": (None, {"callback-when": moment(10)}),
}

# Between them, the journeys show every page of recording.
STEPS = {
    "a voicemail, held and away": ["number", "when", "outcome", "rings", "held", "away",
                                   "message", "message-time", "items-ta", "items-vm", "notes",
                                   "check"],
    "a person, on a number not in the directory": ["number", "service", "when", "outcome",
                                                   "rings", "held", "items-ta", "notes", "check"],
    "a visit": ["reception", "visit-service", "arrival", "acknowledged", "seen", "seen-minutes",
                "items-rc", "notes", "check"],
    "a callback": ["callback", "callback-when", "callback-details", "items-vm", "check"],
}


def answers(form, given: dict) -> dict:
    """What a shopper sends: what the page holds, the first choice of each question, and the
    answers given for the page."""
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")
            if field.get("type") not in ("radio", "checkbox")}
    for radio in form.select("input[type=radio]"):
        data.setdefault(radio["name"], radio["value"])
    return {**data, **given}


@pytest.mark.parametrize("journey", JOURNEYS)
def test_every_recording_page_and_its_error_is_titled_by_its_question(
        app, client, demo, journey):
    client.post("/sign-in", data={"email": "cllr.patel@anytown.example",
                                  "password": DEMO_PASSWORD})
    visitor = Visitor(client)
    start, given = JOURNEYS[journey]
    if start is None:  # the callback of the first journey's voicemail
        walk(visitor, *JOURNEYS["a voicemail, held and away"])
        start = callback_link(visitor)
    url, html = visitor.fetch(start)
    steps = walk(visitor, url, given, html)

    assert visitor.problems == [], "\n".join(visitor.problems)
    assert steps[:-1] == STEPS[journey] and steps[-1].startswith("/record/shops/")


def walk(visitor: Visitor, url: str, given: dict, html: str | None = None) -> list[str]:
    """Answer each page to the end, sending each form blank first; the steps seen, in order."""
    if html is None:
        url, html = visitor.fetch(url)
    steps = []
    while "/record/shops/" not in url:
        step = url.split("?")[0].rsplit("/", 1)[-1]
        assert step not in steps, f"{step} again after {steps}: {visitor.problems}"
        steps.append(step)
        if step == "number":
            visitor.fetch(BeautifulSoup(html, "html.parser").find(
                "a", string=re.compile("directory instead"))["href"] + "&q=Council")
        form = BeautifulSoup(html, "html.parser").select_one("main form[method=post]")
        if step != "check":
            visitor.send_blank(url, form)
        response = visitor.client.post(url, data=answers(form, given.get(step, {})),
                                       follow_redirects=True)
        url = response.request.path + (f"?{response.request.query_string.decode()}"
                                       if response.request.query_string else "")
        html = response.get_data(as_text=True)
        visitor.check(url, html)
    return [*steps, url]


def callback_link(visitor: Visitor) -> str:
    home = BeautifulSoup(visitor.client.get("/").get_data(as_text=True), "html.parser")
    return next(link["href"] for link in home.select("main a")
                if link.get_text(" ", strip=True).startswith("Record their callback"))
