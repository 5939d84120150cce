"""The rules around recording: one shop per client id, staff never shop their own block, a
shopper sees and changes only their own shops and only until a coordinator verifies them."""

import uuid
from datetime import UTC, datetime

import pytest

from shopper.domain.states import ShopStatus
from shopper.extensions import db
from shopper.models import AuditEvent, ShopDraft
from shopper.services.audit import Actor
from shopper.services.follow_up.disputes import exclude_shop
from tests.integration.test_record_council import (
    CHRISTMAS_EVE,
    Recorder,
    make_council,
    results,
    shops,
    when,
)

TESTS = Actor("the tests")

CALL_AT = datetime(2026, 12, 24, 9, 30, tzinfo=UTC)
ENGAGED = {"when": when(CALL_AT), "outcome": {"outcome": "engaged"}, "notes": {"notes": ""}}
VOICEMAIL_WITH_MESSAGE = {
    "when": when(CALL_AT), "outcome": {"outcome": "voicemail"}, "rings": {"rings": "3"},
    "held": {"held": "no"}, "away": {"away": "unknown"},
    "message": {"message": "yes"}, "message-time": {"time": "09:31"},
    "items-vm": {"vm1": "met", "vm2": "met", "vm3": "met", "vm4": "met", "vm5": "met",
                 "vm7": "met"},
    "notes": {"notes": ""}}


@pytest.fixture
def council(app):
    return make_council()


@pytest.fixture
def recorder(client, council):
    return Recorder(client).sign_in(council.councillor)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    def set_to(at: datetime) -> None:
        monkeypatch.setattr("shopper.services.recording.drafts.now", lambda: at)

    set_to(CHRISTMAS_EVE)
    return set_to


def record_engaged_call(recorder: Recorder, number: str = "0113 496 0001"):
    recorder.start()
    recorder.post({"number": number})
    recorder.walk(ENGAGED)
    return recorder.page()


def check_form(recorder: Recorder) -> dict:
    form = recorder.page().select_one("input[name=fingerprint]").find_parent("form")
    return {field["name"]: field.get("value", "") for field in form.select("input[name]")}


def test_the_same_submission_again_returns_the_shop_already_made(recorder):
    record_engaged_call(recorder)
    check_path, sent = recorder.path, check_form(recorder)
    first = recorder.submit()
    shop_path = recorder.path
    for _ in range(3):  # a double tap, then a phone retrying on a bad signal
        page = recorder.post(sent, path=check_path)
        assert recorder.path == shop_path
        assert results(page) == results(first)
    assert len(shops()) == 1
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity == "shop")).all()
    assert [event.action for event in events] == ["submitted"]


def test_the_same_id_with_different_content_is_refused(recorder):
    record_engaged_call(recorder)
    check_path, stale = recorder.path, check_form(recorder)
    recorder.submit()
    (shop,) = shops()
    # The shopper's other tab still shows the check page of an earlier version of the answers.
    stale["fingerprint"] = "0" * 64
    page = recorder.post(stale, path=check_path, status=409)
    assert recorder.errors() == [
        "You have already submitted this shop with different answers, so these answers were "
        "not saved. See the shop you submitted to change it"]
    assert page.title.text.startswith("Error: ")
    assert page.select_one(".govuk-error-summary a")["href"] == f"/record/shops/{shop.id}"
    (unchanged,) = shops()
    assert unchanged.content_hash == shop.content_hash


def test_answers_changed_since_the_check_page_are_checked_again_before_submitting(recorder):
    record_engaged_call(recorder)
    check_path, sent = recorder.path, check_form(recorder)
    recorder.get(check_path.replace("/check", "/notes"))
    recorder.post({"notes": "Added in another tab"})
    recorder.post(sent, path=check_path, status=409)
    assert recorder.errors() == [
        "Your answers changed since this page was shown: check them and submit again"]
    assert shops() == []
    page = recorder.submit()
    assert "Your call has been recorded" in page.text
    assert shops()[0].notes == "Added in another tab"


def test_a_submitted_shop_can_be_changed_until_it_is_verified(recorder):
    record_engaged_call(recorder)
    page = recorder.submit()
    shop_path = recorder.path
    recorder.get(page.find("a", string="Change your answers")["href"])
    recorder.get(recorder.path.replace("/check", "/notes"))
    recorder.post({"notes": "The line was engaged three times in ten minutes"})
    assert recorder.step == "check"
    page = recorder.submit()
    assert "Your changes have been saved" in page.text
    (shop,) = shops()
    assert shop.notes == "The line was engaged three times in ten minutes"
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity == "shop")).all()
    assert [event.action for event in events] == ["submitted", "changed"]
    assert events[1].before["notes"] == "" and events[1].after["notes"] == shop.notes

    shop.status = ShopStatus.VERIFIED
    db.session.commit()
    page = recorder.get(shop_path)
    assert page.find("a", string="Change your answers") is None
    assert "verified this shop, so it can no longer be changed" in page.text
    draft_path = f"/record/call/{shop.client_id}"
    for path in (f"{draft_path}/check", f"{draft_path}/notes", f"{draft_path}/outcome"):
        recorder.get(path)
        assert recorder.path == shop_path
    recorder.post({"notes": "Sneaky"}, path=f"{draft_path}/notes")
    recorder.post({"fingerprint": "x", "base": shop.content_hash}, path=f"{draft_path}/check")
    assert shops()[0].notes == "The line was engaged three times in ten minutes"


def test_an_excluded_shop_is_read_only_and_says_so_in_fixed_words(recorder):
    record_engaged_call(recorder)
    recorder.submit()
    (shop,) = shops()
    exclude_shop(shop, "Wrong number", actor=TESTS)
    db.session.commit()
    page = recorder.get(f"/record/shops/{shop.id}")
    assert "Excluded" in page.select_one(".govuk-tag").text
    assert "upheld a dispute about this shop and excluded it, so it counts in no results" \
        in page.text
    assert "Wrong number" not in page.text, "the reason may name an officer: shoppers never see it"
    assert page.find("a", string="Change your answers") is None


def test_another_shoppers_shops_and_drafts_are_not_found(council, client, recorder):
    record_engaged_call(recorder)
    check_path = recorder.path
    recorder.submit()
    (shop,) = shops()
    record_engaged_call(recorder)  # a second, unsubmitted draft
    draft_path = recorder.path.rsplit("/", 1)[0]
    client.post("/sign-out")
    other = Recorder(client).sign_in(council.other)
    for path in (f"/record/shops/{shop.id}", check_path, check_path.replace("/check", "/when"),
                 f"{draft_path}/check", f"{draft_path}/notes", draft_path,
                 f"/record/visit/{shop.client_id}/check"):
        page = other.get(path, status=404)
        assert page.h1.text.strip() == "Page not found"
    response = client.post(f"{draft_path}/notes", data={"notes": "mine now"})
    assert response.status_code == 404
    other.get("/record")
    assert "You have not recorded any shops yet." in other.page().text


def test_a_member_of_staff_cannot_record_a_call_to_their_own_block(council, client):
    staff = Recorder(client).sign_in(council.staff)
    staff.start()
    staff.post({"number": "0113 496 0101"})
    assert staff.field_errors() == [
        "You cannot record a call to Planning: it is your own service block. Choose a number "
        "in another service"]
    assert staff.page().select_one("input[name=number]")["value"] == "0113 496 0101"
    find = staff.path.replace("/number", "/find-line")
    page = staff.get(f"{find}?q=development")
    assert "No lines match “development”" in page.text
    staff.post({"line_id": str(council.planning_line.id)}, path=find)
    assert staff.errors() == ["Select the line you called"]
    staff.get(staff.path.replace("/find-line", "/number"))
    page = staff.post({"number": "020 7946 0999"})
    options = [label.get_text(strip=True) for label in page.select(".govuk-radios__label")]
    assert options == ["Housing", "Revenues & Benefits"]
    staff.post({"block_id": str(council.planning.id)})
    assert staff.errors() == ["Select the service you were trying to reach"]
    assert shops() == []


def test_a_member_of_staff_moved_into_the_block_they_are_recording_is_refused_at_submit(
        council, client):
    staff = Recorder(client).sign_in(council.staff)
    record_engaged_call(staff, "0113 496 0001")  # Revenues & Benefits, not their block yet
    council.staff.service_block_id = council.revenues.id
    db.session.commit()
    staff.submit()
    assert "You cannot record a shop of Revenues & Benefits, your own service block: " \
           "choose another" in staff.errors()
    assert shops() == []


def test_a_member_of_staff_never_visits_their_own_block(council, client):
    staff = Recorder(client).sign_in(council.staff)
    page = staff.start("visit")
    options = [label.get_text(strip=True) for label in page.select(".govuk-radios__label")]
    assert options == ["Civic Centre", "Northgate Family Hub"]  # not the Planning Office
    staff.post({"reception_point_id": str(council.planning_office.id)})
    assert staff.errors() == ["Select the reception you visited"]
    # The Civic Centre serves Planning too, so the visit can only be about Revenues & Benefits.
    staff.post({"reception_point_id": str(council.civic_centre.id)})
    assert staff.step == "arrival"


def test_never_called_back(council, recorder, clock):
    recorder.start()
    recorder.post({"number": "0113 496 0001"})
    recorder.walk(VOICEMAIL_WITH_MESSAGE)
    page = recorder.submit()
    assert "Waiting for a callback" in page.select_one(".govuk-tag").text
    recorder.get(page.find("a", string="Record their callback")["href"])
    recorder.post({"callback": "no"})
    assert recorder.step == "check"
    assert "No, they never called back" in recorder.page().text
    page = recorder.submit()
    assert page.select_one(".app-callback").text == (
        "They never called back. They should have by 5pm on Tuesday 29 December 2026.")
    assert results(page)[1] == ("Voicemail: 85.7% — meets the standard. Missing: a callback "
                                "within the target.")
    assert shops()[0].awaiting_until is None


def test_a_late_callback_to_the_answering_machine_asks_whether_they_left_name_and_number(
        council, recorder, clock):
    recorder.start()
    recorder.post({"number": "0113 496 0001"})
    recorder.walk(VOICEMAIL_WITH_MESSAGE)
    recorder.submit()
    clock(datetime(2026, 12, 31, 12, tzinfo=UTC))
    page = recorder.get("/")
    assert page.select_one(".app-shop-list") is None  # the deadline has passed
    recorder.get(f"/record/call/{shops()[0].client_id}/callback")
    recorder.post({"callback": "yes"})
    recorder.post(when(datetime(2026, 12, 30, 15, 45, tzinfo=UTC)))
    recorder.post({"callback_withheld": "yes", "callback_answering_machine": "yes"})
    assert recorder.step == "items-vm"
    legends = [legend.get_text(strip=True) for legend in recorder.page().select("legend")]
    assert legends[-1].startswith("When the callback reached your answering machine")
    recorder.post({**VOICEMAIL_WITH_MESSAGE["items-vm"], "vm10": "not_met"})
    assert recorder.step == "check"
    page = recorder.submit()
    assert results(page)[1] == (
        "Voicemail: 66.7% — does not meet the standard. Missing: a callback within the target; "
        "a callback number that was not withheld; a name and number left on your answering "
        "machine.")
    assert page.select_one(".app-callback").text == (
        "They called back at 3:45pm on Wednesday 30 December 2026, after the deadline of 5pm "
        "on Tuesday 29 December 2026.")


def test_an_unfinished_draft_waits_on_the_home_page(council, recorder):
    recorder.start()
    recorder.post({"number": "0113 496 0001"})
    recorder.post(when(CALL_AT))
    page = recorder.get("/")
    (link,) = [a for a in page.select(".app-shop-list a")
               if a.text.strip() == "0113 496 0001, Council Tax, Revenues & Benefits"]
    recorder.get(link["href"])
    assert recorder.step == "outcome"
    assert db.session.scalar(db.select(db.func.count()).select_from(ShopDraft)) == 1


def test_a_made_up_draft_id_starts_an_empty_draft_and_a_wrong_channel_is_not_found(recorder):
    draft_id = uuid.uuid4()
    page = recorder.get(f"/record/call/{draft_id}/number")
    assert page.h1.text.strip() == "Which number did you call?"
    recorder.get(f"/record/call/{draft_id}/check")
    assert recorder.step == "number"
    recorder.get(f"/record/phone/{draft_id}/number", status=404)
    recorder.get(f"/record/call/{draft_id}/no-such-page")
    assert recorder.step == "number"
