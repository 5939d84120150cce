"""The audit trail: every change to a shop, standard, exclusion or role."""

from flask import has_request_context
from flask_login import current_user

from shopper.extensions import db
from shopper.models import AuditEvent


def record_change(entity: str, entity_id, action: str, before: dict | None,
                  after: dict | None) -> AuditEvent:
    """Add an audit event in the caller's transaction, attributed to the signed-in user if any."""
    user_id = None
    if has_request_context() and current_user.is_authenticated:
        user_id = current_user.id
    event = AuditEvent(user_id=user_id, entity=entity, entity_id=str(entity_id), action=action,
                       before=before, after=after)
    db.session.add(event)
    return event
