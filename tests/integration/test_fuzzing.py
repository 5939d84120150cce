"""Property-based fuzzing: whatever is typed or imported, Shopper answers without a 500 and
writes nothing half-done."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shopper.models import Line, Shop
from tests.integration.test_record_council import CHRISTMAS_EVE, Recorder, make_council

# Any text that can be sent, control characters and NUL included (a lone surrogate cannot be
# encoded into a request or a UTF-8 file at all).
ANYTHING = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60)
NUMBERISH = st.one_of(ANYTHING, st.decimals(allow_nan=True).map(str),
                      st.integers(min_value=-(10**30), max_value=10**30).map(str))
# FUZZ_PROFILE=thorough for a long run: with test_fuzzing_every_form, over 10,000 inputs.
FUZZ_PROFILE = os.environ.get("FUZZ_PROFILE", "default")
FUZZ = settings(max_examples={"thorough": 100, "default": 40}[FUZZ_PROFILE], deadline=None,
                database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@pytest.fixture
def council(app):
    return make_council()


@pytest.fixture
def recorder(client, council, monkeypatch):
    monkeypatch.setattr("shopper.services.recording.drafts.now", lambda: CHRISTMAS_EVE)
    return Recorder(client).sign_in(council.councillor)


@FUZZ
@given(email=ANYTHING, password=ANYTHING)
def test_the_sign_in_form(client, email, password):
    response = client.post("/sign-in", data={"email": email, "password": password})
    assert response.status_code in (200, 302)


@FUZZ
@given(typed=NUMBERISH, page=st.sampled_from(["number", "when"]))
def test_the_call_journey(recorder, typed, page):
    recorder.start("call")
    draft = recorder.path.rsplit("/", 1)[0]
    data = {"number": typed} if page == "number" else {"date": [typed, "12", "2026"],
                                                       "time": typed}
    response = recorder.client.post(f"{draft}/{page}", data=data)
    assert response.status_code in (200, 302)
    search = recorder.client.get(f"{draft}/find-line", query_string={"q": typed})
    assert search.status_code == 200
    assert Shop.query.count() == 0


@FUZZ
@given(minutes=NUMBERISH)
def test_the_visit_minutes(recorder, council, minutes):
    recorder.start("visit")
    recorder.post({"reception_point_id": str(council.family_hub.id)})
    draft = recorder.path.rsplit("/", 1)[0]
    response = recorder.client.post(f"{draft}/acknowledged",
                                    data={"acknowledged_minutes": minutes})
    assert response.status_code in (200, 302)


@FUZZ
@given(cells=st.lists(ANYTHING, min_size=8, max_size=8))
def test_the_directory_import(app, tmp_path_factory, cells):
    before = Line.query.count()
    path = tmp_path_factory.mktemp("fuzz") / "directory.csv"
    quoted = ",".join('"' + cell.replace('"', '""') + '"' for cell in cells)
    header = "service_grouping,service_block,team,officer,number,extension,line_type,active"
    path.write_text(f"{header}\n{quoted}\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["shopper", "import-directory", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    if result.exit_code != 0:
        assert Line.query.count() == before, "a refused file changes nothing"


@FUZZ
@given(start=ANYTHING, end=ANYTHING)
def test_the_compliance_period(client, make_user, start, end):
    if not client.get_cookie("session"):
        make_user()
        client.post("/sign-in", data={"email": "coordinator@example.org",
                                      "password": "correct horse"})
    assert client.get("/compliance", query_string={"from": start, "to": end}).status_code == 200
    assert client.get("/api/v1/compliance",
                      query_string={"from": start, "to": end}).status_code in (200, 400)
