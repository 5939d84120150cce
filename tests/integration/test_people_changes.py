"""Changing an account: its role, blocks and access; deactivating and reactivating it."""
# ruff: noqa: F811  (pytest passes the fixtures imported from test_people by name)

import re
from datetime import UTC, datetime, timedelta

import pytest

from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import AuditEvent, User
from tests.conftest import parse
from tests.integration.test_people import (  # noqa: F401  (fixtures)
    FailingBackend,
    blocks,
    coordinator,
    errors,
    stranger,
)


@pytest.fixture
def staff(make_user, blocks) -> int:
    return make_user("sam@example.org", Role.SHOPPER, name="Sam Staff",
                     block_names=["Housing"]).id


def change(client, user_id, **fields):
    data = {"name": "Sam Staff", "kind": "staff", "staff_block": "", "access_until": ["", "", ""]}
    data.update(fields)
    return client.post(f"/people/{user_id}/change", data=data)


def test_the_change_page_starts_with_the_account_as_it_is(client, coordinator, staff, blocks):
    page = parse(client.get(f"/people/{staff}/change"))
    assert page.h1.text == "Change Sam Staff"
    assert page.select_one("#name")["value"] == "Sam Staff"
    assert page.select_one("input[name=kind][checked]")["value"] == "staff"
    assert page.select_one("#staff_block option[selected]").text == "Housing"


def test_a_member_of_staff_becomes_a_team_lead_of_two_blocks(client, coordinator, staff,
                                                            blocks):
    response = change(client, staff, kind="team_lead",
                      led_blocks=[str(blocks["Planning"]), str(blocks["Waste"])])
    assert response.headers["Location"].endswith(f"/people/{staff}")
    page = parse(client.get(f"/people/{staff}"))
    assert "Changes to Sam Staff saved" in page.text
    rows = {row.dt.text.strip(): row.dd.text.strip()
            for row in page.select(".govuk-summary-list__row")}
    assert (rows["Role"], rows["Service blocks led"]) == ("Team lead", "Planning, Waste")
    user = db.session.get(User, staff)
    assert (user.role, user.block, [b.name for b in user.led_blocks]) == (
        Role.TEAM_LEAD, None, ["Planning", "Waste"])
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="changed"))
    assert (event.before["role"], event.before["block"]) == ("shopper", "Housing")
    assert (event.after["role"], event.after["led_blocks"]) == ("team_lead",
                                                                ["Planning", "Waste"])
    assert event.user_id == coordinator


def test_a_bad_change_says_what_to_do_and_changes_nothing(client, coordinator, staff, blocks):
    page = parse(change(client, staff, name="Sam\x00", staff_block=""))
    assert errors(page) == ["Enter the name with letters, spaces and punctuation only",
                            "Select the service block the member of staff works in"]
    user = db.session.get(User, staff)
    assert (user.name, user.block.name) == ("Sam Staff", "Housing")
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="changed")) is None


def test_a_coordinator_cannot_change_their_own_role_or_deactivate_themselves(client,
                                                                             coordinator):
    page = parse(client.post(f"/people/{coordinator}/change",
                             data={"name": "Carys", "kind": "councillor"}))
    assert errors(page) == ["You cannot change your own role: ask another coordinator"]
    assert db.session.get(User, coordinator).role == Role.COORDINATOR
    page = parse(client.get(f"/people/{coordinator}/deactivate"))
    assert "You cannot deactivate your own account" in page.text
    assert client.post(f"/people/{coordinator}/deactivate").status_code == 403
    assert db.session.get(User, coordinator).active


def test_a_deactivated_person_is_signed_out_and_cannot_sign_in_until_reactivated(
        client, stranger, coordinator, staff):
    stranger.post("/sign-in", data={"email": "sam@example.org", "password": "correct horse"})
    assert stranger.get("/").status_code == 200

    page = parse(client.get(f"/people/{staff}/deactivate"))
    assert page.h1.text == "Deactivate Sam Staff"
    client.post(f"/people/{staff}/deactivate")

    assert stranger.get("/").headers["Location"].endswith("/sign-in")
    refused = parse(stranger.post("/sign-in", data={"email": "sam@example.org",
                                                    "password": "correct horse"}))
    assert "Enter a correct email address and password" in refused.text
    assert "Deactivated" in parse(client.get("/people")).select_one("#people").text

    client.post(f"/people/{staff}/reactivate")
    response = stranger.post("/sign-in", data={"email": "sam@example.org",
                                               "password": "correct horse"})
    assert response.status_code == 302
    actions = db.session.scalars(db.select(AuditEvent.action).filter_by(
        entity_id=str(staff)).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["deactivated", "reactivated"]


def test_an_unknown_person_is_not_found(client, coordinator):
    assert client.get("/people/999999").status_code == 404
    assert client.post("/people/999999/deactivate").status_code == 404


def test_only_coordinators_see_people_and_settings(client, make_user, sign_in, blocks):
    make_user("lead@example.org", Role.TEAM_LEAD, block_names=["Housing"])
    sign_in("lead@example.org")
    assert client.get("/people").status_code == 403
    assert client.get("/settings").status_code == 403
    menu = parse(client.get("/")).select_one(".govuk-service-navigation").text
    assert "People" not in menu and "Settings" not in menu


def test_the_coordinator_reaches_people_and_settings_from_home(client, coordinator):
    page = parse(client.get("/"))
    menu = [a.text.strip() for a in page.select(".govuk-service-navigation__link")]
    assert {"People", "Settings"} <= set(menu)
    links = {a.text.strip(): a["href"] for a in page.select("main a")}
    assert (links["Invite people"], links["Change the settings"]) == ("/people/invite",
                                                                       "/settings")


def test_an_assessor_whose_access_ended_keeps_their_day_until_it_is_moved(
        client, stranger, coordinator, make_user):
    assessor = make_user("ada@example.org", Role.ASSESSOR, name="Ada Assessor")
    assessor.access_expires_at = datetime.now(UTC) - timedelta(days=3)
    db.session.commit()
    assert "Access ended" in parse(client.get("/people")).select_one("#people").text
    page = parse(client.get(f"/people/{assessor.id}/change"))
    kept = [page.select_one(f"#access_until-{part}")["value"] for part in ("day", "month", "year")]

    response = change(client, assessor.id, name="Ada Lovelace", kind="assessor",
                      access_until=kept)
    assert response.status_code == 302, errors(parse(response))
    assert db.session.get(User, assessor.id).name == "Ada Lovelace"
    assert stranger.post("/sign-in", data={"email": "ada@example.org",
                                          "password": "correct horse"}).status_code == 200

    next_year = str(datetime.now(UTC).year + 1)
    change(client, assessor.id, name="Ada Lovelace", kind="assessor",
           access_until=["1", "2", next_year])
    assert stranger.post("/sign-in", data={"email": "ada@example.org",
                                          "password": "correct horse"}).status_code == 302


def test_an_account_from_create_user_is_invited_from_its_page(client, stranger, coordinator,
                                                               make_user, app):
    mailman = app.extensions["mailman"]
    mailman.outbox = []
    cllr = make_user("cllr@example.org", Role.SHOPPER, name="Cllr Jones", password=None)
    page = parse(client.get(f"/people/{cllr.id}"))
    assert "Not invited yet" in page.text
    client.post(f"/people/{cllr.id}/invite-again")
    page = parse(client.get(f"/people/{cllr.id}"))
    assert "A new invitation was sent to cllr@example.org" in page.text
    assert page.find("button", string="Send the invitation again")
    [message] = mailman.outbox
    [link] = re.findall(r"http://shopper\.test(/set-password/\S+)", message.body)
    assert stranger.get(link).status_code == 200


def test_an_invitation_again_that_cannot_be_emailed_says_so_and_saves_nothing(
        client, coordinator, make_user, app, monkeypatch):
    cllr = make_user("cllr@example.org", Role.SHOPPER, password=None)
    monkeypatch.setattr(app.extensions["mailman"], "backend", FailingBackend)
    client.post(f"/people/{cllr.id}/invite-again")
    page = parse(client.get(f"/people/{cllr.id}"))
    assert "The invitation could not be emailed, so nothing was saved" in page.text
    assert "Not invited yet" in page.text


def test_a_deactivated_account_is_not_invited_again(client, coordinator, make_user, app):
    app.extensions["mailman"].outbox = []
    cllr = make_user("cllr@example.org", Role.SHOPPER, password=None)
    client.post(f"/people/{cllr.id}/deactivate")
    client.post(f"/people/{cllr.id}/invite-again")
    page = parse(client.get(f"/people/{cllr.id}"))
    assert "cllr@example.org's account is deactivated: reactivate it first" in page.text
    assert app.extensions["mailman"].outbox == []
