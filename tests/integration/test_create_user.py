"""create-user: accounts made unattended, with a clear line for every mistake."""

from datetime import date, timedelta

import pytest

from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import AuditEvent, ServiceBlock, ServiceGrouping, User


@pytest.fixture
def blocks(app):
    grouping = ServiceGrouping(name="Resources")
    db.session.add_all([ServiceBlock(name="Planning", grouping=grouping),
                        ServiceBlock(name="Housing", grouping=grouping)])
    db.session.commit()


def _run(app, *args, stdin=None):
    return app.test_cli_runner().invoke(args=["shopper", "create-user", *args], input=stdin)


def _users() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(User))


def test_a_user_without_a_password_exists_but_cannot_sign_in(app, client):
    result = _run(app, "Cllr.Jones@Example.org", "--role", "shopper", "--name", "Cllr Jones")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Created shopper cllr.jones@example.org (cannot sign in until a password is set)\n")
    user = db.session.scalar(db.select(User).filter_by(email="cllr.jones@example.org"))
    assert user.name == "Cllr Jones" and user.block is None and user.password_hash is None
    response = client.post("/sign-in", data={"email": "cllr.jones@example.org", "password": "x"})
    assert response.status_code == 200


def test_a_password_on_standard_input_lets_the_user_sign_in(app, client, blocks):
    result = _run(app, "staff@example.org", "--role", "shopper", "--block", "Planning",
                  "--password-stdin", stdin="a long enough password\n")
    assert result.exit_code == 0, result.output
    assert "can sign in" in result.output
    response = client.post("/sign-in", data={"email": "staff@example.org",
                                             "password": "a long enough password"})
    assert response.status_code == 302
    user = db.session.scalar(db.select(User).filter_by(email="staff@example.org"))
    assert user.block.name == "Planning"


def test_a_team_lead_leads_every_block_named(app, blocks):
    result = _run(app, "lead@example.org", "--role", "team_lead", "--block", "Planning",
                  "--block", "Housing")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).filter_by(email="lead@example.org"))
    assert sorted(block.name for block in user.led_blocks) == ["Housing", "Planning"]


def test_creating_a_user_is_kept_in_the_audit_trail(app, blocks):
    _run(app, "lead@example.org", "--role", "team_lead", "--block", "Planning")
    event = db.session.scalar(db.select(AuditEvent).filter_by(entity="user"))
    assert event.action == "created"
    assert event.after["role"] == "team_lead"
    assert event.after["led_blocks"] == ["Planning"]
    assert "password" not in str(event.after).replace("can_sign_in", "")


@pytest.mark.parametrize("args, stdin, message", [
    (["x@example.org", "--role", "mayor"], None, "Invalid value for '--role'"),
    (["not-an-email", "--role", "shopper"], None, "Enter an email address like"),
    (["x@example.org", "--role", "shopper", "--block", "Nowhere"], None,
     "There is no service block called 'Nowhere'"),
    (["x@example.org", "--role", "team_lead"], None, "A team lead leads at least one"),
    (["x@example.org", "--role", "coordinator", "--block", "Planning"], None,
     "A coordinator has no service block"),
    (["x@example.org", "--role", "shopper", "--block", "Planning", "--block", "Housing"], None,
     "A member of staff belongs to one service block"),
    (["x@example.org", "--role", "shopper", "--password-stdin"], "short\n",
     "Choose a password of at least 10 characters"),
    (["x@example.org", "--role", "shopper", "--password-stdin"], "", "Give the password"),
])
def test_bad_input_gets_one_clear_line_and_creates_nothing(app, blocks, args, stdin, message):
    result = _run(app, *args, stdin=stdin)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert _users() == 0


def test_the_same_email_twice_is_refused(app):
    next_month = (date.today() + timedelta(days=30)).isoformat()
    assert _run(app, "x@example.org", "--role", "assessor", "--access-until",
                next_month).exit_code == 0
    result = _run(app, "X@example.org", "--role", "shopper")
    assert result.exit_code != 0
    assert "A user with the email x@example.org already exists" in result.output
    assert db.session.scalar(db.select(User.role)) == Role.ASSESSOR
