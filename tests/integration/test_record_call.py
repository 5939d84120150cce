"""Recording calls through the Flask test client, page by page, as a phone without JavaScript does.

Each test reads what the shopper reads at the end: the result in plain English.
"""

from datetime import UTC, datetime

import pytest

from shopper.extensions import db
from shopper.models import AuditEvent
from tests.integration.test_record_council import (
    CHRISTMAS_EVE,
    Recorder,
    make_council,
    results,
    shops,
    when,
)

VOICEMAIL_ANSWERS = {"vm1": "met", "vm2": "met", "vm3": "met", "vm4": "not_met", "vm5": "met",
                     "vm7": "met"}
PERSON_ANSWERS = {"ta3": "met", "ta4": "met", "ta5": "met", "ta6": "not_met"}


@pytest.fixture
def council(app):
    return make_council()


@pytest.fixture
def recorder(client, council):
    return Recorder(client).sign_in(council.councillor)


@pytest.fixture
def clock(monkeypatch):
    """Set the moment the app thinks it is."""

    def set_to(at: datetime) -> None:
        monkeypatch.setattr("shopper.services.recording.drafts.now", lambda: at)

    set_to(CHRISTMAS_EVE)
    return set_to


def test_the_worked_example_voicemail_then_its_callback(council, recorder, clock):
    """The worked example: a hunt group's voicemail after 7 rings, no extension in its greeting,
    a message left at 10am on Christmas Eve 2026 and returned at 11:30 on 29 December."""
    page = recorder.start()
    assert page.h1.text.strip() == "Which number did you call?"
    recorder.post({"number": "0113 496 0001", "extension": ""})
    assert recorder.step == "when"
    recorder.post(when(datetime(2026, 12, 24, 10, tzinfo=UTC)))
    recorder.post({"outcome": "voicemail"})
    recorder.post({"rings": "7"})
    recorder.post({"held": "no"})
    recorder.post({"away": "no"})
    recorder.post({"message": "yes"})
    page = recorder.page()
    assert page.select_one("input[name=time]")["value"] == "10:00"  # the time of the call
    recorder.post({"time": "10:00"})
    assert recorder.step == "items-vm"
    page = recorder.page()
    assert page.h1.text == "Voicemail"
    assert "You called 0113 496 0001 (Council Tax, Revenues & Benefits): hunt group." in page.text
    legends = [legend.get_text(strip=True) for legend in page.select("legend")]
    assert len(legends) == 5 and "Was an out-of-office greeting used" not in " ".join(legends)
    assert "Could you leave a message?" not in legends  # it follows from the message left
    assert "Could you leave a message? Yes, because you left a message." in page.text
    recorder.post(VOICEMAIL_ANSWERS)
    recorder.post({"notes": "Greeting gave the team but no extension"})
    page = recorder.page()
    assert page.h1.text == "Check your answers"
    summary = {row.dt.text.strip(): row.dd.text.strip()
               for row in page.select(".govuk-summary-list__row")}
    assert summary["When you called"] == "24 December 2026 at 10am"
    assert summary["Rings"] == "7"
    assert summary["Message left"] == "Yes"
    assert summary["Time you left the message"] == "10am"
    assert summary["Did the greeting give the extension or a direct number?"] == "No"

    page = recorder.submit()
    assert "Your call has been recorded" in page.text
    assert results(page) == [
        "Telephone answering: 50.0% — does not meet the standard. Missing: an answer within "
        "the ring target.",
        "Voicemail: 71.4% — does not meet the standard. Missing: the extension number; a "
        "callback within the target.",
    ]
    assert page.select_one(".app-callback").text == (
        "We'll ask you when they call back: they should by 5pm on Tuesday 29 December 2026.")
    (shop,) = shops()
    assert shop.awaiting_until == datetime(2026, 12, 29, 17, tzinfo=UTC)

    clock(datetime(2026, 12, 29, 12, 0, tzinfo=UTC))
    home = recorder.get("/")
    waiting = home.select_one(".app-shop-list")
    assert "They should call back by 5pm on Tuesday 29 December 2026" in waiting.text
    recorder.get(waiting.select_one("a")["href"])
    assert recorder.step == "callback"
    recorder.post({"callback": "yes"})
    recorder.post(when(datetime(2026, 12, 29, 11, 30, tzinfo=UTC)))
    recorder.post({"callback_withheld": "no", "callback_answering_machine": "no"})
    page = recorder.page()
    assert page.h1.text == "Check your answers"
    assert page.select_one("main button").text.strip() == "Save changes"
    page = recorder.submit()
    assert "Your changes have been saved" in page.text
    assert results(page) == [
        "Telephone answering: 50.0% — does not meet the standard. Missing: an answer within "
        "the ring target.",
        "Voicemail: 87.5% — meets the standard. Missing: the extension number.",
    ]
    assert page.select_one(".app-callback").text == (
        "They called back at 11:30am on Tuesday 29 December 2026, in time for the deadline of "
        "5pm on Tuesday 29 December 2026.")
    (shop,) = shops()
    assert shop.awaiting_until is None and shop.callback_at is not None
    events = db.session.scalars(db.select(AuditEvent.action).where(
        AuditEvent.entity == "shop", AuditEvent.entity_id == str(shop.id))).all()
    assert events == ["submitted", "changed"]
    assert "Waiting for a callback" not in recorder.get("/").text


CALL_AT = datetime(2026, 12, 24, 9, 30, tzinfo=UTC)


def test_a_person_answered_after_a_directory_search(council, recorder, clock):
    recorder.start()
    page = recorder.get(recorder.page().find("a", string="Find the number in the council's "
                                                          "directory instead")["href"])
    page = recorder.get(recorder.path.split("?")[0] + "?q=benefits+enquiries")
    options = [label.get_text(" ", strip=True) for label in page.select(".govuk-radios__label")]
    assert options == ["0113 496 0002"]
    hint = page.select_one(".govuk-radios__hint").text.strip()
    assert hint == "Benefits Enquiries, Revenues & Benefits (individual handset)"
    assert "Priya" not in page.text  # officers' names are never shown to shoppers
    recorder.post({"line_id": str(council.benefits.id)}, path=recorder.path)
    assert recorder.step == "when"
    seen = recorder.walk({
        "when": when(CALL_AT), "outcome": {"outcome": "person"}, "rings": {"rings": "3"},
        "held": {"held": "yes"},
        "items-ta": {**PERSON_ANSWERS, "ta7": "met"}, "notes": {"notes": ""}})
    assert seen == ["when", "outcome", "rings", "held", "items-ta", "notes"]
    page = recorder.submit()
    assert results(page) == [
        "Telephone answering: 85.7% — meets the standard. Missing: a resolved or correctly "
        "redirected enquiry."]
    assert page.select_one(".app-callback") is None
    (shop,) = shops()
    assert (shop.line_id, shop.dialled_number, shop.number_flagged) == (
        council.benefits.id, "+441134960002", False)


def test_nobody_answered(council, recorder, clock):
    recorder.start()
    recorder.post({"number": "01134960001"})
    seen = recorder.walk({"when": when(CALL_AT), "outcome": {"outcome": "no_answer"},
                          "rings": {"rings": ""}, "held": {"held": "no"}, "notes": {"notes": ""}})
    assert seen == ["when", "outcome", "rings", "held", "notes"]
    page = recorder.submit()
    assert results(page) == [
        "Telephone answering: 0.0% — does not meet the standard. Missing: an answer within the "
        "ring target; reaching a person or voicemail (critical)."]
    (shop,) = shops()
    assert shop.rings is None and shop.outcome == "no_answer"


def test_an_engaged_line_asks_neither_rings_nor_hold(council, recorder, clock):
    recorder.start()
    recorder.post({"number": "0113 496 0001"})
    seen = recorder.walk({"when": when(CALL_AT), "outcome": {"outcome": "engaged"},
                          "notes": {"notes": ""}})
    assert seen == ["when", "outcome", "notes"]
    assert "Telephone answering: 0.0%" in results(recorder.submit())[0]


def test_a_number_not_in_the_directory_is_flagged_and_its_service_chosen(
        council, recorder, clock):
    recorder.start()
    page = recorder.post({"number": "020 7946 0999", "extension": "12"})
    assert recorder.step == "service"
    assert page.select_one("legend").get_text(strip=True) == (
        "Which service were you trying to reach?")
    options = [label.get_text(strip=True) for label in page.select(".govuk-radios__label")]
    assert options == ["Housing", "Planning", "Revenues & Benefits"]
    recorder.post({"block_id": str(council.planning.id)})
    recorder.walk({"when": when(CALL_AT), "outcome": {"outcome": "engaged"},
                   "notes": {"notes": ""}})
    summary = recorder.page().select_one(".govuk-summary-list").text
    assert "020 7946 0999 ext. 12 (not in the directory)" in summary
    assert "Planning" in summary
    page = recorder.submit()
    assert "not in the council's directory, so your coordinator will check it" in page.text
    (shop,) = shops()
    assert (shop.line_id, shop.dialled_number, shop.dialled_extension, shop.number_flagged,
            shop.service_block_id) == (None, "+442079460999", "12", True, council.planning.id)


@pytest.mark.parametrize("typed", [
    {"number": "0113 496 0003 ext. 2201"},
    {"number": "0113 496 0003", "extension": "2201"},
    {"number": "+44 113 496 0003;ext=2201"},
])
def test_an_extension_picks_out_its_directory_line(council, recorder, clock, typed):
    recorder.start()
    recorder.post(typed)
    assert recorder.step == "when"
    recorder.walk({"when": when(CALL_AT), "outcome": {"outcome": "engaged"},
                   "notes": {"notes": ""}})
    assert "0113 496 0003 ext. 2201 (Council Tax, Revenues & Benefits)" in recorder.page().text
    recorder.submit()
    assert shops()[0].line_id == council.with_extension.id


def test_an_officer_known_to_be_away_is_asked_about_the_out_of_office_greeting(
        council, recorder, clock):
    recorder.start()
    recorder.post({"number": "0113 496 0002"})
    recorder.walk({"when": when(CALL_AT), "outcome": {"outcome": "voicemail"},
                   "rings": {"rings": "2"}, "held": {"held": "no"}, "away": {"away": "yes"},
                   "message": {"message": "no"}}, until="items-vm")
    codes = [field["name"] for field in recorder.page().select("input[type=radio][value=met]")]
    assert codes == ["vm1", "vm2", "vm3", "vm4", "vm5", "vm6", "vm7"]
    recorder.walk({"items-vm": {**VOICEMAIL_ANSWERS, "vm6": "not_met"}, "notes": {"notes": ""}})
    page = recorder.submit()
    assert results(page)[1] == ("Voicemail: 71.4% — does not meet the standard. Missing: the "
                                "extension number; an out-of-office greeting.")
    assert page.select_one(".app-callback").text == (
        "You did not leave a message, so there is no callback deadline.")


def test_a_change_from_the_check_page_asks_only_what_it_makes_apply(council, recorder, clock):
    recorder.start()
    recorder.post({"number": "0113 496 0001"})
    recorder.walk({"when": when(CALL_AT), "outcome": {"outcome": "no_answer"},
                   "rings": {"rings": "9"}, "held": {"held": "no"}, "notes": {"notes": ""}})
    page = recorder.page()
    change = page.select_one('.govuk-summary-list a[href$="/outcome"]')
    assert change.select_one(".govuk-visually-hidden").text.strip() == "what happened"
    recorder.get(change["href"])
    recorder.post({"outcome": "person"})
    assert recorder.step == "items-ta"  # rings and hold were answered already
    recorder.post(PERSON_ANSWERS)
    assert recorder.step == "check"
    recorder.get(recorder.path.replace("/check", "/rings"))
    recorder.post({"rings": "4"})
    assert recorder.step == "check"
    page = recorder.submit()
    assert results(page) == [
        "Telephone answering: 83.3% — meets the standard. Missing: a resolved or correctly "
        "redirected enquiry."]


def test_every_page_works_without_javascript(council, recorder, clock):
    """Each page is a plain form that posts to the server: one question, nothing hidden."""
    recorder.start()
    recorder.post({"number": "0113 496 0001"})
    pages = {"when": when(CALL_AT), "outcome": {"outcome": "voicemail"},
             "rings": {"rings": "2"}, "held": {"held": "no"}, "away": {"away": "no"},
             "message": {"message": "yes"}, "message-time": {"time": "9:32am"},
             "items-vm": VOICEMAIL_ANSWERS, "notes": {"notes": ""}}
    while recorder.step != "check":
        page = recorder.page()
        form = page.select_one("main form")
        assert form["method"] == "post" and form.select_one("button[type=submit]")
        assert not page.select(".govuk-radios__conditional"), recorder.step
        recorder.post(pages[recorder.step])
    recorder.submit()
    assert shops()[0].message_left_at == datetime(2026, 12, 24, 9, 32, tzinfo=UTC)
