"""The audit trail for exercises and assignments, attributed to whoever made the change."""

from shopper.services.audit import record_change


def audit(actor, entity: str, entity_id, action: str, before: dict | None,
          after: dict | None) -> None:
    """Record a change in the caller's transaction."""
    record_change(entity, entity_id, action, before, after)
