"""The audit trail names who made each change: the signed-in person, or the command and the
operating-system user who ran it."""

import getpass

from shopper.extensions import db
from shopper.models import AuditEvent


def events(entity: str) -> list[AuditEvent]:
    return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity == entity)))


def test_a_change_from_the_command_line_names_the_command_and_who_ran_it(app):
    result = app.test_cli_runner().invoke(
        args=["shopper", "create-user", "cllr.new@example.org", "--role", "shopper"])
    assert result.exit_code == 0, result.output

    [event] = events("user")
    assert event.user_id is None
    assert event.actor == f"flask shopper create-user, run by {getpass.getuser()}"
    assert event.after["email"] == "cllr.new@example.org"


def test_a_change_in_the_app_names_the_signed_in_person(app, client, make_user, sign_in):
    from shopper.domain.states import Role
    from tests.integration.test_record_council import make_council

    council = make_council()
    lead = make_user("lead@example.org", Role.TEAM_LEAD, block_names=["Planning"])
    sign_in("lead@example.org")
    response = client.post(f"/actions/new?block={council.planning.id}", data={
        "what": "Record a personal greeting", "owner": "Pat Planner",
        "due_on": ["1", "2", "2099"], "status": "amber", "item": ""})
    assert response.status_code == 302, response.text

    [event] = events("action")
    assert (event.user_id, event.actor) == (lead.id, "lead@example.org")
