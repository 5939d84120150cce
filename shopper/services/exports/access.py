"""Who may export what: coordinators and assessors every block, team leads their own."""

from datetime import date

import sqlalchemy as sa

from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import ServiceBlock, User
from shopper.services.audit import Actor, record_change
from shopper.services.errors import NotAllowed
from shopper.services.exports.evidence import ExportChoice
from shopper.services.visibility import visible_block_ids

FORMATS = ("xlsx", "csv", "pdf", "json")


def choice_for(user: User, start: date, end: date, block_ids: list[int] | None,
               with_names: bool) -> ExportChoice:
    """The export the person asked for, if they may have it; NotAllowed if not."""
    if user.role not in (Role.COORDINATOR, Role.ASSESSOR, Role.TEAM_LEAD):
        raise NotAllowed("Only coordinators, assessors and team leads can export evidence")
    if with_names and user.role != Role.COORDINATOR:
        raise NotAllowed("Only a coordinator can include names in an export")
    allowed = visible_block_ids(user)
    if allowed is not None:
        if block_ids is None:
            block_ids = sorted(allowed)
        elif not set(block_ids) <= set(allowed):
            raise NotAllowed("You can export only the service blocks you lead")
    return ExportChoice(start, end, block_ids, with_names)


def record_export(actor: Actor, file_format: str, choice: ExportChoice,
                  blocks: list[str]) -> None:
    """Write the export, and whether it held names, in the audit trail."""
    record_change(actor, "export", file_format, "exported", None, {
        "format": file_format, "from": choice.start.isoformat(), "to": choice.end.isoformat(),
        "blocks": blocks if choice.block_ids is not None else "every active block",
        "with_names": choice.with_names})
    db.session.commit()


def export_blocks(user: User) -> list[tuple[int, str]]:
    """The blocks the person may choose: every active one, or a team lead's own."""
    if user.role == Role.TEAM_LEAD:
        return [(block.id, block.name) for block in user.led_blocks]
    query = (sa.select(ServiceBlock.id, ServiceBlock.name).where(ServiceBlock.active)
             .order_by(ServiceBlock.name))
    return [tuple(row) for row in db.session.execute(query)]
