"""A draft's items added and removed, and a new standard made: new shops are asked the new items."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from shopper.domain.deadlines import LONDON
from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import AuditEvent, Item, Shop, Standard, StandardVersion
from tests.conftest import parse
from tests.integration.test_record_council import Recorder, make_council, results, when

# Versions here are published to apply from tomorrow; shops are then recorded the day after.
TOMORROW = datetime.now(LONDON).date() + timedelta(days=1)
LATER = datetime.now(UTC) + timedelta(days=2)
NEW_ITEM = {"code": "ta8", "question": "Did the officer offer to email a summary?",
            "guidance": "Met if they offered, whether or not you accepted.",
            "condition": "person", "weight": "2", "critical": "no", "cse_elements": ["3.2.1"]}


@pytest.fixture
def council(app, monkeypatch):
    for where in ("recording.drafts.now", "recording.one_request.utcnow"):
        monkeypatch.setattr(f"shopper.services.{where}", lambda: LATER + timedelta(hours=1))
    return make_council()


@pytest.fixture
def coordinator(client, council, make_user, sign_in):
    make_user("coordinator@example.org", Role.COORDINATOR)
    sign_in("coordinator@example.org")
    return client


def publish(client, code: str, number: int):
    return client.post(f"/standards/{code}/versions/{number}/publish", data={
        "applies_from": [str(TOMORROW.day), str(TOMORROW.month), str(TOMORROW.year)]})


def switch_to_councillor(client, council) -> Recorder:
    client.post("/sign-out")
    return Recorder(client).sign_in(council.councillor)


def draft_codes(code: str, number: int) -> list[str]:
    return list(db.session.scalars(
        sa.select(Item.code).join(StandardVersion).join(Standard)
        .where(Standard.code == code, StandardVersion.version == number)
        .order_by(Item.position)))


def test_an_added_item_is_asked_and_a_removed_one_is_not_while_old_versions_keep_theirs(
        coordinator, council):
    coordinator.post("/standards/TA/draft")
    form = parse(coordinator.get("/standards/TA/versions/2/items/new"))
    assert form.title.text.startswith("Add an item")
    conditions = [label.get_text(strip=True) for label in form.select(
        ".govuk-radios__label")]
    assert "When the call was answered by a person" in conditions
    assert "At a family reception" not in conditions  # a call standard's conditions only

    assert coordinator.post("/standards/TA/versions/2/items/new",
                            data=NEW_ITEM).status_code == 302
    page = parse(coordinator.get("/standards/TA/versions/2/items/TA5/remove"))
    assert page.h1.text.strip() == "Remove TA5"
    coordinator.post("/standards/TA/versions/2/items/TA5/remove")
    assert draft_codes("TA", 2) == ["TA1", "TA2", "TA3", "TA4", "TA6", "TA7", "TA8"]
    assert draft_codes("TA", 1) == ["TA1", "TA2", "TA3", "TA4", "TA5", "TA6", "TA7"]
    version_page = parse(coordinator.get("/standards/TA/versions/2"))
    assert "Applies: When the call was answered by a person" in version_page.select_one(
        "#item-TA8").text
    assert "Remove" not in version_page.select_one("#item-TA1").text  # derived
    assert publish(coordinator, "TA", 2).status_code == 302
    actions = db.session.scalars(sa.select(AuditEvent.action).filter_by(entity="item")).all()
    assert sorted(actions) == ["added", "removed"]

    recorder = switch_to_councillor(coordinator, council)
    recorder.start()
    recorder.post({"number": "0113 496 0001", "extension": ""})
    recorder.walk({"when": when(LATER), "outcome": {"outcome": "person"},
                   "rings": {"rings": "3"}, "held": {"held": "no"}}, until="items-ta")
    asked = {field["name"] for field in recorder.page().select("input[type=radio]")}
    assert {"ta3", "ta4", "ta6", "ta8"} <= asked and "ta5" not in asked
    recorder.walk({"items-ta": {"ta3": "met", "ta4": "met", "ta6": "not_met", "ta8": "met"},
                   "notes": {"notes": ""}})
    page = recorder.submit()
    # TA1, TA2, TA3, TA4 and TA8 (weight 2) met of 7: 6 of 7 weight units.
    assert results(page)[0].startswith("Telephone answering: 85.7% — meets the standard")
    [shop] = db.session.scalars(sa.select(Shop)).all()
    assert shop.results[0].standard_version.version == 2


def test_the_api_asks_a_new_standards_items_once_it_is_published(coordinator, council):
    created = coordinator.post("/standards/new", data={
        "code": "ac", "name": "Accessibility", "channel": "visit"})
    assert created.headers["Location"].endswith("/standards/AC/versions/1")
    refused = parse(publish(coordinator, "AC", 1))
    assert "Add at least one item" in refused.select_one(".govuk-error-summary").text
    coordinator.post("/standards/AC/versions/1/items/new", data={
        **NEW_ITEM, "code": "AC1", "question": "Was the entrance step-free?",
        "condition": "always", "critical": "yes"})
    assert publish(coordinator, "AC", 1).status_code == 302
    switch_to_councillor(coordinator, council)

    body = {"client_id": str(uuid.uuid4()), "channel": "visit",
            "occurred_at": LATER.isoformat(timespec="seconds"),
            "reception_point": "Planning Office", "acknowledged_minutes": 1, "seen_minutes": 3,
            "answers": dict.fromkeys(("RC3", "RC4", "RC5", "RC6", "RC7", "RC9", "RC10"), "met")}
    missing = coordinator.post("/api/v1/shops", json=body)
    assert missing.status_code == 422
    assert [e["field"] for e in missing.get_json()["errors"]] == ["answers.AC1"]
    recorded = coordinator.post("/api/v1/shops", json={
        **body, "answers": {**body["answers"], "AC1": "not_met"}})
    assert recorded.status_code == 201
    assert {"code": "AC", "score": 0.0, "passed": False} in recorded.get_json()["standards"]


@pytest.mark.parametrize(("changes", "message"), [
    ({"code": "TA1"}, "TA1 is already in this draft"),
    ({"code": "VM3"}, "VM3 is an item of VM"),
    ({"code": "T\x00A9"}, "Remove the invisible control characters"),
    ({"code": ""}, "Enter the item's code"),
    ({"code": "9" * 40}, "10 characters or fewer"),
    ({"condition": "family_reception"}, "Select when the item applies"),
    ({"condition": ""}, "Select when the item applies"),
    ({"weight": "1e999999"}, "Enter a weight from 0 to 100"),
    ({"question": "Nul\x00here"}, "without tabs"),
])
def test_a_bad_new_item_is_refused_naming_the_field_and_nothing_changes(
        coordinator, changes, message):
    coordinator.post("/standards/TA/draft")
    events = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))

    response = coordinator.post("/standards/TA/versions/2/items/new",
                                data={**NEW_ITEM, **changes})

    assert response.status_code == 200
    page = parse(response)
    assert message in page.select_one(".govuk-error-summary").text
    assert page.title.text.startswith("Error: Add an item")
    if "question" not in changes:
        assert page.select_one("textarea[name=question]").text.strip() == NEW_ITEM["question"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == events
    assert "TA8" not in draft_codes("TA", 2)


@pytest.mark.parametrize(("data", "message"), [
    ({"code": "TA", "name": "Another", "channel": "call"}, "already a standard TA"),
    ({"code": "XY", "name": "voicemail", "channel": "call"}, "already a standard voicemail"),
    ({"code": "A1", "name": "Accessibility", "channel": "visit"}, "1 to 10 capital letters"),
    ({"code": "AC", "name": "Tab\tname", "channel": "visit"}, "without tabs"),
    ({"code": "AC", "name": "Accessibility", "channel": "post"}, "calls or visits"),
    ({"code": "", "name": "", "channel": ""}, "Enter the standard's code"),
])
def test_a_bad_new_standard_is_refused_and_nothing_is_made(coordinator, data, message):
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Standard))

    response = coordinator.post("/standards/new", data=data)

    assert response.status_code == 200
    page = parse(response)
    assert message in page.select_one(".govuk-error-summary").text
    assert page.title.text.startswith("Error: Create a standard")
    assert page.select_one("input[name=name]").get("value", "") == data["name"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Standard)) == before


def test_derived_items_and_published_versions_cannot_lose_items(coordinator):
    coordinator.post("/standards/TA/draft")

    assert coordinator.post("/standards/TA/versions/2/items/TA1/remove").status_code == 403
    assert coordinator.post("/standards/TA/versions/1/items/TA5/remove").status_code == 403
    assert coordinator.post("/standards/TA/versions/1/items/new",
                            data=NEW_ITEM).status_code == 403
    assert coordinator.get("/standards/TA/versions/2/items/ZZ9/remove").status_code == 404
    assert "TA1" in draft_codes("TA", 2) and "TA5" in draft_codes("TA", 1)


def test_a_new_standard_discarded_before_publishing_is_gone(coordinator):
    coordinator.post("/standards/new", data={"code": "AC", "name": "Accessibility",
                                              "channel": "visit"})
    assert "Accessibility (AC, visits)" in parse(coordinator.get("/standards")).text

    coordinator.post("/standards/AC/versions/1/discard")

    assert db.session.scalar(sa.select(Standard).filter_by(code="AC")) is None
    assert coordinator.get("/standards").status_code == 200


def test_only_coordinators_add_items_or_standards(client, council, make_user, sign_in):
    make_user("assessor@example.org", Role.ASSESSOR)
    sign_in("assessor@example.org")

    assert client.get("/standards/new").status_code == 403
    assert client.post("/standards/TA/versions/1/items/new", data=NEW_ITEM).status_code == 403


def test_the_visit_journey_asks_a_new_standards_items_on_their_own_page(coordinator, council):
    from tests.integration.test_record_visit import RECEPTION_ANSWERS

    coordinator.post("/standards/new", data={"code": "AC", "name": "Accessibility",
                                              "channel": "visit"})
    coordinator.post("/standards/AC/versions/1/items/new", data={
        **NEW_ITEM, "code": "AC1", "question": "Was the entrance step-free?",
        "condition": "always", "weight": "1"})
    publish(coordinator, "AC", 1)
    recorder = switch_to_councillor(coordinator, council)

    recorder.start("visit")
    recorder.post({"reception_point_id": str(council.planning_office.id)})
    seen = recorder.walk({
        "arrival": when(LATER), "acknowledged": {"acknowledged_minutes": "1"},
        "seen": {"seen": "yes"}, "seen-minutes": {"seen_minutes": "4"},
        "items-rc": RECEPTION_ANSWERS,
        "items-ac": {"ac1": "met"}, "notes": {"notes": ""}})
    page = recorder.submit()

    assert "items-ac" in seen
    assert results(page)[-1] == "Accessibility: 100.0% — meets the standard."


def test_the_error_summary_follows_the_order_of_the_add_item_page(coordinator):
    coordinator.post("/standards/TA/draft")

    page = parse(coordinator.post("/standards/TA/versions/2/items/new", data={}))

    links = [a["href"] for a in page.select(".govuk-error-summary__list a")]
    assert links[:3] == ["#code", "#question", "#condition"]
