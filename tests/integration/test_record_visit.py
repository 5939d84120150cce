"""Recording reception visits through the Flask test client, as a phone without JavaScript does."""

from datetime import UTC, date, datetime

import pytest

from shopper.extensions import db
from shopper.models import Assignment
from tests.integration.test_record_council import (
    CHRISTMAS_EVE,
    Recorder,
    assign,
    make_council,
    results,
    shops,
    when,
)

ARRIVED = datetime(2026, 12, 24, 9, 0, tzinfo=UTC)
RECEPTION_ANSWERS = {"rc3": "met", "rc4": "met", "rc5": "met", "rc6": "met", "rc7": "not_met",
                     "rc9": "met", "rc10": "met"}


@pytest.fixture
def council(app):
    return make_council()


@pytest.fixture
def recorder(client, council):
    return Recorder(client).sign_in(council.councillor)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr("shopper.services.recording.drafts.now", lambda: CHRISTMAS_EVE)


def test_a_visit_to_a_family_reception_asks_about_toys(council, recorder):
    page = recorder.start("visit")
    assert page.select_one("legend").get_text(strip=True) == "Which reception did you visit?"
    hints = [hint.get_text(strip=True) for hint in page.select(".govuk-radios__hint")]
    assert "Northgate Road, Anytown AN2 4CD" in hints
    recorder.post({"reception_point_id": str(council.family_hub.id)})
    seen = recorder.walk({
        "arrival": when(ARRIVED),
        "acknowledged": {"acknowledged_minutes": "1.5"},
        "seen": {"seen": "yes"}, "seen-minutes": {"seen_minutes": "8"},
        "items-rc": {**RECEPTION_ANSWERS, "rc8": "met"},
        "notes": {"notes": ""}})
    assert seen == ["arrival", "acknowledged", "seen", "seen-minutes", "items-rc", "notes"]
    page = recorder.page()
    summary = {row.dt.text.strip(): row.dd.text.strip()
               for row in page.select(".govuk-summary-list__row")}
    assert summary["Reception"] == "Northgate Family Hub"
    assert summary["When you arrived"] == "24 December 2026 at 9am"
    assert summary["Acknowledged"] == "After 1.5 minutes"
    assert summary["Seen"] == "Yes"
    assert summary["Seen after"] == "8 minutes"
    assert summary["Were children's toys or a play area available?"] == "Yes"
    page = recorder.submit()
    assert "Your visit has been recorded" in page.text
    assert page.h1.text == "Your visit on 24 December 2026 at 9am"
    assert results(page) == [
        "Reception: 90.0% — meets the standard. Missing: service standards, opening hours and "
        "how to complain on display."]
    (shop,) = shops()
    assert (shop.channel, shop.service_block_id, str(shop.acknowledged_minutes),
            str(shop.seen_minutes)) == ("visit", council.housing.id, "1.5", "8.0")


def test_a_reception_serving_several_services_asks_which_and_never_seen_fails_rc2(
        council, recorder):
    recorder.start("visit")
    recorder.post({"reception_point_id": str(council.civic_centre.id)})
    assert recorder.step == "visit-service"
    options = [label.get_text(strip=True) for label in recorder.page().select(
        ".govuk-radios__label")]
    assert options == ["Planning", "Revenues & Benefits"]
    recorder.post({"block_id": str(council.revenues.id)})
    recorder.walk({
        "arrival": when(ARRIVED),
        "acknowledged": {"acknowledged_minutes": "3"},
        "seen": {"seen": "no"},
        "items-rc": RECEPTION_ANSWERS,
        "notes": {"notes": "Nobody came to the desk"}})
    codes = [row.dt.text.strip() for row in recorder.page().select(".govuk-summary-list__row")]
    assert "Were children's toys or a play area available?" not in codes
    page = recorder.submit()
    assert results(page) == [
        "Reception: 66.7% — does not meet the standard. Missing: acknowledgement within the "
        "greeting target; being seen within the waiting target; service standards, opening "
        "hours and how to complain on display."]
    (shop,) = shops()
    assert shop.service_block_id == council.revenues.id and shop.seen_minutes is None


def test_an_assigned_visit_starts_at_arrival_and_fulfils_the_assignment(council, recorder):
    assignment = assign(council.councillor, date(2026, 12, 31), point=council.civic_centre,
                        block=council.planning)
    page = recorder.get("/")
    recorder.get(page.find("a", href=f"/record/visit/new?assignment={assignment.id}")["href"])
    assert recorder.step == "arrival"
    recorder.walk({
        "arrival": when(ARRIVED), "acknowledged": {"acknowledged_minutes": "0"},
        "seen": {"seen": "yes"}, "seen-minutes": {"seen_minutes": "2"},
        "items-rc": RECEPTION_ANSWERS,
        "notes": {"notes": ""}})
    assert "Planning" in recorder.page().select_one(".govuk-summary-list").text
    recorder.submit()
    (shop,) = shops()
    assert shop.service_block_id == council.planning.id
    assert db.session.get(Assignment, assignment.id).shop_id == shop.id


def test_someone_elses_assignment_is_not_found(council, client):
    assignment = assign(council.other, date(2026, 12, 31), point=council.civic_centre)
    recorder = Recorder(client).sign_in(council.councillor)
    recorder.get(f"/record/visit/new?assignment={assignment.id}", status=404)
    recorder.get(f"/record/call/new?assignment={assignment.id}", status=404)
