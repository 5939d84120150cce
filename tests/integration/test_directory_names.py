"""Groupings, blocks and teams renamed in the app, and a block taken out of use, all audited."""

import pytest
import sqlalchemy as sa

from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import AuditEvent, Line, ServiceBlock, ServiceGrouping, Team
from tests.conftest import parse
from tests.integration.test_directory_pages import coordinator, directory  # noqa: F401


def ids(model, name: str) -> int:
    return db.session.scalar(sa.select(model.id).filter_by(name=name))


def events(entity: str) -> list[tuple]:
    return [(e.before, e.after) for e in db.session.scalars(
        sa.select(AuditEvent).filter_by(entity=entity))]


def test_a_grouping_block_and_team_are_renamed_and_their_lines_stay(
        client, directory):  # noqa: F811
    planning = directory["Planning"]
    lines_before = db.session.scalar(sa.select(sa.func.count()).select_from(Line)
                                     .filter_by(service_block_id=planning))
    page = parse(client.get("/directory"))
    page = parse(client.get(page.select_one("a[href^='/directory/groupings/']")["href"]))
    assert page.h1.text == "Rename the service grouping"
    assert page.select_one("input[name=name]")["value"] == "Development & Neighbourhood Services"

    client.post(f"/directory/groupings/{ids(ServiceGrouping, 'Resources')}",
                data={"name": "Corporate Resources"})
    client.post(f"/directory/blocks/{planning}", data={"name": "Planning & Building Control",
                                                        "active": "yes"})
    client.post(f"/directory/teams/{ids(Team, 'Council Tax')}", data={"name": "Local Taxation"})

    page = parse(client.get("/directory"))
    assert "Corporate Resources" in [h2.text for h2 in page.select("main h2")]
    assert "Planning & Building Control" in page.text and "Local Taxation" in page.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Line).filter_by(
        service_block_id=planning)) == lines_before
    assert events("service_grouping") == [({"name": "Resources"},
                                           {"name": "Corporate Resources"})]
    assert events("service_block") == [({"name": "Planning", "active": True},
                                        {"name": "Planning & Building Control", "active": True})]
    assert [after["name"] for _, after in events("team")] == ["Local Taxation"]


def test_a_block_taken_out_of_use_is_not_reported_and_can_come_back(
        client, directory):  # noqa: F811
    planning = directory["Planning"]
    url = "/api/v1/compliance?from=2026-01-01&to=2026-03-31"
    assert "Planning" in [b["service_block"] for b in client.get(url).get_json()["blocks"]]
    page = parse(client.get(f"/directory/blocks/{planning}"))
    assert "active lines, which shoppers cannot record" in page.text

    client.post(f"/directory/blocks/{planning}", data={"name": "Planning", "active": "no"})

    [row] = [dt for dt in parse(client.get("/directory")).select("dt")
             if dt.text.startswith("Planning")]
    assert "Not in use" in row.text
    report = client.get(url).get_json()
    assert "Planning" not in [block["service_block"] for block in report["blocks"]]
    assert events("service_block") == [({"name": "Planning", "active": True},
                                        {"name": "Planning", "active": False})]
    client.post(f"/directory/blocks/{planning}", data={"name": "Planning", "active": "yes"})
    assert db.session.get(ServiceBlock, planning).active is True


@pytest.mark.parametrize(("path", "data", "message"), [
    ("blocks/{planning}", {"name": "", "active": "yes"}, "Enter the name"),
    ("blocks/{planning}", {"name": "revenues & benefits", "active": "yes"},
     "there is already a service block revenues & benefits"),
    ("blocks/{planning}", {"name": "Plan\x00ning", "active": "yes"}, "without tabs"),
    ("blocks/{planning}", {"name": "P" * 201, "active": "yes"}, "200 characters or fewer"),
    ("blocks/{planning}", {"name": "Planning", "active": "maybe"}, "Select yes if"),
    ("groupings/{grouping}", {"name": "resources"}, "there is already a grouping"),
    ("teams/{team}", {"name": "Building Control"}, "Planning already has a team"),
])
def test_a_bad_name_is_refused_naming_the_field_keeping_what_was_typed(
        client, directory, path, data, message):  # noqa: F811
    path = "/directory/" + path.format(
        planning=directory["Planning"], grouping=ids(ServiceGrouping, "Development & "
                                                     "Neighbourhood Services"),
        team=ids(Team, "Development Management"))
    before = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))

    response = client.post(path, data=data)

    assert response.status_code == 200
    page = parse(response)
    assert message in page.select_one(".govuk-error-summary").text
    assert page.title.text.startswith("Error: ")
    if "\x00" not in data["name"]:
        assert page.select_one("input[name=name]").get("value", "") == data["name"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == before
    assert ids(ServiceBlock, "Planning") == directory["Planning"]


def test_made_up_ids_are_not_found_and_only_coordinators_rename(
        client, directory, make_user, sign_in):  # noqa: F811
    for path in ("/directory/blocks/99999", "/directory/teams/99999999999",
                 "/directory/groupings/0"):
        assert client.get(path).status_code == 404, path
    make_user("cllr@example.org", Role.SHOPPER)
    sign_in("cllr@example.org")
    assert client.post(f"/directory/blocks/{directory['Planning']}",
                       data={"name": "Mine", "active": "yes"}).status_code == 403
