"""Bad input never gives a 500: control characters, numbers out of bounds, ids too large for
the database, periods the calendar cannot hold and shops from before the standards."""

import inspect
import pkgutil
from datetime import UTC, datetime

import pytest
from wtforms import Form

import forms
from forms.fields import RefusesControlCharacters
from shopper.models import Shop, ShopDraft
from tests.integration.test_record_council import (
    CHRISTMAS_EVE,
    Recorder,
    make_council,
    shops,
    when,
)
from tests.integration.test_record_validation import VM_ANSWERS, VOICEMAIL, reach, refused

CONTROL = "Remove the invisible control characters from what you entered: retype it, or paste " \
          "it as plain text"
VISIT = {"arrival": when(datetime(2026, 12, 24, 9, tzinfo=UTC)),
         "acknowledged": {"acknowledged_minutes": "2"}, "seen": {"seen": "yes"}}


@pytest.fixture
def council(app):
    return make_council()


@pytest.fixture
def recorder(client, council):
    return Recorder(client).sign_in(council.councillor)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr("shopper.services.recording.drafts.now", lambda: CHRISTMAS_EVE)


def test_every_form_refuses_control_characters():
    """A form that does not build on forms.fields' bases would take NUL into the database."""
    unguarded = []
    for module in pkgutil.iter_modules(forms.__path__):
        found = __import__(f"forms.{module.name}", fromlist=["*"])
        for name, value in inspect.getmembers(found, inspect.isclass):
            if (issubclass(value, Form) and value.__module__.startswith("forms.")
                    and not issubclass(value, RefusesControlCharacters)):
                unguarded.append(f"{value.__module__}.{name}")
    assert not unguarded, f"build these on AppForm or QueryForm: {unguarded}"


@pytest.mark.parametrize("notes", ["Rang twice\x00", "Bell\x07", "\x1b[31mred", "x\x7f"])
def test_notes_with_control_characters_are_refused_and_kept_out(council, recorder, notes):
    reach(recorder, "notes", pages={**VOICEMAIL, "items-vm": VM_ANSWERS})
    refused(recorder, {"notes": notes}, CONTROL)
    assert all("notes" not in draft.data for draft in ShopDraft.query)


def test_notes_may_run_over_several_lines(council, recorder):
    reach(recorder, "notes", pages={**VOICEMAIL, "items-vm": VM_ANSWERS})
    recorder.post({"notes": "First line\r\n\tsecond line"})
    assert recorder.step == "check"


def test_a_nul_in_the_directory_search_finds_nothing_and_says_why(council, recorder):
    recorder.start("call")
    page = recorder.get(f"{recorder.path.rsplit('/', 1)[0]}/find-line?q=Revenues%00")
    assert CONTROL in page.text


def test_a_nul_in_the_sign_in_email_is_refused(client, make_user):
    make_user()
    response = client.post("/sign-in", data={"email": "coordinator@example.org\x00",
                                             "password": "correct horse"})
    assert response.status_code == 200
    assert CONTROL in response.get_data(as_text=True)


@pytest.mark.parametrize(("step", "typed", "message"), [
    ("acknowledged", "100000",
     "Enter the minutes until you were acknowledged as a number from 0 to 9999.9, like 1.5"),
    ("acknowledged", "10000",
     "Enter the minutes until you were acknowledged as a number from 0 to 9999.9, like 1.5"),
    ("acknowledged", "1e400",
     "Enter the minutes until you were acknowledged as a number from 0 to 9999.9, like 1.5"),
    ("acknowledged", "1.55",
     "Enter the minutes until you were acknowledged with no more than one decimal place, "
     "like 1.5"),
    ("seen-minutes", "100000",
     "Enter the minutes until you were seen as a number from 0 to 9999.9, like 8"),
    ("seen-minutes", "8.25",
     "Enter the minutes until you were seen with no more than one decimal place, like 8"),
])
def test_visit_minutes_have_the_databases_bounds(council, recorder, step, typed, message):
    reach(recorder, step, "visit", VISIT, council.family_hub)
    name = "acknowledged_minutes" if step == "acknowledged" else "seen_minutes"
    refused(recorder, {name: typed}, message)


def test_the_largest_minutes_are_kept_and_submitted(council, recorder):
    reach(recorder, "acknowledged", "visit", VISIT, council.family_hub)
    recorder.walk({"acknowledged": {"acknowledged_minutes": "9999.9"}, "seen": {"seen": "yes"},
                   "seen-minutes": {"seen_minutes": "9999.9"},
                   "items-rc": {f"rc{n}": "met" for n in range(1, 11)}, "notes": {}})
    recorder.submit()
    assert [str(shop.seen_minutes) for shop in shops()] == ["9999.9"]


def test_a_call_from_before_the_standards_is_refused(council, recorder):
    reach(recorder, "when")
    refused(recorder, {"date": ["24", "12", "1900"], "time": "09:30"},
            "Enter a date for the call in 2000 or later: no standards were in force before then")


@pytest.mark.parametrize("path", [
    "/compliance/blocks/2147483648", "/compliance/blocks/99999999999999999999999",
    "/actions/2147483648", "/disputes/shops/9223372036854775808", "/disputes/2147483648",
    "/record/shops/2147483648", "/actions?block=99999999999999999999999",
])
def test_ids_too_large_for_the_database_are_not_found(client, make_user, sign_in, path):
    make_user()
    sign_in("coordinator@example.org")
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("query", [
    "from=9999-01-01&to=9999-12-31", "from=9999-12-31&to=9999-12-31",
    "from=0001-01-01&to=0001-01-01"])
def test_periods_the_calendar_cannot_hold_are_a_clear_error(client, make_user, sign_in, query):
    make_user()
    sign_in("coordinator@example.org")
    page = client.get(f"/compliance?{query}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Enter a start date in 2100 or earlier" in text \
        or "Enter a start date in 1900 or later" in text
    api = client.get(f"/api/v1/compliance?{query}")
    assert api.status_code == 400
    assert "2100 or earlier" in api.json["error"] or "1900 or later" in api.json["error"]


def test_nothing_was_half_written(council, recorder):
    """After every refusal above the database holds no shop and the draft no bad value."""
    reach(recorder, "notes", pages={**VOICEMAIL, "items-vm": VM_ANSWERS})
    refused(recorder, {"notes": "\x00"}, CONTROL)
    assert Shop.query.count() == 0
    assert all("\x00" not in str(draft.data) for draft in ShopDraft.query)



DIRECTORY = "service_grouping,service_block,team,officer,number,extension,line_type,active\n"
RECEPTIONS = "name,address,service_blocks,family_reception\n"


@pytest.mark.parametrize(("command", "content", "problem"), [
    ("import-directory",
     DIRECTORY + "Resources,Revenues,Council Tax,Priya\x00 Shah,0113 496 0101,,individual,yes\n",
     "row 2: officer: "),
    ("import-directory",
     DIRECTORY + "Resources,Revenues,Council\x1b Tax,Priya Shah,0113 496 0101,,individual,yes\n",
     "row 2: team: "),
    ("import-receptions", RECEPTIONS + "Civic\x00 Centre,Town Square,Planning,no\n",
     "row 2: name: "),
    ("import-receptions", RECEPTIONS + "Civic Centre,Town\x0b Square,Planning,no\n",
     "row 2: address: "),
])
def test_imported_cells_with_control_characters_reject_the_file(app, tmp_path, command, content,
                                                                problem):
    path = tmp_path / "file.csv"
    path.write_text(content, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["shopper", command, str(path)])
    assert result.exit_code != 0
    assert problem + "Remove the invisible control characters from this value" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_shopper_cannot_find_a_line_by_its_officers_name(council, recorder):
    recorder.start("call")
    find = f"{recorder.path.rsplit('/', 1)[0]}/find-line"
    assert "0113 496 0002" in recorder.get(f"{find}?q=Benefits").text
    page = recorder.get(f"{find}?q=Priya")
    assert "0113 496 0002" not in page.text
    assert "Priya" not in " ".join(label.text for label in page.select(".govuk-radios__label"))
