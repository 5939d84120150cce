"""The invite command: an account made by create-user without a password is invited later."""

import smtplib

import pytest

from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import AuditEvent, Invitation


@pytest.fixture
def outbox(app):
    mailman = app.extensions["mailman"]
    mailman.outbox = []
    return mailman.outbox


def _invite(app, *args):
    return app.test_cli_runner().invoke(args=["shopper", "invite", *args])


def _links() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Invitation))


def test_create_user_then_invite_sends_the_link(app, outbox):
    runner = app.test_cli_runner()
    runner.invoke(args=["shopper", "create-user", "cllr@example.org", "--role", "shopper"])
    result = _invite(app, " Cllr@Example.org ")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "Invited cllr@example.org: the link to set a password works until ")
    assert result.output.count("\n") == 1
    [message] = outbox
    assert "http://shopper.test/set-password/" in message.body
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="invitation_sent"))
    assert event.actor.startswith("flask shopper invite")


@pytest.mark.parametrize(("email", "password", "message"), [
    ("nobody@example.org", None, "There is no user with the email nobody@example.org: create "
                                 "the account with create-user first, then invite them"),
    ("cllr@example.org", "a long enough password", "cllr@example.org can already sign in: if "
     "they have forgotten their password, they can reset it from the sign-in page"),
])
def test_invite_refuses_with_one_line_and_changes_nothing(app, make_user, outbox, email,
                                                          password, message):
    make_user("cllr@example.org", Role.SHOPPER, password=password)
    result = _invite(app, email)
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"
    assert (_links(), outbox) == (0, [])


def test_invite_saves_nothing_when_the_mail_server_refuses(app, make_user, monkeypatch):
    make_user("cllr@example.org", Role.SHOPPER, password=None)
    monkeypatch.setattr(app.extensions["mailman"], "backend", Refusing)
    result = _invite(app, "cllr@example.org")
    assert result.exit_code == 1
    assert "could not be emailed, so nothing was saved" in result.output
    assert _links() == 0
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="invitation_sent")) is None


class Refusing:
    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({})


def test_without_shoppers_address_no_link_is_sent_and_the_log_says_why(app, make_user, outbox,
                                                                       monkeypatch, caplog):
    make_user("cllr@example.org", Role.SHOPPER, password=None)
    monkeypatch.setitem(app.config, "SHOPPER_BASE_URL", None)
    result = _invite(app, "cllr@example.org")
    assert result.exit_code == 1
    assert "Set SHOPPER_BASE_URL to Shopper's address" in caplog.text
    assert (_links(), outbox) == (0, [])
