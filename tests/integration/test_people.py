"""People: a coordinator invites, changes, deactivates and reactivates accounts (docs/roles.md)."""

import re

import pytest

from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import AuditEvent, Invitation, ServiceBlock, ServiceGrouping, User
from tests.conftest import FreshRequestClient, parse

NEXT_YEAR = str(__import__("datetime").date.today().year + 1)


@pytest.fixture
def outbox(app):
    """The emails sent during the test."""
    mailman = app.extensions["mailman"]
    mailman.outbox = []
    return mailman.outbox


@pytest.fixture
def blocks(app) -> dict[str, int]:
    grouping = ServiceGrouping(name="Resources")
    made = {name: ServiceBlock(name=name, grouping=grouping)
            for name in ("Housing", "Planning", "Waste")}
    made["Old block"] = ServiceBlock(name="Old block", grouping=grouping, active=False)
    db.session.add_all(made.values())
    db.session.commit()
    return {name: block.id for name, block in made.items()}


@pytest.fixture
def coordinator(client, make_user, sign_in):
    user = make_user("carys@example.org", Role.COORDINATOR, name="Carys Coordinator")
    sign_in("carys@example.org")
    return user.id


@pytest.fixture
def stranger(app):
    """A second browser, for the person invited."""
    app.test_client_class = FreshRequestClient
    return app.test_client()


def invite(client, **fields):
    data = {"email": "", "name": "", "kind": "", "staff_block": "", "access_until": ["", "", ""]}
    data.update(fields)
    return client.post("/people/invite", data=data)


def link_in(message) -> str:
    [url] = re.findall(r"http://shopper\.test(/set-password/\S+)", message.body)
    return url


def errors(page) -> list[str]:
    return [a.text.strip() for a in page.select(".govuk-error-summary a")]


INVITEES = [
    ("lead@example.org", "Hana Housing", {"kind": "team_lead", "led_blocks": ["Housing",
                                                                            "Planning"]},
     "team lead", Role.TEAM_LEAD, "a team lead for Housing, Planning"),
    ("cllr@example.org", "Cllr Alun Jones", {"kind": "councillor"}, "councillor", Role.SHOPPER,
     "a shopper (councillor)"),
    ("staff@example.org", "Sam Staff", {"kind": "staff", "staff_block": "Waste"},
     "member of staff", Role.SHOPPER, "a shopper (member of staff) for Waste"),
    ("assessor@example.org", "Ada Assessor",
     {"kind": "assessor", "access_until": ["31", "3", NEXT_YEAR]}, "assessor", Role.ASSESSOR,
     "the assessor"),
]


@pytest.mark.parametrize(("email", "name", "choice", "caption", "role", "invited_as"), INVITEES)
def test_an_invited_person_sets_a_password_and_signs_in_with_their_role(
        client, stranger, coordinator, blocks, outbox, email, name, choice, caption, role,
        invited_as):
    fields = {key: ([str(blocks[v]) for v in value] if key == "led_blocks" else
                    str(blocks[value]) if key == "staff_block" else value)
              for key, value in choice.items()}
    response = invite(client, email=email.upper(), name=name, **fields)
    assert response.status_code == 302, errors(parse(response))
    page = parse(client.get(response.headers["Location"]))
    assert f"Invitation sent to {email}" in page.select_one(".govuk-notification-banner").text
    assert "Invited" in page.select_one("#people").text

    [message] = outbox
    assert message.to == [email]
    assert "Anytown Borough Council" in message.subject
    assert f"You are invited as {invited_as}." in " ".join(message.body.split())
    page = parse(stranger.get(link_in(message)))
    assert page.h1.text == "Create your password"
    assert page.title.text.startswith("Create your password")
    response = stranger.post(link_in(message), data={"password": "teapot river window",
                                                      "confirm": "teapot river window"})
    assert response.headers["Location"].endswith("/sign-in")
    response = stranger.post("/sign-in", data={"email": email, "password": "teapot river window"})
    assert response.status_code == 302
    home = parse(stranger.get("/"))
    assert home.h1.select_one(".govuk-caption-l").text == f"{name}, {caption}"
    user = db.session.scalar(db.select(User).filter_by(email=email))
    assert (user.name, user.role) == (name, role)
    assert [e.action for e in db.session.scalars(
        db.select(AuditEvent).filter_by(entity="user", entity_id=str(user.id))
        .order_by(AuditEvent.id))] == ["invited", "invitation_sent", "password_set"]


def test_an_assessor_has_access_to_the_end_of_the_day_given(client, coordinator, blocks, outbox):
    invite(client, email="ada@example.org", name="Ada", kind="assessor",
           access_until=["31", "3", NEXT_YEAR])
    user = db.session.scalar(db.select(User).filter_by(email="ada@example.org"))
    assert user.access_expires_at.isoformat() == f"{NEXT_YEAR}-03-31T23:00:00+00:00"
    page = parse(client.get("/people"))
    assert f"Access until the end of 31 March {NEXT_YEAR}" in page.select_one("#people").text


GOOD = {"email": "new@example.org", "name": "New Person", "kind": "councillor"}
BAD_INVITES = [
    ({"email": "", "name": "", "kind": ""},
     ["Enter the person's email address", "Enter the person's full name",
      "Select what the person will do in Shopper"]),
    ({"email": "   ", "name": " \u00a0 "},
     ["Enter the person's email address", "Enter the person's full name"]),
    ({"email": "not an email"},
     ["Enter an email address in the correct format, like name@example.gov.uk"]),
    ({"email": "new\x00@example.org"},
     ["Enter an email address in the correct format, like name@example.gov.uk"]),
    ({"email": "a" * 400 + "@example.org"},
     ["Enter an email address of 320 characters or fewer"]),
    ({"name": "New\x00Person"}, ["Enter the name with letters, spaces and punctuation only"]),
    ({"name": "New\tPerson"}, ["Enter the name with letters, spaces and punctuation only"]),
    ({"kind": "superuser"}, ["Select what the person will do in Shopper"]),
    ({"kind": "staff"}, ["Select the service block the member of staff works in"]),
    ({"kind": "staff", "staff_block": "999999"}, ["Select the service block from the list"]),
    ({"kind": "staff", "staff_block": "99999999999999999999999"},
     ["Select the service block from the list"]),
    ({"kind": "team_lead"}, ["Select the service blocks the team lead leads"]),
    ({"kind": "team_lead", "led_blocks": ["999999"]}, ["Select service blocks from the list"]),
    ({"kind": "councillor", "staff_block": "HOUSING"},
     ["Only members of staff have a service block: leave it as ‘Choose a service block’"]),
    ({"kind": "assessor"}, ["Enter the last day of the assessor's access"]),
    ({"kind": "assessor", "access_until": ["1", "1", "2020"]},
     ["The last day of access must be today or in the future"]),
    ({"kind": "assessor", "access_until": ["1", "1", "9999"]},
     ["The last day of access must be within 2 years of today"]),
    ({"kind": "assessor", "access_until": ["99999999999999999999", "1", "2027"]},
     ["The last day of access must be a real date"]),
    ({"kind": "councillor", "access_until": ["1", "1", NEXT_YEAR]},
     ["Only assessors have a last day of access: leave the date empty"]),
]


@pytest.mark.parametrize(("changes", "messages"), BAD_INVITES)
def test_a_bad_invitation_says_what_to_do_and_changes_nothing(client, coordinator, blocks,
                                                              outbox, changes, messages):
    changes = {key: str(blocks["Housing"]) if value == "HOUSING" else value
               for key, value in changes.items()}
    page = parse(invite(client, **{**GOOD, **changes}))
    assert errors(page) == messages
    assert page.title.text.startswith("Error: Invite someone")
    typed = {**GOOD, **changes}
    if "\x00" not in typed["name"] and "\t" not in typed["name"]:
        assert page.select_one("#name")["value"] == typed["name"].strip()
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1
    assert outbox == []


def test_an_inactive_block_is_not_offered(client, coordinator, blocks):
    page = parse(client.get("/people/invite"))
    offered = [option.text for option in page.select("#staff_block option")]
    assert offered == ["Choose a service block", "Housing", "Planning", "Waste"]
    page = parse(invite(client, **{**GOOD, "kind": "staff",
                                   "staff_block": str(blocks["Old block"])}))
    assert errors(page) == ["Select the service block from the list"]


def test_an_email_that_already_has_an_account_is_refused(client, coordinator, make_user,
                                                          outbox):
    make_user("taken@example.org", Role.SHOPPER)
    page = parse(invite(client, **{**GOOD, "email": "Taken@Example.org"}))
    assert errors(page) == ["taken@example.org already has an account: find them in the list "
                            "of people to change it or invite them again"]
    assert outbox == []


def test_when_the_email_cannot_be_sent_nothing_is_saved(client, coordinator, app, monkeypatch):
    monkeypatch.setattr(app.extensions["mailman"], "backend", FailingBackend)
    page = parse(invite(client, **GOOD))
    assert errors(page)[0].startswith("The invitation could not be emailed, so nothing was saved")
    assert page.select_one("#email")["value"] == GOOD["email"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Invitation)) == 0
    assert db.session.scalar(db.select(User).filter_by(email=GOOD["email"])) is None


class FailingBackend:
    """A mail server that refuses every message."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPServerDisconnected("the server went away")


def test_a_council_without_blocks_is_told_to_add_them_before_staff(client, coordinator):
    page = parse(client.get("/people/invite"))
    assert "There are no service blocks yet" in page.select_one(".govuk-inset-text").text
    page = parse(invite(client, **{**GOOD, "kind": "staff"}))
    assert errors(page) == ["Select the service block the member of staff works in"]
