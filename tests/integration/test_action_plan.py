"""The council's CSE action plan and assessors' access, kept by the coordinator in the app."""

import io
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pypdf

from shopper.domain.deadlines import LONDON
from shopper.domain.people import access_ends_at
from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import AuditEvent, PlanAction, User
from tests.conftest import parse

NEXT_YEAR = date.today().year + 1


def post_form(client, url: str, **data):
    page = parse(client.get(url))
    token = page.select_one("input[name=csrf_token]")["value"]
    return client.post(url, data={"csrf_token": token, **data})


def plan_action(client, **changes):
    data = {"criterion": "5", "element": "5.2.3", "outcome": "Every call answered in 5 rings",
            "officer": "Olive Officer", "target_on": ["31", "3", str(NEXT_YEAR)],
            "status": "amber", "progress": "Lines mapped"}
    return post_form(client, "/evidence/action-plan/new", **{**data, **changes})


def test_coordinator_raises_a_council_wide_action_by_criterion(app, client, make_user,
                                                              sign_in):
    make_user()
    sign_in("coordinator@example.org")
    response = plan_action(client)

    assert response.status_code == 302
    [action] = db.session.scalars(db.select(PlanAction)).all()
    assert (action.criterion, action.element, action.status) == (5, "5.2.3", "amber")
    page = parse(client.get("/evidence/action-plan"))
    assert page.title.text.startswith("CSE action plan")
    card = page.find("h2", string="5. Timeliness and Quality of Service").find_next(
        class_="govuk-summary-card")
    assert "Every call answered in 5 rings" in card.text and "Amber" in card.text
    event = db.session.scalar(db.select(AuditEvent).filter_by(entity="plan_action"))
    assert event.action == "raised" and event.after["officer"] == "Olive Officer"

    response = post_form(client, f"/evidence/action-plan/{action.id}", criterion="5",
                         element="5.2.3", outcome=action.outcome, officer="Olive Officer",
                         target_on=["31", "3", str(NEXT_YEAR)], status="green", progress="Done")
    assert response.status_code == 302
    db.session.refresh(action)
    assert action.status == "green"


def test_a_wrong_action_says_what_to_do_and_saves_nothing(app, client, make_user, sign_in):
    make_user()
    sign_in("coordinator@example.org")
    response = plan_action(client, criterion="9", element="2.1.6", outcome="\x00",
                           officer="", target_on=["99", "3", str(NEXT_YEAR)])
    page = parse(response)
    assert response.status_code == 200 and page.title.text.startswith("Error:")
    summary = page.select_one(".govuk-error-summary").text
    assert "Select one of the five criteria" in summary
    assert "Enter the name of the responsible officer" in summary
    response = plan_action(client, criterion="3", element="5.2.3")
    assert "Choose an element of the criterion you selected" in parse(response).text
    response = plan_action(client, outcome="Answer\x00 calls", progress="\x07")
    page = parse(response)
    assert "Remove the hidden control characters from the outcome" in page.text
    assert "Remove the hidden control characters from the progress" in page.text
    assert page.select_one("textarea[name=outcome]").text.strip() == "Answer\x00 calls"
    assert db.session.scalar(db.select(db.func.count(PlanAction.id))) == 0


def test_the_plan_goes_in_the_workbook_and_pack_without_the_officer_by_default(
        app, client, make_user, sign_in, tmp_path):
    make_user()
    sign_in("coordinator@example.org")
    plan_action(client)
    target = tmp_path / "e.xlsx"
    runner = app.test_cli_runner()
    runner.invoke(args=["shopper", "export", "--format", "xlsx", "--from", "2026-04-01",
                        "--to", "2026-06-30", "-o", str(target)])
    rows = list(openpyxl.load_workbook(target)["Action plan"].iter_rows(values_only=True))
    assert rows[1][:6] == (5, "Timeliness and Quality of Service", "5.2.3",
                           "Every call answered in 5 rings", datetime(NEXT_YEAR, 3, 31), "amber")
    assert "Olive Officer" not in str(rows)

    response = post_form(client, "/evidence", file_format="pdf", with_names="y",
                         **{"from": "2026-04-01", "to": "2026-06-30"})
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.data)).pages
                    ).replace("\n", " ")
    assert "Every call answered in 5 rings" in text and "Olive Officer" in text
    [event] = db.session.scalars(db.select(AuditEvent).filter_by(entity="export",
                                                                 entity_id="pdf")).all()
    assert event.after["with_names"] is True


def test_assessors_read_the_plan_but_cannot_change_it(app, client, make_user, sign_in):
    make_user()
    sign_in("coordinator@example.org")
    plan_action(client)
    client.post("/sign-out")
    assessor = make_user("a@assess.example", Role.ASSESSOR)
    assessor.access_expires_at = datetime.now(UTC) + timedelta(days=5)
    db.session.commit()
    sign_in("a@assess.example")
    page = parse(client.get("/evidence/action-plan"))
    assert "Every call answered in 5 rings" in page.text and "Olive Officer" not in page.text
    assert not page.select("a[href='/evidence/action-plan/new']")
    assert client.get("/evidence/action-plan/new").status_code == 403
    assert client.get("/evidence/assessors").status_code == 403


def test_coordinator_changes_an_assessors_access_in_the_app(app, client, make_user, sign_in):
    make_user()
    assessor = make_user("a@assess.example", Role.ASSESSOR)
    sign_in("coordinator@example.org")
    # The People pages are the home of assessors' access; the old address leads there.
    response = client.get("/evidence/assessors")
    assert response.status_code == 302 and response.headers["Location"] == "/people"
    page = parse(client.get(f"/people/{assessor.id}"))
    link = page.find("a", string="Change the first and last day of access")
    assert link["href"] == f"/evidence/assessors/{assessor.id}"
    page = parse(client.get(link["href"]))
    assert page.select_one(".govuk-back-link")["href"] == f"/people/{assessor.id}"

    today = datetime.now(UTC).astimezone(LONDON).date()
    first, last = today + timedelta(days=10), today + timedelta(days=40)
    response = post_form(client, f"/evidence/assessors/{assessor.id}",
                         **{"from": last.isoformat(), "to": first.isoformat()})
    assert "The end date must be the same as or after the start date" in parse(response).text
    assert parse(response).select_one("input[name=to]")["value"] == first.isoformat()
    response = post_form(client, f"/evidence/assessors/{assessor.id}",
                         **{"from": first.isoformat(), "to": last.isoformat()})
    assert response.status_code == 302 and response.headers["Location"] == (
        f"/people/{assessor.id}")
    assert f"{last:%-d %B %Y}" in parse(client.get(f"/people/{assessor.id}")).text
    assert db.session.get(User, assessor.id).access_expires_at == access_ends_at(last)
    assert client.get("/evidence/assessors/99999").status_code == 404
