"""Actions: raised on a block, item or shop; progress; overdue first; re-shops."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from shopper.domain.enums import Answer, Away, Outcome
from shopper.domain.facts import CallFacts, VisitFacts
from shopper.domain.states import ActionStatus, LineType, Role, ShopStatus
from shopper.extensions import db
from shopper.models import (
    Action,
    Assignment,
    AuditEvent,
    Line,
    ReceptionPoint,
    ServiceBlock,
    ServiceGrouping,
)
from shopper.services.settings import load_settings
from shopper.services.shops import ShopRecord, insert_shops, shop_rows
from shopper.services.standards import load_catalogue
from tests.conftest import parse

NEXT_YEAR = date.today().year + 1
VOICEMAIL_ITEMS = ("VM1", "VM2", "VM3", "VM4", "VM5", "VM7")


@dataclass
class Council:
    housing: int
    planning: int
    housing_line: int
    planning_line: int
    civic_centre: int
    users: dict

    def add_shop(self, block: int, *, line: int | None = None, reception: int | None = None,
                 not_met: tuple[str, ...] = (), status: ShopStatus = ShopStatus.SUBMITTED,
                 notes: str = "", days_ago: int = 3, message_left: bool = False) -> int:
        """A voicemail call on a line, or a visit to a reception point; returns its id."""
        at = datetime.now(UTC).replace(microsecond=0) - timedelta(days=days_ago)
        if reception:
            facts = VisitFacts(occurred_at=at, acknowledged_minutes=1, seen_minutes=5,
                               family_reception=False)
            codes = ("RC3", "RC4", "RC5", "RC6", "RC7", "RC9", "RC10")
        else:
            facts = CallFacts(occurred_at=at, outcome=Outcome.VOICEMAIL, rings=3,
                              officer_away=Away.NO,
                              message_left_at=at + timedelta(minutes=1) if message_left else None)
            codes = VOICEMAIL_ITEMS
        answers = {code: Answer.NOT_MET if code in not_met else Answer.MET for code in codes}
        number = db.session.get(Line, line).number if line else None
        record = ShopRecord(facts=facts, answers=answers, shopper_id=self.users["cllr"],
                            service_block_id=block, line_id=line, dialled_number=number,
                            reception_point_id=reception, notes=notes, status=status)
        [shop_id] = insert_shops([shop_rows(record, load_catalogue(), load_settings(),
                                            datetime.now(UTC))])
        db.session.commit()
        return shop_id


@pytest.fixture
def council(app, make_user) -> Council:
    grouping = ServiceGrouping(name="Resources")
    housing = ServiceBlock(name="Housing", grouping=grouping)
    planning = ServiceBlock(name="Planning", grouping=grouping)
    housing_line = Line(number="+441134960001", line_type=LineType.HUNT_GROUP, block=housing)
    planning_line = Line(number="+441134960002", line_type=LineType.INDIVIDUAL,
                         officer_name="Grace Jones", block=planning)
    civic = ReceptionPoint(name="Civic Centre", blocks=[housing, planning])
    db.session.add_all([grouping, housing, planning, housing_line, planning_line, civic])
    db.session.commit()
    people = {
        "coordinator": ("Carys Coordinator", Role.COORDINATOR, ()),
        "lead.housing": ("Hana Housing", Role.TEAM_LEAD, ("Housing",)),
        "lead.planning": ("Pete Planning", Role.TEAM_LEAD, ("Planning",)),
        "cllr": ("Cllr Alun Jones", Role.SHOPPER, ()),
        "staff.housing": ("Sam Housing", Role.SHOPPER, ("Housing",)),
        "staff.planning": ("Pat Planner", Role.SHOPPER, ("Planning",)),
        "assessor": ("Ade Assessor", Role.ASSESSOR, ()),
    }
    users = {key: make_user(f"{key}@example.org", role, name=name, block_names=list(blocks)).id
             for key, (name, role, blocks) in people.items()}
    return Council(housing.id, planning.id, housing_line.id, planning_line.id, civic.id, users)


@pytest.fixture
def as_user(client, sign_in):
    signed_in = []

    def do(key: str):
        # Signing out only when signed in: otherwise "Sign in to continue" waits to be shown.
        if signed_in:
            client.post("/sign-out")
        sign_in(f"{key}@example.org")
        signed_in.append(key)
        return client

    return do


def errors(page) -> list[str]:
    return [link.text.strip() for link in page.select(".govuk-error-summary__list a")]


def action_form(**overrides) -> dict:
    form = {"what": "Record a greeting with the extension on every line", "owner": "Hana Housing",
            "due_on": ["30", "6", str(NEXT_YEAR)], "status": "red", "item": ""}
    form.update(overrides)
    return form


def audit(entity: str, action: str | None = None) -> list[AuditEvent]:
    query = db.select(AuditEvent).where(AuditEvent.entity == entity).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))


def add_action(council: Council, block: int, *, due_on: date, status=ActionStatus.RED,
               what="Fix the greetings", shops=()) -> int:
    action = Action(service_block_id=block, what=what, owner="Owner", due_on=due_on,
                    status=status, created_by_id=council.users["coordinator"])
    db.session.add(action)
    db.session.flush()
    if shops:
        db.session.execute(db.insert(Action.shops.property.secondary),
                           [{"action_id": action.id, "shop_id": shop} for shop in shops])
    db.session.commit()
    return action.id


def summary(page) -> dict[str, str]:
    return {row.select_one("dt").text.strip(): " ".join(row.select_one("dd").text.split())
            for row in page.select(".govuk-summary-list__row")}


# -- Raising an action ------------------------------------------------------------------------

def test_coordinator_raises_an_action_from_a_block(council, as_user):
    client = as_user("coordinator")
    page = parse(client.get(f"/actions/new?block={council.housing}"))
    assert page.select_one(".govuk-caption-l").text == "Housing"
    assert page.h1.text == "Raise an action"

    response = client.post(f"/actions/new?block={council.housing}", data=action_form())
    assert response.status_code == 302
    page = parse(client.get(response.headers["Location"]))
    assert "Action raised" in page.select_one(".govuk-notification-banner").text
    facts = summary(page)
    assert facts["What"] == "Record a greeting with the extension on every line"
    assert facts["Owner"] == "Hana Housing"
    assert facts["Due"] == f"30 June {NEXT_YEAR}"
    assert facts["Status"] == "Red"
    assert facts["Item"] == "Not about one item"
    assert facts["Raised"].endswith("by Carys Coordinator")
    [event] = audit("action", "created")
    assert event.user_id == council.users["coordinator"]
    assert event.after["what"] == "Record a greeting with the extension on every line"
    assert event.after["block"] == council.housing


def test_team_lead_raises_an_action_on_a_failing_item(council, as_user):
    client = as_user("lead.housing")
    page = parse(client.get(f"/actions/new?block={council.housing}&item=VM4"))
    assert page.select_one("#item option[selected]").text == "VM4: the extension number"

    response = client.post(f"/actions/new?block={council.housing}&item=VM4",
                           data=action_form(item="VM4", status="amber"))
    page = parse(client.get(response.headers["Location"]))
    facts = summary(page)
    assert facts["Item"] == "VM4: Did the greeting give the extension or a direct number?"
    assert facts["Status"] == "Amber"
    action = db.session.scalar(db.select(Action))
    assert (action.item_code, action.created_by_id) == ("VM4", council.users["lead.housing"])


def test_an_action_raised_from_a_shop_links_it_with_its_result(council, as_user):
    shop = council.add_shop(council.housing, line=council.housing_line, not_met=("VM4",))
    client = as_user("lead.housing")
    page = parse(client.get(f"/actions/new?block={council.housing}&shop={shop}"))
    assert f"For shop {shop}: 0113 496 0001 (Hunt group)" in page.select_one(
        ".govuk-inset-text").text

    response = client.post(f"/actions/new?block={council.housing}&shop={shop}",
                           data=action_form(item="VM4"))
    page = parse(client.get(response.headers["Location"]))
    linked = page.find("h2", string="Linked shops").find_next("ul")
    assert linked.a.text == f"Shop {shop}"
    assert linked.a["href"] == f"/disputes/shops/{shop}"
    results = [li.text.strip() for li in linked.select(":scope > li > ul > li")]
    assert results == ["Telephone answering: 100.0%, passed", "Voicemail: 83.3%, passed"]
    assert audit("action", "created")[0].after["shops"] == [shop]
    # The shop's page lists the action too.
    action = db.session.scalar(db.select(Action))
    page = parse(client.get(f"/disputes/shops/{shop}"))
    listed = page.find("h2", string="Actions").find_next("ul")
    assert listed.a.text == f"Action {action.id}"
    assert "Record a greeting" in listed.text


def test_choosing_the_block_when_an_action_is_raised_from_the_list(council, as_user, make_user):
    client = as_user("coordinator")
    page = parse(client.get("/actions/new"))
    assert page.h1.text.strip() == "Which service block is the action for?"
    assert [o.text for o in page.select("#block option")] == ["Housing", "Planning"]
    # A team lead with one block goes straight to the form.
    client = as_user("lead.housing")
    response = client.get("/actions/new")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/actions/new?block={council.housing}"


@pytest.mark.parametrize("overrides, messages", [
    ({"what": " ", "owner": "", "due_on": ["", "", ""], "status": ""},
     ["Enter what will be done", "Enter the name of the person who owns the action",
      "Enter the date the action is due", "Select the action's status: red, amber or green"]),
    ({"due_on": ["12", "", ""]}, ["The due date must include a month and year"]),
    ({"due_on": ["", "3", str(NEXT_YEAR)]}, ["The due date must include a day"]),
    ({"due_on": ["31", "2", str(NEXT_YEAR)]}, ["The due date must be a real date"]),
    ({"due_on": ["1", "March", str(NEXT_YEAR)]}, ["The due date must be a real date"]),
    ({"due_on": ["1", "3", "27"]}, ["Year must include 4 numbers"]),
    ({"due_on": ["1", "1", "2020"]}, ["The due date must be today or in the future"]),
    ({"due_on": ["99999999999999999999", "1", "2030"]}, ["The due date must be a real date"]),
    ({"due_on": ["1", "1"]}, ["The due date must include a year"]),
    ({"due_on": ["1", "1", "2030", "4"]}, []),
    ({"status": "done"}, ["Select red, amber or green"]),
    ({"status": "purple"}, ["Select red, amber or green"]),
    ({"item": "ZZ9"}, ["Choose an item from the list, or no item"]),
    ({"owner": "x" * 201}, ["Enter a name of 200 characters or fewer"]),
    ({"what": "x" * 2001}, ["Enter what will be done in 2,000 characters or fewer"]),
])
def test_action_form_says_what_to_do_and_keeps_what_was_typed(council, as_user, overrides,
                                                              messages):
    client = as_user("coordinator")
    form = action_form(**overrides)
    response = client.post(f"/actions/new?block={council.housing}", data=form)
    if not messages:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    page = parse(response)
    assert errors(page) == messages
    assert page.title.text.startswith("Error: Raise an action")
    assert page.select_one("#what").text.strip() == form["what"].strip()
    assert page.select_one("#owner")["value"] == form["owner"]
    typed = (list(form["due_on"]) + ["", "", ""])[:3]
    assert [page.select_one(f"#due_on-{part}").get("value", "") for part in
            ("day", "month", "year")] == [value.strip() for value in typed]
    links = {link.text.strip(): link["href"] for link in page.select(".govuk-error-summary a")}
    for message, href in links.items():
        if "date" in message or "Year" in message:
            assert href == "#due_on-day"
    assert db.session.scalar(db.select(db.func.count()).select_from(Action)) == 0


# -- Who may see and raise what ------------------------------------------------------------

def test_team_lead_cannot_see_or_raise_actions_on_another_block(council, as_user):
    theirs = add_action(council, council.planning, due_on=date(NEXT_YEAR, 1, 1),
                        what="Planning's own action")
    planning_shop = council.add_shop(council.planning, line=council.planning_line)
    client = as_user("lead.housing")
    assert client.get(f"/actions/new?block={council.planning}").status_code == 404
    assert client.post(f"/actions/new?block={council.planning}",
                       data=action_form()).status_code == 404
    # Their own block with another block's shop is refused too.
    assert client.get(f"/actions/new?block={council.housing}&shop={planning_shop}"
                      ).status_code == 404
    assert client.get(f"/actions/{theirs}").status_code == 404
    assert client.post(f"/actions/{theirs}", data={"status": "done"}).status_code == 404
    assert client.get(f"/actions?block={council.planning}").status_code == 404
    page = parse(client.get("/actions"))
    assert "Planning's own action" not in page.text
    assert [o.text for o in page.select("#block option")] == ["All your blocks", "Housing"]
    assert db.session.get(Action, theirs).status == ActionStatus.RED


@pytest.mark.parametrize("url", [
    "/actions/new?block=abc", "/actions/new?block=0", "/actions/new?block=-1",
    "/actions/new?block=99999999999999999999", "/actions/new?block=4242",
    "/actions/new?block={housing}&item=ZZ9", "/actions/new?block={housing}&shop=abc",
    "/actions/new?block={housing}&shop=99999999999", "/actions/99999999999999999999",
    "/actions/4242", "/actions/4242/re-shop", "/actions/abc", "/actions?block=abc",
    "/actions?block=99999999999999",
])
def test_missing_or_garbage_ids_are_not_found(council, as_user, url):
    client = as_user("coordinator")
    assert client.get(url.format(housing=council.housing)).status_code == 404


def test_shoppers_and_assessors_may_not_use_actions(council, as_user):
    action = add_action(council, council.housing, due_on=date(NEXT_YEAR, 1, 1))
    for key in ("cllr", "assessor"):
        client = as_user(key)
        assert client.get("/actions").status_code == 403
        assert client.get(f"/actions/{action}").status_code == 403
        assert client.get(f"/actions/new?block={council.housing}").status_code == 403


# -- The list -------------------------------------------------------------------------------

def test_overdue_actions_come_first_and_say_so(council, as_user):
    today = date.today()
    add_action(council, council.housing, due_on=today + timedelta(days=30), what="Later")
    add_action(council, council.housing, due_on=today - timedelta(days=3), what="Late",
               status=ActionStatus.GREEN)
    add_action(council, council.housing, due_on=today - timedelta(days=10), what="Done late",
               status=ActionStatus.DONE)
    add_action(council, council.planning, due_on=today - timedelta(days=1), what="Planning late")
    add_action(council, council.housing, due_on=today, what="Due today")
    client = as_user("coordinator")
    page = parse(client.get("/actions"))
    rows = page.select("tbody tr")
    assert [row.a.text for row in rows] == ["Late", "Planning late", "Due today", "Later",
                                            "Done late"]
    overdue = [row.a.text for row in rows if "Overdue" in row.text]
    assert overdue == ["Late", "Planning late"]
    assert page.select_one("caption").text.strip() == "5 actions"

    page = parse(client.get("/actions?status=overdue"))
    assert [row.a.text for row in page.select("tbody tr")] == ["Late", "Planning late"]
    page = parse(client.get(f"/actions?block={council.housing}&status=green"))
    assert [row.a.text for row in page.select("tbody tr")] == ["Late"]
    page = parse(client.get(f"/actions?block={council.planning}&status=done"))
    assert page.select("tbody tr") == []
    assert "No actions match these filters." in page.text
    # Garbage in the status filter shows everything, not an error.
    assert len(parse(client.get("/actions?status=purple")).select("tbody tr")) == 5

    client = as_user("lead.planning")
    page = parse(client.get("/actions"))
    assert [row.a.text for row in page.select("tbody tr")] == ["Planning late"]
    detail = parse(client.get(page.select_one("tbody a")["href"]))
    assert "Overdue" in summary(detail)["Due"]


# -- Progress -------------------------------------------------------------------------------

def test_progress_notes_append_and_status_changes_are_audited(council, as_user):
    action = add_action(council, council.housing, due_on=date(NEXT_YEAR, 1, 1))
    client = as_user("lead.housing")
    response = client.post(f"/actions/{action}", data={"status": "red",
                                                       "note": "Asked IT for new greetings"})
    assert response.status_code == 302
    client = as_user("coordinator")
    client.post(f"/actions/{action}", data={"status": "amber", "note": "Half the lines done"})
    client.post(f"/actions/{action}", data={"status": "green", "note": ""})

    page = parse(client.get(f"/actions/{action}"))
    notes = page.select(".app-notes li")
    assert [n.select_one("p").text for n in notes] == ["Asked IT for new greetings",
                                                       "Half the lines done"]
    assert notes[0].select("p")[-1].text.startswith("Hana Housing, ")
    assert notes[1].select("p")[-1].text.startswith("Carys Coordinator, ")
    assert summary(page)["Status"] == "Green"
    assert page.select_one("input[name=status][checked]")["value"] == "green"

    changes = audit("action", "status_changed")
    assert [(e.before, e.after) for e in changes] == [
        ({"status": "red"}, {"status": "amber"}), ({"status": "amber"}, {"status": "green"})]
    assert changes[0].user_id == council.users["coordinator"]
    added = audit("action", "note_added")
    assert [(e.after["text"], e.user_id) for e in added] == [
        ("Asked IT for new greetings", council.users["lead.housing"]),
        ("Half the lines done", council.users["coordinator"])]


def test_progress_needs_a_note_or_a_new_status(council, as_user):
    action = add_action(council, council.housing, due_on=date(NEXT_YEAR, 1, 1))
    client = as_user("coordinator")
    page = parse(client.post(f"/actions/{action}", data={"status": "red", "note": "  "}))
    assert errors(page) == ["Enter a progress note, or choose a different status"]
    page = parse(client.post(f"/actions/{action}", data={"status": "blue", "note": "typed"}))
    assert errors(page) == ["Select red, amber, green or done"]
    assert page.select_one("#note").text.strip() == "typed"
    page = parse(client.post(f"/actions/{action}", data={"note": "x" * 5001}))
    assert "Enter a note of 5,000 characters or fewer" in errors(page)
    assert audit("action", "note_added") == []


# -- Re-shops -------------------------------------------------------------------------------

def reshop_form(council: Council, place: str, shopper: str | None) -> dict:
    form = {"shop": place, "due_on": ["15", "1", str(NEXT_YEAR)]}
    if shopper:
        form["shopper"] = str(council.users[shopper])
    return form


def test_reshop_creates_an_assignment_and_links_its_result_back(council, as_user):
    shop = council.add_shop(council.housing, line=council.housing_line, not_met=("VM1",))
    action = add_action(council, council.housing, due_on=date(NEXT_YEAR, 1, 1), shops=[shop])
    client = as_user("coordinator")
    page = parse(client.get(f"/actions/{action}"))
    assert page.find("a", string="Schedule a re-shop")["href"] == f"/actions/{action}/re-shop"

    page = parse(client.get(f"/actions/{action}/re-shop"))
    shoppers = [o.text for o in page.select("#shopper option")]
    assert shoppers == ["Choose a shopper", "Cllr Alun Jones (councillor)",
                        "Pat Planner (Planning)"]
    assert "Staff of Housing are not listed" in page.text
    assert page.select_one("input[name=shop][checked]")["value"] == \
        f"line:{council.housing_line}"

    response = client.post(f"/actions/{action}/re-shop", data=reshop_form(
        council, f"line:{council.housing_line}", "staff.planning"))
    assert response.status_code == 302
    [assignment] = db.session.scalars(db.select(Assignment))
    assert (assignment.shopper_id, assignment.line_id, assignment.reception_point_id,
            assignment.service_block_id, assignment.due_on, assignment.action_id) == (
        council.users["staff.planning"], council.housing_line, None, council.housing,
        date(NEXT_YEAR, 1, 15), action)
    [event] = audit("assignment", "created")
    assert event.after["action"] == action and event.user_id == council.users["coordinator"]

    page = parse(client.get(f"/actions/{action}"))
    reshops = page.find("h2", string="Re-shops").find_next("ul")
    assert "0113 496 0001" in reshops.text and "Pat Planner" in reshops.text
    assert "Not shopped yet." in reshops.text

    # The recording journey sets the assignment's shop once the shopper records it.
    again = council.add_shop(council.housing, line=council.housing_line, days_ago=0)
    db.session.get(Assignment, assignment.id).shop_id = again
    db.session.commit()
    page = parse(client.get(f"/actions/{action}"))
    reshops = page.find("h2", string="Re-shops").find_next("ul")
    assert reshops.find("a", string=f"shop {again}")["href"] == f"/disputes/shops/{again}"
    assert [li.text.strip() for li in reshops.select(":scope > li > ul > li")] == [
        "Telephone answering: 100.0%, passed", "Voicemail: 100.0%, passed"]
    # The team lead sees the result, but not who the mystery shopper was.
    page = parse(as_user("lead.housing").get(f"/actions/{action}"))
    assert "Pat Planner" not in page.text
    assert "Voicemail: 100.0%, passed" in page.text


def test_reshop_refuses_staff_of_the_block(council, as_user):
    shop = council.add_shop(council.housing, line=council.housing_line)
    action = add_action(council, council.housing, due_on=date(NEXT_YEAR, 1, 1), shops=[shop])
    client = as_user("coordinator")
    page = parse(client.post(f"/actions/{action}/re-shop",
                             data=reshop_form(council, f"line:{council.housing_line}",
                                              "staff.housing")))
    assert errors(page) == ["Choose a shopper from the list"]
    assert page.select_one("#due_on-year")["value"] == str(NEXT_YEAR)
    assert db.session.scalar(db.select(db.func.count()).select_from(Assignment)) == 0


def test_reshop_of_a_reception_refuses_staff_of_any_block_it_serves(council, as_user):
    visit = council.add_shop(council.housing, reception=council.civic_centre)
    action = add_action(council, council.housing, due_on=date(NEXT_YEAR, 1, 1), shops=[visit])
    client = as_user("coordinator")
    page = parse(client.post(f"/actions/{action}/re-shop",
                             data=reshop_form(council, f"reception:{council.civic_centre}",
                                              "staff.planning")))
    assert errors(page) == ["Choose a shopper who does not work in a block that Civic Centre "
                            "serves"]
    response = client.post(f"/actions/{action}/re-shop",
                           data=reshop_form(council, f"reception:{council.civic_centre}",
                                            "cllr"))
    assert response.status_code == 302
    [assignment] = db.session.scalars(db.select(Assignment))
    assert (assignment.reception_point_id, assignment.line_id) == (council.civic_centre, None)


def test_reshop_form_says_what_to_do(council, as_user):
    shop = council.add_shop(council.housing, line=council.housing_line)
    action = add_action(council, council.housing, due_on=date(NEXT_YEAR, 1, 1), shops=[shop])
    client = as_user("coordinator")
    page = parse(client.post(f"/actions/{action}/re-shop", data={}))
    assert errors(page) == ["Select what should be shopped again", "Choose who should shop it",
                            "Enter the date to shop it by"]
    page = parse(client.post(f"/actions/{action}/re-shop", data={
        "shop": "999", "shopper": "abc", "due_on": ["1", "1", "2001"]}))
    assert errors(page) == ["Select one of the lines or reception points listed",
                            "Choose a shopper from the list",
                            "The date to shop it by must be today or in the future"]


def test_a_team_lead_reshops_any_line_of_an_item_action_and_shopper_picks_who(council,
                                                                             as_user):
    unlinked = add_action(council, council.housing, due_on=date(NEXT_YEAR, 1, 1))
    client = as_user("lead.housing")
    page = parse(client.get(f"/actions/{unlinked}"))
    assert page.find("a", string="Schedule a re-shop")["href"] == f"/actions/{unlinked}/re-shop"
    page = parse(client.get(f"/actions/{unlinked}/re-shop"))
    assert [label.text.strip() for label in page.select("label[for^=shop]")] == [
        "0113 496 0001 (Hunt group)", "Civic Centre reception"]
    assert page.select_one("#shopper") is None and "Cllr Alun Jones" not in page.text
    response = client.post(f"/actions/{unlinked}/re-shop",
                           data=reshop_form(council, f"line:{council.housing_line}", None))
    assert response.status_code == 302
    [assignment] = db.session.scalars(db.select(Assignment))
    # Never Housing's own member of staff; the least busy of the others.
    assert assignment.shopper_id in (council.users["cllr"], council.users["staff.planning"])
    assert (assignment.line_id, assignment.action_id) == (council.housing_line, unlinked)
    assert as_user("lead.planning").get(f"/actions/{unlinked}/re-shop").status_code == 404


def test_the_due_date_hint_gives_a_date_the_form_accepts(council, as_user):
    client = as_user("lead.housing")
    page = parse(client.get(f"/actions/new?block={council.housing}"))
    hint = page.select_one("#due_on-hint").text.strip()
    day, month, year = hint.removeprefix("For example, ").split()
    assert date(int(year), int(month), int(day)) > date.today()
    response = client.post(f"/actions/new?block={council.housing}",
                           data=action_form(due_on=[day, month, year]))
    assert response.status_code == 302
