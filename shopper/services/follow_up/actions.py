"""Actions on failures: raising them, their progress, and re-shops of failing lines."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import selectinload

from shopper.domain.actions import action_order, is_overdue
from shopper.domain.deadlines import local_date
from shopper.domain.standards import ItemSpec
from shopper.domain.states import ActionStatus, Role, ShopStatus
from shopper.extensions import db
from shopper.models import Action, ActionNote, Assignment, ServiceBlock, Shop, User
from shopper.services.audit import Actor, record_change
from shopper.services.errors import NotFound
from shopper.services.follow_up.disputes import (
    shop_results,
    user_names,
    valid_id,
    visible_shop_or_404,
)
from shopper.services.follow_up.reshops import reshop_places
from shopper.services.shops import utcnow
from shopper.services.standards import load_catalogue
from shopper.services.visibility import (
    may_see_block,
    may_see_names,
    visible_block_ids,
    visible_block_or_404,
)


@dataclass(frozen=True)
class ActionTarget:
    """What a new action is raised on: a block, and perhaps one of its items and shops."""

    block: ServiceBlock
    item: ItemSpec | None
    shop: Shop | None


@dataclass(frozen=True)
class ActionRow:
    action: Action
    overdue: bool


@dataclass(frozen=True)
class Reshop:
    assignment: Assignment
    shopper: str | None
    results: list | None


@dataclass(frozen=True)
class ActionDetail:
    action: Action
    overdue: bool
    item: ItemSpec | None
    shops: list[Shop]
    results: dict[int, list]
    reshops: list[Reshop]
    authors: dict[int, str]
    show_names: bool
    may_reshop: bool


def today() -> date:
    return local_date(utcnow())


def visible_blocks(user: User) -> list[ServiceBlock]:
    """The blocks a user may raise and see actions on, by name."""
    allowed = visible_block_ids(user)
    query = db.select(ServiceBlock).order_by(ServiceBlock.name)
    query = query.where(ServiceBlock.active if allowed is None else ServiceBlock.id.in_(allowed))
    return list(db.session.scalars(query))


def block_or_404(user: User, block_id) -> ServiceBlock:
    block_id = valid_id(block_id)
    if block_id is None:
        raise NotFound
    return visible_block_or_404(user, block_id)


def items_in_force() -> list[ItemSpec]:
    """Every item of the standards in force, in the order the standards are asked."""
    return [item for version in load_catalogue().current() for item in version.spec.items]


def action_target(user: User, block_id, item_code: str | None, shop_id) -> ActionTarget:
    """Check what the action is raised on: unknown, hidden or mismatched parts are a 404."""
    block = block_or_404(user, block_id)
    item = None
    if item_code:
        item = next((i for i in items_in_force() if i.code == item_code), None)
        if item is None:
            raise NotFound
    shop = None
    if shop_id:
        shop = visible_shop_or_404(user, shop_id)
        if shop.service_block_id != block.id:
            raise NotFound
    return ActionTarget(block, item, shop)


def raise_action(user: User, target: ActionTarget, *, what: str, owner: str, due_on: date,
                 status: ActionStatus, item_code: str | None) -> Action:
    action = Action(service_block_id=target.block.id, item_code=item_code or None, what=what,
                    owner=owner, due_on=due_on, status=status, created_by_id=user.id,
                    shops=[target.shop] if target.shop else [])
    db.session.add(action)
    db.session.flush()
    record_change(Actor.of_user(user), "action", action.id, "created", None, _describe(action))
    db.session.commit()
    return action


def actions_for(user: User, block_id: int | None = None, status: str | None = None,
                on: date | None = None) -> list[ActionRow]:
    """The actions the user may see, overdue first; status may also be "overdue" or "open"."""
    on = on or today()
    query = db.select(Action).options(selectinload(Action.block))
    allowed = visible_block_ids(user)
    if allowed is not None:
        query = query.where(Action.service_block_id.in_(allowed))
    if block_id is not None:
        query = query.where(Action.service_block_id == block_id)
    if status in set(ActionStatus):
        query = query.where(Action.status == status)
    elif status in ("overdue", "open"):
        query = query.where(Action.status != ActionStatus.DONE)
        if status == "overdue":
            query = query.where(Action.due_on < on)
    rows = [ActionRow(action, is_overdue(action.due_on, action.status, on))
            for action in db.session.scalars(query)]
    return sorted(rows, key=lambda row: (*action_order(row.action.due_on, row.action.status, on),
                                         row.action.id))


def action_or_404(user: User, action_id) -> Action:
    action_id = valid_id(action_id)
    action = db.session.get(Action, action_id) if action_id else None
    if action is None or not may_see_block(user, action.service_block_id):
        raise NotFound
    return action


def action_detail(user: User, action: Action) -> ActionDetail:
    item = next((i for i in items_in_force() if i.code == action.item_code), None)
    assignments = db.session.scalars(
        db.select(Assignment).where(Assignment.action_id == action.id)
        .order_by(Assignment.due_on, Assignment.id)).all()
    recorded = [a.shop for a in assignments
                if a.shop is not None and a.shop.status != ShopStatus.DRAFT]
    results = shop_results(list(action.shops) + recorded)
    coordinator = user.role == Role.COORDINATOR
    reshops = [Reshop(a, a.shopper.display_name if coordinator else None,
                      results.get(a.shop_id)) for a in assignments]
    return ActionDetail(
        action=action, overdue=is_overdue(action.due_on, action.status, today()), item=item,
        shops=list(action.shops), results=results, reshops=reshops,
        authors=user_names({note.author_id for note in action.notes} | {action.created_by_id}),
        show_names=may_see_names(user, action.service_block_id),
        may_reshop=user.role in (Role.COORDINATOR, Role.TEAM_LEAD) and bool(reshop_places(action)))


def update_action(user: User, action: Action, status: ActionStatus, note: str) -> None:
    """Record progress: a new status, a note (never edited afterwards), or both."""
    actor = Actor.of_user(user)
    if status != action.status:
        before = {"status": action.status.value}
        action.status = status
        record_change(actor, "action", action.id, "status_changed", before,
                      {"status": status.value})
    if note:
        added = ActionNote(action_id=action.id, text=note, author_id=user.id)
        db.session.add(added)
        db.session.flush()
        record_change(actor, "action", action.id, "note_added", None,
                      {"note": added.id, "text": note, "author": user.id})
    db.session.commit()


def _describe(action: Action) -> dict:
    return {"block": action.service_block_id, "item": action.item_code, "what": action.what,
            "owner": action.owner, "due_on": action.due_on.isoformat(),
            "status": action.status.value, "shops": [shop.id for shop in action.shops]}
