"""The audit trail: every change to a shop, standard, exclusion or role, and who made it."""

import getpass
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from shopper.domain.deadlines import LONDON
from shopper.extensions import db
from shopper.models import AuditEvent, User
from shopper.services.bulk import insert_rows


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


@dataclass(frozen=True)
class AuditFilter:
    """Which events to show: by who (part of the name), what (the entity) and when (dates)."""

    who: str = ""
    what: str = ""
    start: date | None = None
    end: date | None = None


# The most events one page lists, newest first.
AUDIT_PAGE = 200


def audited_entities() -> list[str]:
    """The kinds of thing the trail holds changes to, like shop or user."""
    return list(db.session.scalars(
        db.select(AuditEvent.entity).distinct().order_by(AuditEvent.entity)))


def audit_events(chosen: AuditFilter) -> list[AuditEvent]:
    """The newest events matching the filter; dates are Europe/London days, both included."""
    return list(db.session.scalars(_matching(chosen).limit(AUDIT_PAGE)))


def every_audit_event(actor: Actor, chosen: AuditFilter) -> Iterator[AuditEvent]:
    """Every event matching the filter, newest first, for a download; the download itself is
    kept in the trail, since the trail names people."""
    record_change(actor, "export", "audit", "exported", None, {
        "format": "csv", "who": chosen.who, "what": chosen.what,
        "from": chosen.start.isoformat() if chosen.start else None,
        "to": chosen.end.isoformat() if chosen.end else None, "with_names": True})
    db.session.commit()
    return db.session.scalars(_matching(chosen).execution_options(yield_per=500))


def _matching(chosen: AuditFilter):
    query = db.select(AuditEvent)
    if chosen.who:
        query = query.where(AuditEvent.actor.icontains(chosen.who, autoescape=True))
    if chosen.what:
        query = query.where(AuditEvent.entity == chosen.what)
    if chosen.start:
        query = query.where(AuditEvent.at >= _london_midnight(chosen.start))
    if chosen.end:
        query = query.where(AuditEvent.at < _london_midnight(chosen.end + timedelta(days=1)))
    return query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


def _london_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LONDON).astimezone(UTC)


def record_changes(actor: Actor, entity: str,
                   changes: Iterable[tuple[object, str, dict | None, dict | None]]) -> int:
    """Add many audit events at once, each (entity_id, action, before, after); how many."""
    at = datetime.now(UTC)
    rows = [{"at": at, "user_id": actor.user_id, "actor": actor.name[:200], "entity": entity,
             "entity_id": str(entity_id), "action": action, "before": before, "after": after}
            for entity_id, action, before, after in changes]
    insert_rows(AuditEvent.__table__, rows)
    return len(rows)
