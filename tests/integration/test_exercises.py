"""Exercises (SPEC 8): planned, sampled by the rules, opened to shoppers, changed, downloaded."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from shopper.domain.states import ExerciseStatus, LineType, Role
from shopper.extensions import db
from shopper.models import (
    Assignment,
    AuditEvent,
    Exercise,
    Line,
    ReceptionPoint,
    ServiceBlock,
    ServiceGrouping,
    Standard,
)
from shopper.services.exercises.plans import today
from tests.conftest import parse
from tests.integration.test_record_statements import counting

CSV_COLUMNS = ["exercise", "shopper_email", "service_block", "number", "extension",
               "reception_point", "due_on", "state"]


@pytest.fixture
def council(app, make_user):
    grouping = ServiceGrouping(name="Resources")
    housing = ServiceBlock(name="Housing", grouping=grouping)
    planning = ServiceBlock(name="Planning", grouping=grouping)
    lines = [Line(number=f"+44113496{n:04d}", line_type=LineType.INDIVIDUAL, block=housing)
             for n in range(6)]
    lines += [Line(number=f"+44207946{n:04d}", line_type=LineType.HUNT_GROUP, block=planning,
                   extension="22" if n == 0 else "") for n in range(6)]
    civic = ReceptionPoint(name="Civic Centre", blocks=[housing, planning])
    db.session.add_all([grouping, housing, planning, civic, *lines])
    db.session.commit()
    make_user("coordinator@example.org", Role.COORDINATOR, name="Carys")
    cllr = make_user("cllr@example.org", Role.SHOPPER, name="Cllr Jones")
    staff = make_user("staff@example.org", Role.SHOPPER, name="Sam Housing",
                      block_names=["Housing"])
    return {"housing": housing.id, "planning": planning.id, "cllr": cllr.id,
            "staff": staff.id, "lines": [line.id for line in lines]}


def _form(council, **changes):
    start, end = today(), today() + timedelta(days=40)
    standards = db.session.scalars(db.select(Standard.id).order_by(Standard.code)).all()
    data = {"name": "Spring shops", "starts_on": [start.day, start.month, start.year],
            "ends_on": [end.day, end.month, end.year], "target": "4",
            "standards": standards, "blocks": [council["housing"], council["planning"]],
            "shoppers": [council["cllr"], council["staff"]], "follow_mix": "yes"}
    data.update(changes)
    return data


@pytest.fixture
def planned(client, sign_in, council):
    sign_in("coordinator@example.org")
    response = client.post("/exercises/new", data=_form(council))
    assert response.status_code == 302
    return db.session.scalar(db.select(Exercise.id))


def _assign(client, exercise_id, seed="7"):
    return client.post(f"/exercises/{exercise_id}/assign", data={"seed": seed},
                       follow_redirects=True)


def test_a_coordinator_plans_an_exercise_and_sees_it_with_its_target(client, planned):
    page = parse(client.get(f"/exercises/{planned}"))
    assert page.h1.text.strip() == "Spring shops"
    assert page.title.text.strip().startswith("Spring shops")
    assert "4 shops for each of 2 service blocks" in page.text
    events = db.session.scalars(db.select(AuditEvent).filter_by(entity="exercise")).all()
    assert [e.action for e in events] == ["created"]
    listing = parse(client.get("/exercises"))
    assert listing.select_one(".app-exercises a").text == "Spring shops"


@pytest.mark.parametrize(("changes", "message"), [
    ({"target": "0"}, "Enter the target as a whole number from 1 to 1,000, like 20"),
    ({"target": "9" * 40}, "Enter the target as a whole number from 1 to 1,000, like 20"),
    ({"target": ""}, "Enter the target shops per service block, like 20"),
    ({"name": "Spring\x00"}, "Enter a name using letters, numbers and punctuation only"),
    ({"blocks": []}, "Select at least one service block"),
    ({"blocks": ["999999"]}, "Select service blocks from the list"),
    ({"shoppers": ["not a number"]}, "Select shoppers from the list"),
    ({"ends_on": ["1", "1", "2000"]}, "The last day must be the same as or after the first day"),
    ({"starts_on": ["99999999999999999999", "1", "2026"]}, "The first day must be a real date"),
])
def test_bad_plans_are_refused_with_what_to_do_and_nothing_saved(client, sign_in, council,
                                                                 changes, message):
    sign_in("coordinator@example.org")
    data = _form(council, **{"name": "Kept name", **changes})
    response = client.post("/exercises/new", data=data)
    assert response.status_code == 200
    page = parse(response)
    summary = page.select_one(".govuk-error-summary").text
    assert message in summary
    if "name" not in changes:
        assert page.select_one("#name")["value"] == "Kept name"
    assert db.session.scalar(db.select(db.func.count()).select_from(Exercise)) == 0


def test_assigning_keeps_the_rules_and_the_target(client, planned, council):
    page = parse(_assign(client, planned))
    assert "8 shops assigned (seed 7)" in page.select_one(".govuk-notification-banner").text
    rows = db.session.scalars(db.select(Assignment)).all()
    assert len(rows) == 8
    assert all(a.shopper_id != council["staff"] or a.service_block_id != council["housing"]
               for a in rows)
    # The Civic Centre serves Housing, so the member of staff never visits it either.
    assert all(a.shopper_id == council["cllr"] for a in rows if a.reception_point_id)
    assert len({a.line_id for a in rows if a.line_id}) == len([a for a in rows if a.line_id])
    sampled = db.session.scalar(db.select(AuditEvent).filter_by(action="sampled"))
    assert sorted(sampled.after["assignments"]) == sorted(a.id for a in rows)


def test_assigning_again_only_tops_up_and_the_same_seed_gives_the_same_shops(
        client, planned, council):
    _assign(client, planned)
    first = {(a.line_id, a.reception_point_id, a.shopper_id, a.due_on)
             for a in db.session.scalars(db.select(Assignment))}
    page = parse(_assign(client, planned))
    assert "0 shops assigned" in page.text
    db.session.execute(db.delete(Assignment))
    db.session.commit()
    _assign(client, planned)
    again = {(a.line_id, a.reception_point_id, a.shopper_id, a.due_on)
             for a in db.session.scalars(db.select(Assignment))}
    assert again == first


def test_a_shortfall_is_explained_rather_than_a_rule_broken(client, planned, council):
    client.post(f"/exercises/{planned}/edit", data=_form(council, target="12"))
    page = parse(_assign(client, planned))
    assert "short of the target" in page.select_one(".govuk-notification-banner").text
    reasons = [li.text for li in page.select(".app-shortfall-reasons li")]
    assert any("Housing is" in reason and "short of the 12 it needed" in reason
               for reason in reasons)


def test_lines_shopped_recently_are_left_out_and_named(client, planned, council):
    lockout_days = 28
    client.post(f"/exercises/{planned}/edit", data=_form(
        council, target="6", ends_on=_parts(today() + timedelta(days=lockout_days // 2))))
    for line_id in council["lines"][:6]:
        db.session.add(Assignment(shopper_id=council["cllr"], line_id=line_id,
                                  service_block_id=council["housing"], due_on=today()))
    db.session.commit()
    page = parse(_assign(client, planned))
    reasons = " ".join(li.text for li in page.select(".app-shortfall-reasons li"))
    assert "6 individual lines of Housing were left out: shopped or assigned within 28 days" \
        in reasons


def _parts(day: date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def test_shoppers_see_an_open_exercise_first_with_tap_to_call(client, planned, council,
                                                             sign_in):
    _assign(client, planned)
    sign_in("cllr@example.org")
    assert not parse(client.get("/")).select(".app-assignment")
    sign_in("coordinator@example.org")
    client.post(f"/exercises/{planned}/status")
    assert db.session.get(Exercise, planned).status == ExerciseStatus.OPEN
    sign_in("cllr@example.org")
    home = parse(client.get("/"))
    calls = home.select("a.app-tel")
    mine = db.session.scalars(db.select(Assignment).filter_by(shopper_id=council["cllr"])).all()
    assert len(home.select(".app-assignment")) == len(mine)
    assert calls and all(link["href"].startswith("tel:+44") for link in calls)
    # However many assignments there are, recording another shop is one Tab away.
    links = [a["href"] for a in home.select("main a[href]")]
    assert links.index("#record-a-shop") < links.index(calls[0]["href"])
    assert home.select_one("#record-a-shop").find_next("a")["href"] == "/record/call/new"


def test_the_shoppers_home_costs_the_same_statements_for_a_long_list_as_a_short_one(
        client, planned, council, sign_in):
    _assign(client, planned)
    client.post(f"/exercises/{planned}/status")
    mine = db.session.scalars(db.select(Assignment).filter_by(shopper_id=council["cllr"])
                              .order_by(Assignment.id)).all()
    # One call and one visit stay: each kind reads its own details once.
    kept = {a.line_id is None: a.id for a in reversed(mine)}
    assert len(mine) > len(kept)
    sign_in("cllr@example.org")

    def statements_for_home() -> tuple[int, int]:
        db.session.remove()
        with counting() as statements:
            home = parse(client.get("/"))
        return len(home.select(".app-assignment")), len(statements)

    shown_all, for_all = statements_for_home()
    db.session.execute(db.update(Assignment).where(Assignment.id.not_in(kept.values()))
                       .values(cancelled_at=datetime.now(UTC)))
    db.session.commit()
    shown_few, for_few = statements_for_home()
    assert (shown_all, shown_few) == (len(mine), len(kept))
    assert for_all == for_few


def test_one_tap_starts_the_call_with_the_line_already_chosen(client, planned, council,
                                                             sign_in):
    _assign(client, planned)
    client.post(f"/exercises/{planned}/status")
    sign_in("cllr@example.org")
    home = parse(client.get("/"))
    record = next(a for a in home.select(".app-assignment a") if "Record this call" in a.text)
    first_page = client.get(record["href"], follow_redirects=True)
    page = parse(first_page)
    assert "Which number did you call?" not in page.text
    assert page.h1.text.strip().startswith("When did you make the call?")


def test_the_coordinator_cancels_and_reassigns_many_at_once(client, planned, council):
    _assign(client, planned)
    url = f"/exercises/{planned}/assignments"
    # Calls only: a visit to the Civic Centre serves Housing too, Sam's own block, so it would
    # rightly be refused (and without an order the database may put one first).
    planning = db.session.scalars(db.select(Assignment.id).filter(
        Assignment.service_block_id == council["planning"], Assignment.line_id.is_not(None))
        .order_by(Assignment.id)).all()
    response = client.post(url, data={"assignments": planning[:2], "to_shopper": council["staff"],
                                      "reassign": "Reassign selected"}, follow_redirects=True)
    assert "2 assignments reassigned" in parse(response).text
    housing = db.session.scalars(db.select(Assignment.id).filter_by(
        service_block_id=council["housing"])).all()
    refused = client.post(url, data={"assignments": housing[:1], "to_shopper": council["staff"],
                                     "reassign": "Reassign selected"})
    assert "Choose a shopper who does not work in Housing" in parse(refused).text
    response = client.post(url, data={"assignments": housing, "cancel": "Cancel selected"},
                           follow_redirects=True)
    assert f"{len(housing)} assignments cancelled" in parse(response).text
    audited = db.session.scalars(db.select(AuditEvent.action).filter_by(entity="assignment"))
    assert sorted(audited) == ["cancelled"] * len(housing) + ["reassigned"] * 2
    nothing = client.post(url, data={"cancel": "Cancel selected"})
    assert "Select at least one assignment" in parse(nothing).text


def test_the_assignments_download_as_csv_with_the_spec_columns(client, planned, council):
    _assign(client, planned)
    client.post(f"/exercises/{planned}/status")
    client.post(f"/exercises/{planned}/status")  # closed: what was not shopped has expired
    response = client.get(f"/exercises/{planned}/assignments.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == CSV_COLUMNS
    assert len(rows) == 9
    assert {row[7] for row in rows[1:]} == {"expired"}
    calls = [row for row in rows[1:] if row[3]]
    assert all(row[3].startswith(("0113 496", "020 7946")) and not row[5] for row in calls)
    visits = [row for row in rows[1:] if row[5]]
    assert all(row[5] == "Civic Centre" and not row[3] for row in visits)


def test_the_same_csv_from_the_command_line(client, planned, app, tmp_path):
    _assign(client, planned)
    web = client.get(f"/exercises/{planned}/assignments.csv").get_data()
    out = tmp_path / "assignments.csv"
    result = app.test_cli_runner().invoke(args=["shopper", "assignments", str(planned),
                                                "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Wrote 8 assignments of Spring shops to {out}"
    assert out.read_bytes() == web
    missing = app.test_cli_runner().invoke(args=["shopper", "assignments", "Autumn", "-o",
                                                 str(tmp_path / "x.csv")])
    assert missing.exit_code != 0 and "There is no exercise called 'Autumn'" in missing.output


def test_exercise_pages_are_for_coordinators_only(client, planned, sign_in):
    sign_in("cllr@example.org")
    assert client.get(f"/exercises/{planned}").status_code == 403
    sign_in("coordinator@example.org")
    assert client.get("/exercises/999999").status_code == 404


def test_a_closed_exercise_cannot_be_changed(client, planned):
    client.post(f"/exercises/{planned}/status")
    client.post(f"/exercises/{planned}/status")
    assert client.post(f"/exercises/{planned}/status").status_code == 403
    assert db.session.get(Exercise, planned).status == ExerciseStatus.CLOSED
    page = parse(client.get(f"/exercises/{planned}/edit", follow_redirects=True))
    assert "A closed exercise cannot be changed" in page.text


def test_when_the_period_has_no_working_days_left_the_page_says_so(client, planned, council):
    past = datetime.now(UTC).date() - timedelta(days=30)
    client.post(f"/exercises/{planned}/edit", data=_form(
        council, starts_on=_parts(past), ends_on=_parts(past + timedelta(days=3))))
    page = parse(_assign(client, planned))
    assert "the exercise has no working days left" in page.text


def test_a_cancelled_assignment_leaves_the_shoppers_home_and_cannot_be_recorded(
        client, planned, council, sign_in):
    _assign(client, planned)
    client.post(f"/exercises/{planned}/status")
    mine = db.session.scalars(db.select(Assignment).filter_by(shopper_id=council["cllr"])).all()
    client.post(f"/exercises/{planned}/assignments",
                data={"assignments": [mine[0].id], "cancel": "Cancel selected"})
    sign_in("cllr@example.org")
    home = parse(client.get("/"))
    assert len(home.select(".app-assignment")) == len(mine) - 1
    channel = "call" if mine[0].line_id else "visit"
    assert client.get(f"/record/{channel}/new?assignment={mine[0].id}",
                      follow_redirects=True).status_code == 404
    # The list and its download are the coordinator's, not a shopper's.
    assert client.get(f"/exercises/{planned}/assignments.csv").status_code == 403


def test_huge_and_made_up_ids_are_refused_not_a_server_error(client, planned, council):
    _assign(client, planned)
    url = f"/exercises/{planned}/assignments"
    for ids in (["99999999999999999999"], ["abc"], ["-1"]):
        page = parse(client.post(url, data={"assignments": ids, "cancel": "Cancel selected"}))
        assert "Select assignments from" in page.select_one(".govuk-error-summary").text
    assert client.get("/exercises/99999999999999999999").status_code == 404
    page = parse(client.post(f"/exercises/{planned}/assign", data={"seed": "9" * 30}))
    assert "Enter the seed as a whole number" in page.select_one(".govuk-error-summary").text


def test_a_change_sent_without_its_button_or_a_shopper_asks_for_the_shopper(client, planned,
                                                                             council):
    # Found by fuzzing: this was a 500. Pressing Enter, or a script, sends no button at all.
    _assign(client, planned)
    [first, *_] = db.session.scalars(db.select(Assignment.id)).all()
    response = client.post(f"/exercises/{planned}/assignments", data={"assignments": [first]})
    assert response.status_code == 200
    assert "Choose who should take the selected assignments" in parse(response).text
