"""Meta-test: every route and command that changes data writes the audit trail.

CHANGES lists, for every endpoint that takes a POST, a valid change (who makes it, where, and
what they type over the page's own values), or why it needs no entry of its own. Each change
is made, in order, on one council: it must change some data and add at least one audit entry.
A new route or command that changes data fails here until it is listed, and then until it
writes the trail.
"""

import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from shopper.domain.states import ShopStatus
from shopper.extensions import db
from shopper.models import Assignment, AuditEvent, Shop, Standard
from tests.conftest import parse
from tests.integration.security_world import build_world
from tests.integration.test_record_council import CHRISTMAS_EVE, Recorder
from tests.integration.test_record_rules import ENGAGED

NEXT_YEAR = str(date.today().year + 1)
SOON = (date.today() + timedelta(days=20))
LATER = (date.today() + timedelta(days=50))


def day(when: date) -> list[str]:
    return [str(when.day), str(when.month), str(when.year)]


@dataclass(frozen=True)
class Change:
    """A valid change: the page to post to, as whom, and what to type over the form's values."""

    endpoint: str
    role: str
    path: str
    typed: dict = field(default_factory=dict)
    status: int = 302


@dataclass(frozen=True)
class NotAChange:
    endpoint: str
    why: str


NOT_CHANGES = [
    NotAChange("auth.sign_in", "signing in changes nothing anyone else sees"),
    NotAChange("auth.sign_out", "signing out ends the person's own sessions, nothing more"),
    NotAChange("record.step", "a draft is the shopper's own; submitting it is kept (record.check)"),
    NotAChange("record.find_line", "a search in the directory"),
    NotAChange("directory.upload", "a preview of the file; confirming it is the change"),
    NotAChange("exports.download", "GET and POST choose an export; the export is kept: see "
               "test_an_export_with_names_is_kept"),
]

# In order, on one council: later changes may use what earlier ones made.
CHANGES = [
    Change("directory.grouping", "coordinator", "/directory/groupings/<grouping_id>",
           {"name": "Housing and Communities"}),
    Change("directory.block", "coordinator", "/directory/blocks/<block_id>",
           {"name": "Housing Services"}),
    Change("directory.team", "coordinator", "/directory/teams/<team_id>",
           {"name": "Housing Options Team"}),
    Change("directory.new_line", "coordinator", "/directory/lines/new",
           {"number": "0113 496 0999", "line_type": "hunt_group", "officer": "",
            "service_block": "<block_id>"}),
    Change("directory.edit_line", "coordinator", "/directory/lines/<line_id>",
           {"extension": "4321"}),
    Change("directory.new_reception_point", "coordinator", "/directory/reception-points/new",
           {"name": "Eastgate Hub", "address": "Eastgate, Anytown AN3 3EE",
            "service_blocks": ["<block_id>"]}),
    Change("directory.edit_reception_point", "coordinator",
           "/directory/reception-points/<point_id>", {"address": "1 Civic Way, Anytown AN1 1AA"}),
    Change("actions.new", "lead", "/actions/new?block=<block_id>", {
        "what": "Give the extension in every greeting", "owner": "Hana Housing",
        "due_on": day(LATER), "status": "red", "item": ""}),
    Change("actions.detail", "lead", "/actions/<action_id>",
           {"status": "amber", "note": "Half the lines done"}),
    Change("actions.reshop", "coordinator", "/actions/<action_id>/re-shop",
           {"due_on": day(SOON), "shopper": "<person_id>"}),
    Change("disputes.new", "lead", "/disputes/shops/<undisputed_shop_id>/dispute",
           {"reason": "wrong_number", "other_reason": ""}),
    Change("disputes.decide", "coordinator", "/disputes/<dispute_id>",
           {"decision": "reject", "reason": "The directory shows this is your line"}),
    Change("disputes.verify", "coordinator", "/disputes/shops/<verify_shop_id>/verify"),
    Change("exports.new_plan_action", "coordinator", "/evidence/action-plan/new", {
        "criterion": "5", "element": "5.2.3", "outcome": "Every call answered in 5 rings",
        "officer": "Olive Officer", "target_on": day(LATER), "status": "amber",
        "progress": "Lines mapped"}),
    Change("exports.edit_plan_action", "coordinator", "/evidence/action-plan/<plan_action_id>",
           {"progress": "Half the lines mapped"}),
    Change("exports.assessor", "coordinator", "/evidence/assessors/<user_id>",
           {"access_from": day(date.today()), "access_until": day(LATER)}),
    Change("exercises.new", "coordinator", "/exercises/new", {
        "name": "Spring shops", "starts_on": day(SOON), "ends_on": day(LATER), "target": "2",
        "standards": ["<standard_id>"], "blocks": ["<block_id>"], "shoppers": ["<person_id>"]}),
    Change("exercises.edit", "coordinator", "/exercises/<exercise_id>/edit",
           {"name": "Winter shops, extended"}),
    Change("exercises.assign", "coordinator", "/exercises/<exercise_id>/assign"),
    Change("exercises.assignment_list", "coordinator", "/exercises/<exercise_id>/assignments",
           {"assignments": ["<assignment_id>"], "cancel": "Cancel selected"}),
    Change("exercises.change_status", "coordinator", "/exercises/<exercise_id>/status",
           {"status": "closed"}),
    Change("people.invite", "coordinator", "/people/invite", {
        "email": "new.starter@anytown.example", "name": "New Starter", "role": "shopper"}),
    Change("people.change", "coordinator", "/people/<person_id>/change",
           {"name": "Cllr Meera Patel OBE"}),
    Change("people.deactivate", "coordinator", "/people/<person_id>/deactivate"),
    Change("people.reactivate", "coordinator", "/people/<person_id>/reactivate"),
    Change("people.invite_again", "coordinator", "/people/<invited_id>/invite-again"),
    Change("settings.edit", "coordinator", "/settings", {
        "ring_target": "4", "session_idle_minutes": "30", "session_lifetime_hours": "12"}),
    Change("standards.new_standard", "coordinator", "/standards/new",
           {"code": "EM", "name": "Email replies"}),
    Change("standards.start_draft", "coordinator", "/standards/RC/draft"),
    Change("standards.new_item", "coordinator", "/standards/VM/versions/<number>/items/new",
           {"code": "VM12", "question": "Did the greeting give another number to call?"}),
    Change("standards.item", "coordinator", "/standards/VM/versions/<number>/items/VM1",
           {"question": "Did the greeting name the team?"}),
    Change("standards.remove_item", "coordinator",
           "/standards/VM/versions/<number>/items/VM12/remove"),
    Change("standards.publish", "coordinator", "/standards/VM/versions/<number>/publish",
           {"applies_from": day(SOON)}),
    Change("standards.discard", "coordinator", "/standards/RC/versions/<rc_draft>/discard"),
    Change("standards.new_element", "coordinator", "/standards/cse-elements/new",
           {"number": "6.1.1", "title": "An element of our own"}),
    Change("standards.edit_element", "coordinator", "/standards/cse-elements/<element_id>",
           {"title": "The element, reworded"}),
    Change("passwords.forgotten_password", "anonymous", "/forgotten-password",
           {"email": "cllr.patel@anytown.example"}, status=200),
    Change("passwords.set_password", "anonymous", "/set-password/<token>",
           {"password": "a long enough password", "confirm": "a long enough password"}),
]


def posted_endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules()
            if rule.methods & {"POST", "PUT", "PATCH", "DELETE"}}


SPECIAL = {"record.check", "api.record_shop", "directory.confirm_upload"}  # tests of their own


def test_every_route_that_takes_a_post_is_listed(app):
    listed = ({change.endpoint for change in CHANGES}
              | {entry.endpoint for entry in NOT_CHANGES} | SPECIAL)
    assert sorted(posted_endpoints(app) - listed) == [], \
        "list a valid change for these in CHANGES, or say in NOT_CHANGES why there is none"
    assert listed <= posted_endpoints(app), "a listed route has gone"


def snapshot() -> dict[str, Counter]:
    """Every row of every table but the audit trail's, to tell whether something changed."""
    db.session.expire_all()
    with db.engine.connect() as connection:
        return {table.name: Counter(map(repr, connection.execute(table.select())))
                for table in db.metadata.sorted_tables if table.name != "audit_events"}


def audited() -> int:
    return db.session.scalar(sa.select(sa.func.count(AuditEvent.id)))


def form_values(page, typed: dict) -> dict[str, list[str]]:
    """What a browser sends for the page's main form as it stands, with `typed` typed over it."""
    forms = page.select("main form[method=post], main form[method=POST]")
    assert forms, "the page has a form that posts"
    form = next((f for f in forms if any(f.select(f"[name={name}]") for name in typed)),
                forms[0])
    values: dict[str, list[str]] = {}
    for element in form.select("input[name], select[name], textarea[name]"):
        name, kind = element["name"], element.get("type", "text")
        if element.name == "select":
            chosen = element.select_one("option[selected]") or element.select_one("option")
            values.setdefault(name, []).append(chosen.get("value", chosen.text) if chosen else "")
        elif element.name == "textarea":
            values.setdefault(name, []).append(element.text.strip("\n"))
        elif kind in ("radio", "checkbox"):
            if element.has_attr("checked"):
                values.setdefault(name, []).append(element.get("value", "on"))
        elif kind not in ("submit", "button", "file"):
            values.setdefault(name, []).append(element.get("value", ""))
    for element in form.select("input[type=radio][name]"):  # a question not yet answered
        if element["name"] not in values:
            values[element["name"]] = [element["value"]]
    values.update({name: value if isinstance(value, list) else [value]
                   for name, value in typed.items()})
    return values


@pytest.fixture
def world(app, monkeypatch):
    monkeypatch.setattr("shopper.services.recording.drafts.now", lambda: CHRISTMAS_EVE)
    world = build_world(app)
    ids = world.ids
    ids["person_id"] = user_id("cllr.patel@anytown.example")
    ids["invited_id"] = user_id("invited@anytown.example")
    ids["standard_id"] = db.session.scalar(sa.select(Standard.id).where(Standard.code == "VM"))
    ids["assignment_id"] = db.session.scalar(sa.select(Assignment.id).where(
        Assignment.exercise_id == ids["exercise_id"], Assignment.shop_id.is_(None)))
    ids["undisputed_shop_id"] = db.session.scalar(sa.select(Shop.id).where(
        Shop.service_block_id == ids["block_id"], Shop.status == ShopStatus.SUBMITTED,
        Shop.id != ids["shop_id"]).order_by(Shop.id))
    ids["verify_shop_id"] = db.session.scalar(
        sa.select(Shop.id).where(Shop.status == ShopStatus.SUBMITTED, Shop.awaiting_until.is_(None),
                                 Shop.id != ids["shop_id"]).order_by(Shop.id))
    return world


def user_id(email: str) -> int:
    from shopper.models import User

    return db.session.scalar(sa.select(User.id).where(User.email == email))


def test_every_listed_change_writes_the_audit_trail(world):
    unaudited = []
    for change in CHANGES:
        if change.endpoint == "standards.discard":
            world.ids["rc_draft"] = rc_draft_number()
        client, path = world.clients[change.role], world.path(change.path)
        page = client.get(path, follow_redirects=True)
        typed = {name: [world.path(v) for v in value] if isinstance(value, list)
                 else world.path(value) for name, value in change.typed.items()}
        data = form_values(parse(page), typed) if page.status_code == 200 and \
            page.request.path == path.split("?")[0] and "form" in page.text else typed
        before, count = snapshot(), audited()
        response = client.post(path, data=data)
        if response.status_code != change.status:
            unaudited.append(f"{change.endpoint}: {response.status_code} "
                             f"{errors(response)}")
            continue
        if snapshot() == before:
            unaudited.append(f"{change.endpoint}: changed nothing (is the input valid?)")
        elif audited() == count:
            unaudited.append(f"{change.endpoint}: changed data and wrote no audit entry")
    assert unaudited == [], "\n".join(unaudited)


def rc_draft_number() -> int:
    from shopper.models import Standard, StandardVersion

    return db.session.scalar(sa.select(sa.func.max(StandardVersion.version)).join(Standard)
                             .where(Standard.code == "RC"))


def errors(response) -> list[str]:
    if response.status_code != 200:
        return []
    page = parse(response)
    return [" ".join(e.text.split()) for e in page.select(".govuk-error-summary li")]


def test_submitting_a_shop_in_the_journey_and_the_api_writes_the_trail(world, monkeypatch):
    from tests.integration.test_api_shops import NEW_YEAR, WORKED_EXAMPLE

    monkeypatch.setattr("shopper.services.recording.one_request.utcnow", lambda: NEW_YEAR)
    recorder = Recorder(world.clients["councillor"])
    recorder.get(world.path("/record/call/<draft_id>"))
    recorder.walk(ENGAGED)
    count = audited()
    recorder.submit()
    assert audited() == count + 1
    number = recorder_number(world)
    response = world.clients["councillor"].post("/api/v1/shops", json={
        **WORKED_EXAMPLE, "number": number})
    assert response.status_code == 201, response.json
    assert audited() == count + 2


def recorder_number(world) -> str:
    from shopper.models import Line

    return "0" + db.session.get(Line, world.ids["line_id"]).number.removeprefix("+44")


def test_confirming_a_directory_upload_writes_the_trail(world):
    client = world.clients["coordinator"]
    header = "service_grouping,service_block,team,officer,number,extension,line_type,active"
    row = "Development & Neighbourhood Services,Housing,Allocations,,0113 496 0998,,hunt_group,yes"
    body = f"{header}\n{row}\n"
    preview = client.post("/directory/upload", data={
        "file": (io.BytesIO(body.encode()), "directory.csv")}, content_type="multipart/form-data")
    page = parse(preview)
    form = page.select_one("form[action='/directory/upload/confirm']")
    assert form, page.select_one("main").text
    count = audited()
    response = client.post("/directory/upload/confirm", data={
        field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")})
    assert response.status_code == 302
    assert audited() > count


EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"

# Every `flask shopper` command: a valid run, in order on an empty database, or why none.
COMMANDS = [
    ["import-directory", str(EXAMPLES / "directory.csv")],
    ["import-receptions", str(EXAMPLES / "receptions.csv")],
    ["create-user", "cllr.jones@example.org", "--role", "shopper", "--password-stdin"],
    ["create-user", "cllr.patel@example.org", "--role", "shopper"],
    ["import-shops", str(EXAMPLES / "shops.csv")],
    ["create-user", "assessor@assess.example", "--role", "assessor"],
    ["set-access", "assessor@assess.example", "--from", date.today().isoformat(),
     "--until", LATER.isoformat()],
    ["invite", "cllr.patel@example.org"],
    ["create-token", "cllr.jones@example.org", "--name", "the council's own tool"],
    ["export", "--format", "csv", "--from", "2024-01-01", "--to", "2026-12-31", "--with-names",
     "-o", "-"],
]
COMMANDS_WITHOUT_CHANGES = {
    "recount": "counts the tallies again from the shops: the figures stay as they were",
    "assignments": "lists an exercise's assignments (no officers' names); changes nothing",
    "demo": "loads an invented council into an empty database: see test_the_demo_is_kept",
}


def shopper_commands(app) -> set[str]:
    return set(app.cli.commands["shopper"].commands)


def test_every_command_is_listed(app):
    listed = {args[0] for args in COMMANDS} | set(COMMANDS_WITHOUT_CHANGES)
    assert sorted(shopper_commands(app) - listed) == [], \
        "list a valid run of these in COMMANDS, or say why they change nothing"
    assert listed <= shopper_commands(app), "a listed command has gone"


def test_every_listed_command_writes_the_audit_trail(app):
    runner, unaudited = app.test_cli_runner(), []
    for args in COMMANDS:
        before, count = snapshot(), audited()
        result = runner.invoke(args=["shopper", *args], input="a long enough password\n")
        if result.exit_code != 0:
            unaudited.append(f"{' '.join(args[:2])}: failed: {result.output}")
        elif args[0] != "export" and snapshot() == before:
            unaudited.append(f"{' '.join(args[:2])}: changed nothing (is the input valid?)")
        elif audited() == count:
            unaudited.append(f"{' '.join(args[:2])}: wrote no audit entry")
    assert unaudited == [], "\n".join(unaudited)


def test_the_demo_is_kept(app):
    result = app.test_cli_runner().invoke(args=["shopper", "demo", "--shops", "20"])
    assert result.exit_code == 0, result.output
    assert audited() > 0
