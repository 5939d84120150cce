"""Each page of the recording journey costs a handful of SQL statements."""

from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from shopper.extensions import db
from shopper.services.standards import load_catalogue
from tests.integration.test_record_council import make_council, shops, when

CALL_PAGES = {
    "number": {"number": "0113 496 0001", "extension": ""},
    "when": when(datetime(2026, 12, 24, 10, tzinfo=UTC)),
    "outcome": {"outcome": "voicemail"},
    "rings": {"rings": "7"},
    "held": {"held": "no"},
    "away": {"away": "no"},
    "message": {"message": "yes"},
    "message-time": {"time": "10:00"},
    "items-vm": {"vm1": "met", "vm2": "met", "vm3": "met", "vm4": "not_met", "vm5": "met",
                 "vm7": "met"},
    "notes": {"notes": ""},
}


@contextmanager
def counting():
    """The SQL statements run inside the block, as the database receives them."""
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


class Journey:
    """A shopper's browser, each request in a database session of its own as on the server."""

    def __init__(self, client):
        self.client = client
        self.counts: list[tuple[str, int]] = []

    def request(self, method: str, path: str, data: dict | None = None):
        db.session.remove()
        with counting() as statements:
            response = self.client.open(path, method=method, data=data)
        self.counts.append((f"{method} {path.rsplit('/', 1)[-1]}", len(statements)))
        assert response.status_code in (200, 302), (path, response.status_code)
        return response


@pytest.fixture
def journey(client, monkeypatch):
    from tests.integration.test_record_council import CHRISTMAS_EVE, PASSWORD

    monkeypatch.setattr("shopper.services.recording.drafts.now", lambda: CHRISTMAS_EVE)
    council = make_council()
    client.post("/sign-in", data={"email": council.councillor.email, "password": PASSWORD})
    # A running server has read the standards once already; that first read is not a step's.
    load_catalogue()
    return Journey(client)


def test_each_page_of_a_call_costs_at_most_five_statements(journey):
    path = journey.request("GET", "/record/call/new").headers["Location"]
    journey.request("GET", path)
    while not path.endswith("/check"):
        path = journey.request("POST", path, CALL_PAGES[path.rsplit("/", 1)[-1]]).headers[
            "Location"]
        check_page = journey.request("GET", path)
    form = BeautifulSoup(check_page.get_data(as_text=True), "html.parser").select_one(
        "form input[name=fingerprint]").find_parent("form")
    submitted = journey.request("POST", path, {field["name"]: field.get("value", "")
                                               for field in form.select("input[name]")})
    journey.request("GET", submitted.headers["Location"])

    assert len(shops()) == 1
    pages = [(step, count) for step, count in journey.counts if step != "POST check"]
    assert max(count for _, count in pages) <= 5, journey.counts
    # Submitting: the user, the draft and its shop, the standards' key with the settings, the
    # line called; the shop, its answers and its results inserted; on PostgreSQL the block's
    # lock; the three tallies' upserts; the audit entry; the draft marked submitted.
    [submission] = [count for step, count in journey.counts if step == "POST check"]
    assert submission <= 13, journey.counts
    # 24 requests, about four statements each (it was five each before the settings were read
    # with the standards' key).
    assert len(journey.counts) == 24
    assert sum(count for _, count in journey.counts) <= 97, journey.counts


def test_a_shop_sent_to_the_api_costs_at_most_twelve_statements(client, monkeypatch):
    from tests.integration.test_api_shops import NEW_YEAR, WORKED_EXAMPLE
    from tests.integration.test_record_council import PASSWORD

    monkeypatch.setattr("shopper.services.recording.one_request.utcnow", lambda: NEW_YEAR)
    council = make_council()
    client.post("/sign-in", data={"email": council.councillor.email, "password": PASSWORD})
    load_catalogue()
    db.session.remove()
    with counting() as statements:
        response = client.post("/api/v1/shops", json=WORKED_EXAMPLE)

    assert response.status_code == 201
    assert len(shops()) == 1
    # As a submission, less the draft and its update, plus the look-up of the client id.
    assert len(statements) <= 12, statements
