"""Which service blocks a person may see results, shops and actions of."""

from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import ServiceBlock, User
from shopper.services.errors import NotFound

EVERY_BLOCK = (Role.COORDINATOR, Role.ASSESSOR)


class BlockNotFound(NotFound):
    """The block does not exist, or is one the person may not see: which, is never said."""


def visible_block_ids(user: User) -> list[int] | None:
    """The ids of the blocks whose results the user may see; None means every block."""
    if user.role in EVERY_BLOCK:
        return None
    if user.role == Role.TEAM_LEAD:
        return [block.id for block in user.led_blocks]
    return []


def may_see_block(user: User, block_id: int) -> bool:
    allowed = visible_block_ids(user)
    return allowed is None or block_id in allowed


def may_see_names(user: User, block_id: int) -> bool:
    """Officer names and shop notes: coordinators and the block's own team lead only."""
    if user.role == Role.COORDINATOR:
        return True
    return user.role == Role.TEAM_LEAD and block_id in visible_block_ids(user)


def visible_block_or_404(user: User, block_id: int) -> ServiceBlock:
    """The block, if it exists and the user may see it; otherwise 404, revealing nothing."""
    block = db.session.get(ServiceBlock, block_id)
    if block is None or not may_see_block(user, block_id):
        raise BlockNotFound
    return block
