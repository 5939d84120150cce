"""Re-shops from an action: a line or reception point of its block shopped again, on purpose."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from shopper.domain import sampling
from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import Action, Assignment, Line, ReceptionPoint, ServiceBlock, Shop, User
from shopper.services.audit import Actor, record_change
from shopper.services.errors import FieldRefused
from shopper.services.settings import current_settings


class ReshopRefused(FieldRefused):
    """The re-shop cannot be scheduled as asked; `field` is the answer to change."""


@dataclass(frozen=True)
class ReshopPlace:
    """A line or reception point that can be shopped again; `shop` when a linked shop failed it."""

    key: str  # "line:ID" or "reception:ID", what the form sends back
    line: Line | None
    reception_point: ReceptionPoint | None
    shop: Shop | None = None

    @property
    def served(self) -> frozenset[int]:
        if self.line is not None:
            return frozenset({self.line.service_block_id})
        return frozenset(block.id for block in self.reception_point.blocks)


def reshop_places(action: Action) -> list[ReshopPlace]:
    """The linked shops' places first, then every other active line and reception point of the
    block, so an action raised on an item can be re-shopped too."""
    places: dict[str, ReshopPlace] = {}
    for shop in action.shops:
        if shop.line is not None and shop.line.active:
            places.setdefault(f"line:{shop.line_id}", ReshopPlace(
                f"line:{shop.line_id}", shop.line, None, shop))
        elif shop.reception_point is not None and shop.reception_point.active:
            key = f"reception:{shop.reception_point_id}"
            places.setdefault(key, ReshopPlace(key, None, shop.reception_point, shop))
    lines = db.session.scalars(
        sa.select(Line).options(selectinload(Line.team))
        .where(Line.service_block_id == action.service_block_id, Line.active)
        .order_by(Line.number, Line.extension))
    for line in lines:
        places.setdefault(f"line:{line.id}", ReshopPlace(f"line:{line.id}", line, None))
    serves = ReceptionPoint.blocks.any(ServiceBlock.id == action.service_block_id)
    points = db.session.scalars(sa.select(ReceptionPoint)
                                .where(ReceptionPoint.active, serves)
                                .order_by(ReceptionPoint.name))
    for point in points:
        places.setdefault(f"reception:{point.id}", ReshopPlace(f"reception:{point.id}", None,
                                                                point))
    return list(places.values())


def reshop_shoppers(action: Action) -> list[User]:
    """Shoppers who may re-shop the block: councillors and staff of other blocks."""
    return list(db.session.scalars(
        db.select(User).options(selectinload(User.block))
        .where(User.role == Role.SHOPPER, User.active,
               db.or_(User.service_block_id.is_(None),
                      User.service_block_id != action.service_block_id))
        .order_by(User.name, User.email)))


def schedule_reshop(action: Action, place_key: str, shopper_id: int | None, due_on: date, *,
                    actor: Actor) -> Assignment:
    """Ask a shopper to shop the place again for this action; with no shopper named (a team
    lead does not know who the shoppers are), the least busy one free that day."""
    place = next((p for p in reshop_places(action) if p.key == place_key), None)
    if place is None:
        raise ReshopRefused("shop", "Choose which line or reception point to shop again")
    shopper = _chosen(action, place, shopper_id) if shopper_id is not None \
        else _free_shopper(action, place, due_on)
    assignment = Assignment(shopper_id=shopper.id,
                            line_id=place.line.id if place.line else None,
                            reception_point_id=place.reception_point.id
                            if place.reception_point else None,
                            service_block_id=action.service_block_id, due_on=due_on,
                            action_id=action.id)
    db.session.add(assignment)
    db.session.flush()
    record_change(actor, "assignment", assignment.id, "created", None, {
        "action": action.id, "shopper": shopper.id, "line": assignment.line_id,
        "reception_point": assignment.reception_point_id, "due_on": due_on.isoformat()})
    db.session.commit()
    return assignment


def _chosen(action: Action, place: ReshopPlace, shopper_id: int) -> User:
    shopper = next((u for u in reshop_shoppers(action) if u.id == shopper_id), None)
    if shopper is None:
        raise ReshopRefused("shopper", "Choose a shopper who does not work in "
                                       f"{action.block.name}")
    if shopper.service_block_id in place.served:
        raise ReshopRefused("shopper", "Choose a shopper who does not work in a block that "
                                       f"{place.reception_point.name} serves")
    return shopper


def _free_shopper(action: Action, place: ReshopPlace, due_on: date) -> User:
    """The sampling rules pick one: never their own block, never over the daily cap."""
    shoppers = {user.id: user for user in reshop_shoppers(action)}
    load = {(shopper, due_on): count for shopper, count in db.session.execute(
        sa.select(Assignment.shopper_id, sa.func.count())
        .where(Assignment.due_on == due_on, Assignment.cancelled_at.is_(None))
        .group_by(Assignment.shopper_id))}
    kind = place.line.line_type.value if place.line else sampling.RECEPTION
    plan = sampling.Plan(
        wanted={action.service_block_id: 1},
        targets=[sampling.Target((kind, 0), action.service_block_id, kind, place.served)],
        shoppers=[sampling.Shopper(u.id, u.service_block_id) for u in shoppers.values()],
        days=[due_on], lockout_days=0, daily_cap=current_settings().daily_cap, seed=action.id,
        load=load)
    picks = sampling.sample(plan).picks
    if not picks:
        raise ReshopRefused("due_on", "No shopper is free that day: choose another day")
    return shoppers[picks[0].shopper_id]
