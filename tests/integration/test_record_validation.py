"""Every page refuses nonsense with a message that says what to do, and keeps what was typed.

Each case reaches a page the way a shopper would, sends it something wrong, and reads the error
summary and the message beside the field; nothing is saved, and nothing returns a 500.
"""

from datetime import UTC, datetime

import pytest

from shopper import create_app
from shopper.models import ShopDraft
from tests.integration.test_record_council import (
    CHRISTMAS_EVE,
    Recorder,
    make_council,
    shops,
    when,
)

CALL_AT = datetime(2026, 12, 24, 9, 30, tzinfo=UTC)
TIME = "like 2:30pm or 14:30"
VOICEMAIL = {"when": when(CALL_AT), "outcome": {"outcome": "voicemail"}, "rings": {"rings": "3"},
             "held": {"held": "no"}, "away": {"away": "no"},
             "message": {"message": "yes"}, "message-time": {"time": "09:31"}}
VM_ANSWERS = {"vm1": "met", "vm2": "met", "vm3": "met", "vm4": "met", "vm5": "met", "vm7": "met"}


@pytest.fixture
def council(app):
    return make_council()


@pytest.fixture
def recorder(client, council):
    return Recorder(client).sign_in(council.councillor)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr("shopper.services.recording.drafts.now", lambda: CHRISTMAS_EVE)


def reach(recorder: Recorder, step: str, channel: str = "call", pages: dict | None = None,
          reception=None):
    recorder.start(channel)
    if channel == "call":
        recorder.post({"number": "0113 496 0001"})
    else:
        recorder.post({"reception_point_id": str(reception.id)})
    if step != recorder.step:
        recorder.walk(pages or VOICEMAIL, until=step)


def refused(recorder: Recorder, data: dict, message: str, status: int = 200) -> None:
    before = recorder.path
    recorder.post(data, status=status)
    assert recorder.path == before, "a refused page stays where it is"
    assert recorder.errors() == [message] if isinstance(message, str) else message
    assert recorder.field_errors()[0] == (message if isinstance(message, str) else message[0])
    assert recorder.page().title.text.startswith("Error: ")


def value_of(recorder: Recorder, name: str) -> list[str]:
    return [field.get("value", "") for field in recorder.page().select(f"input[name={name}]")]


@pytest.mark.parametrize(("data", "message"), [
    ({"number": ""}, "Enter the number you called, like 0113 496 0000"),
    ({"number": "not a number"},
     "Enter a phone number, like 0113 496 0000, not 'not a number'"),
    ({"number": "0113 000"}, "Enter a real phone number, like 0113 496 0000: '0113 000' is not "
                             "one"),
    ({"number": "+33 1 42 68 53 00"}, "Enter a UK phone number, like 0113 496 0000"),
    ({"number": "0113 496 0001", "extension": "22a"},
     "Enter the extension as up to 10 digits, like 2201"),
    ({"number": "0" * 41}, "Enter the number you called, like 0113 496 0000"),
])
def test_the_number_page(council, recorder, data, message):
    recorder.start()
    refused(recorder, data, message)
    assert value_of(recorder, "number") == [data["number"]]
    assert ShopDraft.query.count() == 0


def test_the_directory_search_and_choice(council, recorder):
    recorder.start()
    find = recorder.path.replace("/number", "/find-line")
    recorder.get(f"{find}?q={'x' * 101}")
    assert recorder.field_errors() == ["Enter 100 characters or fewer"]
    recorder.get(f"{find}?q=council+tax")
    refused(recorder, {}, "Select the line you called")
    recorder.post({"line_id": "999999"})
    assert recorder.errors() == ["Select the line you called"]
    recorder.post({"line_id": "not a line"})
    assert recorder.errors() == ["Select the line you called"]


def test_the_service_page(council, recorder):
    recorder.start()
    recorder.post({"number": "020 7946 0999"})
    refused(recorder, {}, "Select the service you were trying to reach")
    refused(recorder, {"block_id": "999999"}, "Select the service you were trying to reach")


@pytest.mark.parametrize(("date", "time", "message"), [
    (["", "", ""], "10:00", "Enter the date of the call"),
    (["24", "", "2026"], "10:00", "The date of the call must include a month"),
    (["", "", "2026"], "10:00", "The date of the call must include a day and month"),
    (["31", "2", "2026"], "10:00", "The date of the call must be a real date, like 24 12 2026"),
    (["x", "12", "2026"], "10:00", "The date of the call must be a real date, like 24 12 2026"),
    (["99999999999999999999", "12", "2026"], "10:00",
     "The date of the call must be a real date, like 24 12 2026"),
    (["24", "12", "26"], "10:00", "The year must include 4 numbers, like 2026"),
    (["24", "12", "2026"], "", f"Enter the time of the call, {TIME}"),
    (["24", "12", "2026"], "25:00", f"Enter the time of the call as a time of day, {TIME}"),
    (["24", "12", "2026"], "13pm", f"Enter the time of the call as a time of day, {TIME}"),
    (["24", "12", "2026"], "soon", f"Enter the time of the call as a time of day, {TIME}"),
    (["24", "12", "2026"], "10:30", "Enter a time for the call that is not in the future"),
    (["25", "12", "2026"], "09:00", "Enter a time for the call that is not in the future"),
])
def test_the_when_page(council, recorder, date, time, message):
    reach(recorder, "when")
    refused(recorder, {"date": date, "time": time}, message)
    page = recorder.page()
    in_error = page.select_one(".govuk-form-group--error .govuk-form-group--error, "
                               ".govuk-form-group--error input")
    wrong = "time" if time in ("", "25:00", "13pm", "soon", "10:30") else "date"
    assert in_error["name"] == wrong
    assert value_of(recorder, "date") == date
    assert value_of(recorder, "time") == [time]


@pytest.mark.parametrize("typed", ["9:30am", "09:30", "9.30", "930", "9:30 AM", "0930"])
def test_times_are_typed_as_people_write_them(council, recorder, typed):
    reach(recorder, "when")
    recorder.post({"date": ["24", "12", "2026"], "time": typed})
    assert recorder.step == "outcome"


@pytest.mark.parametrize(("step", "data", "message"), [
    ("outcome", {}, "Select what happened when you called"),
    ("outcome", {"outcome": "hung_up"}, "Select what happened when you called"),
    ("rings", {"rings": "three"}, "Enter the number of rings as a whole number, like 3"),
    ("rings", {"rings": "-1"}, "Enter the number of rings as a whole number, like 3"),
    ("rings", {"rings": ""}, "Enter the number of rings before the call was answered, like 3"),
    ("rings", {"rings": "100"}, "Enter the number of rings as a whole number from 0 to 99"),
    ("held", {}, "Select yes if you were put on hold or transferred"),
    ("held", {"held": "maybe"}, "Select yes if you were put on hold or transferred"),
    ("away", {}, "Select whether the officer was away that day"),
    ("message", {}, "Select yes if you left a message"),
    ("message", {"message": "perhaps"}, "Select yes if you left a message"),
    ("message-time", {"time": ""}, f"Enter the time of your message, {TIME}"),
    ("message-time", {"time": "half nine"},
     f"Enter the time of your message as a time of day, {TIME}"),
    ("message-time", {"time": "9:00"},
     "Enter a time the message was left that is not before the time of the call"),
    ("message-time", {"time": "10:30"},
     "Enter a time the message was left that is not in the future"),
])
def test_the_call_pages(council, recorder, step, data, message):
    reach(recorder, step)
    refused(recorder, data, message)
    if "rings" in data:
        assert value_of(recorder, "rings") == [data["rings"]]
    if data.get("time"):
        assert value_of(recorder, "time") == [data["time"]]


def test_a_message_time_is_not_asked_when_no_message_was_left(council, recorder):
    reach(recorder, "message")
    recorder.post({"message": "no"})
    assert recorder.step == "items-vm"


def test_the_questions_page_names_each_question_left_unanswered(council, recorder):
    reach(recorder, "items-vm")
    recorder.post({"vm1": "met", "vm2": "not sure"})
    assert recorder.errors() == [
        "Select yes or no for “Did the greeting say whose phone you had reached: the officer's "
        "name on an individual line, or the team's name on a shared line?”",
        "Select yes or no for “Did the greeting say which council service you had reached, like "
        "Council Tax?”",
        "Select yes or no for “Did the greeting give the extension or a direct number?”",
        "Select yes or no for “Did the greeting say when to expect a response, or give someone "
        "else to contact and their number?”",
    ]
    assert recorder.page().select_one("input[name=vm1][value=met]").has_attr("checked")
    href = recorder.page().select_one(".govuk-error-summary a")["href"]
    assert recorder.page().select_one(href) is not None


def test_the_notes_page(council, recorder):
    reach(recorder, "notes", pages={**VOICEMAIL, "items-vm": VM_ANSWERS})
    refused(recorder, {"notes": "x" * 2001}, "Enter notes of 2,000 characters or fewer")
    assert recorder.page().select_one("textarea").text.strip() == "x" * 2001


@pytest.mark.parametrize(("step", "data", "message"), [
    ("callback", {}, "Select yes if they called you back"),
    ("callback-when", {"date": ["24", "12", "2026"], "time": "09:00"},
     "Enter a callback time that is not before the time the message was left"),
    ("callback-when", {"date": ["24", "12", "2026"], "time": "11:00"},
     "Enter a callback time that is not in the future"),
    ("callback-details", {}, ["Select yes if their number was withheld",
                              "Select yes if their call went to your answering machine or "
                              "voicemail"]),
])
def test_the_callback_pages(council, recorder, step, data, message):
    reach(recorder, "notes", pages={**VOICEMAIL, "items-vm": VM_ANSWERS})
    recorder.post({"notes": ""})
    recorder.submit()
    recorder.get(f"/record/call/{shops()[0].client_id}/callback")
    if step != "callback":
        recorder.post({"callback": "yes"})
    if step == "callback-details":
        recorder.post(when(datetime(2026, 12, 24, 9, 45, tzinfo=UTC)))
    assert recorder.step == step
    refused(recorder, data, message)


@pytest.mark.parametrize(("step", "data", "message"), [
    ("reception", {}, "Select the reception you visited"),
    ("arrival", {"date": ["24", "12", "2026"], "time": "11:00"},
     "Enter a time for the visit that is not in the future"),
    ("arrival", {"date": ["24", "12", "2026"], "time": ""},
     f"Enter the time of your arrival, {TIME}"),
    ("acknowledged", {"acknowledged_minutes": ""},
     "Enter the minutes until you were acknowledged, like 1.5"),
    ("acknowledged", {"acknowledged_minutes": "a while"},
     "Enter the minutes until you were acknowledged as a number, like 1.5"),
    ("acknowledged", {"acknowledged_minutes": "-2"},
     "Enter the minutes until you were acknowledged as 0 or more, like 1.5"),
    ("seen", {}, "Select yes if you were seen"),
    ("seen-minutes", {"seen_minutes": ""}, "Enter the minutes until you were seen, like 8"),
    ("seen-minutes", {"seen_minutes": "ages"},
     "Enter the minutes until you were seen as a number, like 8"),
    ("seen-minutes", {"seen_minutes": "1"},
     "Enter minutes until you were seen that are no fewer than minutes until acknowledged"),
    ("seen-minutes", {"seen_minutes": "-3"},
     "Enter the minutes until you were seen as 0 or more, like 8"),
    ("seen-minutes", {"seen_minutes": "NaN"},
     "Enter the minutes until you were seen as a number, like 8"),
])
def test_the_visit_pages(council, recorder, step, data, message):
    pages = {"arrival": when(datetime(2026, 12, 24, 9, tzinfo=UTC)),
             "acknowledged": {"acknowledged_minutes": "2"}, "seen": {"seen": "yes"}}
    if step == "reception":
        recorder.start("visit")
    else:
        reach(recorder, step, "visit", pages, council.family_hub)
    refused(recorder, data, message)
    for name, value in data.items():
        if isinstance(value, str) and name != "seen":
            assert value_of(recorder, name) == [value]


def test_a_form_without_its_csrf_token_is_refused_not_saved(council, database_url):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=database_url, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    recorder = Recorder(client)
    token = recorder.get("/sign-in").select_one("input[name=csrf_token]")["value"]
    recorder.post({"email": council.councillor.email, "password": "correct horse",
                   "csrf_token": token}, path="/sign-in")
    page = recorder.start()
    assert page.select_one("form input[name=csrf_token]")
    response = client.post(recorder.path, data={"number": "0113 496 0001"})
    assert response.status_code == 400
    assert "Sorry, there is a problem with that request" in response.get_data(as_text=True)
    assert ShopDraft.query.count() == 0


def test_the_visit_service_page(council, recorder):
    recorder.start("visit")
    recorder.post({"reception_point_id": str(council.civic_centre.id)})
    assert recorder.step == "visit-service"
    refused(recorder, {}, "Select the service you visited about")
    refused(recorder, {"block_id": str(council.housing.id)},
            "Select the service you visited about")  # the Civic Centre does not serve Housing
