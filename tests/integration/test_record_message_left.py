"""A shop never says both that a message was left and that one could not be (VM7): the journey
does not ask VM7 once a message was left (the API and import-shops refuse it: their own tests)."""

from datetime import UTC, datetime

import pytest

from shopper.domain.enums import Answer
from shopper.extensions import db
from shopper.models import Item, ItemAnswer
from tests.integration.test_record_council import (
    CHRISTMAS_EVE,
    Recorder,
    make_council,
    shops,
    when,
)

CALL_AT = datetime(2026, 12, 24, 9, 30, tzinfo=UTC)
NO_MESSAGE = {
    "when": when(CALL_AT), "outcome": {"outcome": "voicemail"}, "rings": {"rings": "3"},
    "held": {"held": "no"}, "away": {"away": "no"}, "message": {"message": "no"},
    "items-vm": {"vm1": "met", "vm2": "met", "vm3": "met", "vm4": "met", "vm5": "met",
                 "vm7": "not_met"},
    "notes": {"notes": ""}}
VM7 = "Could you leave a message?"


@pytest.fixture
def recorder(client, app, monkeypatch):
    monkeypatch.setattr("shopper.services.recording.drafts.now", lambda: CHRISTMAS_EVE)
    council = make_council()
    recorder = Recorder(client).sign_in(council.councillor)
    recorder.start()
    recorder.post({"number": "0113 496 0001"})
    return recorder


def answers(shop) -> dict[str, str]:
    return dict(db.session.execute(
        db.select(Item.code, ItemAnswer.answer).join(Item, Item.id == ItemAnswer.item_id)
        .where(ItemAnswer.shop_id == shop.id)).all())


def summary(recorder: Recorder) -> dict[str, str]:
    return {row.dt.text.strip(): row.dd.text.strip()
            for row in recorder.page().select(".govuk-summary-list__row")}


def test_saying_a_message_was_left_later_replaces_could_not_and_says_so(recorder):
    recorder.walk(NO_MESSAGE)
    assert summary(recorder)[VM7] == "No"

    recorder.get(recorder.path.replace("/check", "/message"))
    recorder.post({"message": "yes"})
    page = recorder.post({"time": "09:31"})

    assert recorder.step == "check"
    banner = page.select_one(".govuk-notification-banner").get_text(" ", strip=True)
    assert ("You said you left a message, so your answer to VM7 “Could you leave a message?” is "
            "now Yes. You had answered No") in banner
    assert summary(recorder)[VM7] == "Yes, because you left a message"
    change = page.find("dt", string=lambda text: text and VM7 in text).find_next("a")
    assert change["href"].split("?")[0].endswith("/message")

    recorder.submit()
    assert answers(shops()[0])["VM7"] == Answer.MET


def test_saying_no_message_after_all_asks_vm7_again_with_the_earlier_answer(recorder):
    recorder.walk(NO_MESSAGE)
    recorder.get(recorder.path.replace("/check", "/message"))
    recorder.post({"message": "yes"})
    recorder.post({"time": "09:31"})
    recorder.get(recorder.path.replace("/check", "/message"))
    recorder.post({"message": "no"})

    assert recorder.step == "check"
    assert summary(recorder)[VM7] == "No"
    assert recorder.page().select_one(".govuk-notification-banner") is None
