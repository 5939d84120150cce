"""One-time links to set a password: used and expired links, and forgotten passwords."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import AuditEvent, Invitation, User
from tests.conftest import parse

PASSWORD = {"password": "teapot river window", "confirm": "teapot river window"}


@pytest.fixture
def outbox(app):
    mailman = app.extensions["mailman"]
    mailman.outbox = []
    return mailman.outbox


@pytest.fixture
def invited(app, make_user, outbox) -> str:
    """An account from create-user with no password, invited from the command line."""
    make_user("cllr@example.org", Role.SHOPPER, password=None, name="Cllr Jones")
    result = app.test_cli_runner().invoke(args=["shopper", "invite", "cllr@example.org"])
    assert result.exit_code == 0, result.output
    return link_in(outbox.pop())


def link_in(message) -> str:
    [url] = re.findall(r"http://shopper\.test(/set-password/\S+)", message.body)
    return url


def errors(page) -> list[str]:
    return [a.text.strip() for a in page.select(".govuk-error-summary a")]


def signs_in(client, password: str) -> bool:
    response = client.post("/sign-in", data={"email": "cllr@example.org", "password": password})
    client.post("/sign-out")
    return response.status_code == 302


def test_a_used_invitation_says_so_and_cannot_set_the_password_again(client, invited):
    client.post(invited, data=PASSWORD)
    response = client.get(invited)
    assert response.status_code == 410
    page = parse(response)
    assert page.h1.text == "This invitation has already been used"
    assert page.title.text.startswith("This invitation has already been used")
    assert client.post(invited, data={"password": "another password!",
                                      "confirm": "another password!"}).status_code == 410
    assert signs_in(client, "teapot river window")


def test_an_expired_invitation_says_to_ask_for_another(client, invited):
    for link in db.session.scalars(db.select(Invitation)):
        link.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    response = client.get(invited)
    assert response.status_code == 410
    page = parse(response)
    assert page.h1.text == "This invitation has expired"
    assert "Invitations work for 7 days. Ask your council's Shopper coordinator" in page.text
    client.post(invited, data=PASSWORD)
    assert db.session.scalar(db.select(User.password_hash)) is None


@pytest.mark.parametrize("token", ["nonsense", "x" * 5000, "%00", "caf%C3%A9", "%E2%80%AE"])
def test_a_link_that_is_not_ours_says_it_does_not_work(client, token):
    response = client.get(f"/set-password/{token}")
    assert response.status_code == 404
    assert parse(response).h1.text == "This link does not work"


@pytest.mark.parametrize(("data", "messages"), [
    ({"password": "", "confirm": ""},
     ["Enter a password", "Enter the password again to confirm it"]),
    ({"password": "short", "confirm": "short"},
     ["Enter a password of at least 10 characters"]),
    ({"password": "x" * 300, "confirm": "x" * 300},
     ["Enter a password of 256 characters or fewer"]),
    ({"password": "teapot\x00river window", "confirm": "teapot\x00river window"},
     ["Enter a password of letters, numbers, spaces and symbols only",
      "Remove the invisible control characters from what you entered: retype it, or paste it "
      "as plain text"]),
    ({"password": "teapot river window", "confirm": "teapot river widow"},
     ["Enter the same password twice: the two did not match"]),
])
def test_a_bad_password_says_what_to_do_and_the_link_still_works(client, invited, data,
                                                                  messages):
    page = parse(client.post(invited, data=data))
    assert errors(page) == messages
    assert page.title.text.startswith("Error: Create your password")
    assert db.session.scalar(db.select(User.password_hash)) is None
    assert client.post(invited, data=PASSWORD).status_code == 302


def test_a_deactivated_account_cannot_use_its_link(client, invited):
    db.session.scalar(db.select(User)).active = False
    db.session.commit()
    response = client.get(invited)
    assert (response.status_code, parse(response).h1.text) == (403,
                                                               "Your account is deactivated")


def test_a_forgotten_password_is_reset_by_a_link_in_an_email(client, invited, outbox):
    client.post(invited, data=PASSWORD)
    page = parse(client.get("/sign-in"))
    assert page.find("a", string="Forgotten your password?")["href"] == "/forgotten-password"

    page = parse(client.post("/forgotten-password", data={"email": " CLLR@example.org "}))
    assert page.h1.text == "Check your email"
    [message] = outbox
    assert message.to == ["cllr@example.org"]
    link = link_in(message)
    assert parse(client.get(link)).h1.text == "Choose a new password"
    client.post(link, data={"password": "a brand new password", "confirm": "a brand new password"})

    assert signs_in(client, "a brand new password")
    assert not signs_in(client, "teapot river window")
    assert parse(client.get(link)).h1.text == "This link has already been used"
    actions = db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["reset_sent", "password_set"]


def test_a_reset_link_works_for_two_hours(client, invited, outbox):
    client.post("/forgotten-password", data={"email": "cllr@example.org"})
    link = db.session.scalar(db.select(Invitation).filter_by(purpose="reset"))
    assert timedelta(hours=1, minutes=59) < link.expires_at - datetime.now(UTC) <= timedelta(
        hours=2)
    link.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    db.session.commit()
    page = parse(client.get(link_in(outbox[0])))
    assert page.h1.text == "This link has expired"


def test_setting_a_password_spends_every_other_link(client, invited, outbox):
    client.post("/forgotten-password", data={"email": "cllr@example.org"})
    reset = link_in(outbox[0])
    client.post(invited, data=PASSWORD)
    assert parse(client.get(reset)).h1.text == "This link has already been used"


@pytest.mark.parametrize("email", ["nobody@example.org", "cllr@example.org"])
def test_no_one_learns_whether_an_email_has_an_account(client, invited, outbox, email):
    if email == "cllr@example.org":
        db.session.scalar(db.select(User)).active = False
        db.session.commit()
    page = parse(client.post("/forgotten-password", data={"email": email}))
    assert page.h1.text == "Check your email"
    assert outbox == []


@pytest.mark.parametrize(("email", "message"), [
    ("", "Enter your email address"),
    ("no-at-sign", "Enter an email address in the correct format, like name@example.gov.uk"),
    ("a\x00@example.org", "Enter an email address in the correct format, like name@example.gov.uk"),
])
def test_a_bad_email_for_a_reset_says_what_to_do(client, outbox, email, message):
    page = parse(client.post("/forgotten-password", data={"email": email}))
    assert errors(page) == [message]
    assert outbox == []


def test_reset_emails_to_one_address_are_throttled(app, invited, outbox, database_url):
    from shopper import create_app
    from shopper.extensions import limiter

    throttled_app = create_app("test", SQLALCHEMY_DATABASE_URI=database_url,
                               RATELIMIT_ENABLED=True)
    try:
        client = throttled_app.test_client()
        codes = [client.post("/forgotten-password",
                             data={"email": "cllr@example.org"}).status_code for _ in range(6)]
        page = parse(client.post("/forgotten-password", data={"email": "cllr@example.org"}))
        with throttled_app.app_context():
            limiter.reset()
    finally:
        limiter.enabled = False
    assert codes == [200] * 5 + [429]
    assert "reset it from the sign-in page" in page.text


def test_a_new_password_signs_the_person_out_everywhere_else(client, app, invited, outbox):
    client.post(invited, data=PASSWORD)
    client.post("/sign-in", data={"email": "cllr@example.org", "password": PASSWORD["password"]})
    assert client.get("/").status_code == 200
    other = app.test_client()
    other.post("/forgotten-password", data={"email": "cllr@example.org"})
    other.post(link_in(outbox[0]), data={"password": "a brand new password",
                                         "confirm": "a brand new password"})
    assert client.get("/").headers["Location"].endswith("/sign-in")


def test_an_assessor_whose_access_ended_is_told_so_by_their_link(client, app, make_user,
                                                                  outbox):
    assessor = make_user("ada@example.org", Role.ASSESSOR, password=None)
    app.test_cli_runner().invoke(args=["shopper", "invite", "ada@example.org"])
    assessor.access_expires_at = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    response = client.get(link_in(outbox[0]))
    assert (response.status_code, parse(response).h1.text) == (403, "Your access has ended")
