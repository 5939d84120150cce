"""Reception points in the app: name, address, blocks served, opening hours, family reception."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from shopper.extensions import db
from shopper.models import ReceptionPoint, ServiceBlock
from shopper.services.admin.ids import is_id
from shopper.services.admin.lines import LineRefused as ReceptionRefused
from shopper.services.audit import Actor, record_change
from shopper.services.errors import NotFound
from shopper.services.imports.receptions import describe_reception_point

__all__ = ["ReceptionInput", "ReceptionRefused", "all_reception_points", "reception_or_404",
           "save_reception_point"]


@dataclass(frozen=True)
class ReceptionInput:
    name: str
    address: str
    opening_hours: str
    block_ids: list[int]
    family_reception: bool
    active: bool


def all_reception_points() -> list[ReceptionPoint]:
    return list(db.session.scalars(sa.select(ReceptionPoint).order_by(
        ReceptionPoint.active.desc(), ReceptionPoint.name).options(
        selectinload(ReceptionPoint.blocks))))


def reception_or_404(point_id: int) -> ReceptionPoint:
    point = db.session.get(ReceptionPoint, point_id) if is_id(point_id) else None
    if point is None:
        raise NotFound(f"No reception point {point_id}")
    return point


def save_reception_point(actor: Actor, point: ReceptionPoint | None,
                         values: ReceptionInput) -> ReceptionPoint:
    """Add a reception point, or change one; the name is unique."""
    other = db.session.scalar(sa.select(ReceptionPoint).filter_by(name=values.name))
    if other is not None and other is not point:
        raise ReceptionRefused("name", f"There is already a reception point called "
                                       f"{values.name}: give this one another name")
    blocks = list(db.session.scalars(sa.select(ServiceBlock).where(
        ServiceBlock.id.in_(values.block_ids)).order_by(ServiceBlock.name)))
    if len(blocks) != len(set(values.block_ids)):
        raise ReceptionRefused("service_blocks", "Choose service blocks from the list")
    if not blocks:
        raise ReceptionRefused("service_blocks", "Select the service blocks it serves")
    before = describe_reception_point(point) | {"opening_hours": point.opening_hours} \
        if point else None
    if point is None:
        point = ReceptionPoint()
        db.session.add(point)
    point.name, point.address, point.opening_hours = (values.name, values.address,
                                                      values.opening_hours)
    point.blocks, point.family_reception = blocks, values.family_reception
    point.active = values.active
    db.session.flush()
    after = describe_reception_point(point) | {"opening_hours": point.opening_hours}
    if after != before:
        record_change(actor, "reception_point", point.id, "updated" if before else "created",
                      before, after)
    db.session.commit()
    return point
