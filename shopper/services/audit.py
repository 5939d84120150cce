"""The audit trail: every change to a shop, standard, exclusion or role, and who made it."""

import getpass
from dataclasses import dataclass

from shopper.extensions import db
from shopper.models import AuditEvent, User


@dataclass(frozen=True)
class Actor:
    """Who made a change: a signed-in person, or a command someone ran on the server."""

    name: str
    user_id: int | None = None

    @classmethod
    def of_user(cls, user: User) -> "Actor":
        return cls(user.email, user.id)

    @classmethod
    def command(cls, command: str) -> "Actor":
        """A `flask shopper` command, named with the operating-system user who ran it."""
        return cls(f"flask shopper {command}, run by {_os_user()}")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid, as in some containers
        return "an unnamed user"


def record_change(actor: Actor, entity: str, entity_id, action: str, before: dict | None,
                  after: dict | None) -> AuditEvent:
    """Add an audit event in the caller's transaction."""
    event = AuditEvent(user_id=actor.user_id, actor=actor.name[:200], entity=entity,
                       entity_id=str(entity_id), action=action, before=before, after=after)
    db.session.add(event)
    return event
