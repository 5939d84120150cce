"""Service groupings, blocks and teams renamed in the app, and blocks retired or brought back."""

import sqlalchemy as sa

from shopper.extensions import db
from shopper.models import Line, ServiceBlock, ServiceGrouping, Team
from shopper.services.admin.ids import is_id
from shopper.services.audit import Actor, record_change
from shopper.services.errors import FieldRefused, NotFound


class NameRefused(FieldRefused):
    """Not saved; `field` is the form field to show `message` on."""


def _get(model, item_id: int):
    found = db.session.get(model, item_id) if is_id(item_id) else None
    if found is None:
        raise NotFound(f"No {model.__tablename__} {item_id}")
    return found


def grouping_or_404(grouping_id: int) -> ServiceGrouping:
    return _get(ServiceGrouping, grouping_id)


def block_or_404(block_id: int) -> ServiceBlock:
    return _get(ServiceBlock, block_id)


def team_or_404(team_id: int) -> Team:
    return _get(Team, team_id)


def active_lines(block: ServiceBlock) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Line).where(
        Line.service_block_id == block.id, Line.active))


def _taken(column, name: str, *where) -> bool:
    # Any capitals: "planning" beside "Planning" would read as a typo in every report.
    return db.session.scalar(sa.select(sa.func.count()).where(
        sa.func.lower(column) == name.lower(), *where)) > 0


def rename_grouping(actor: Actor, grouping: ServiceGrouping, name: str) -> None:
    if _taken(ServiceGrouping.name, name, ServiceGrouping.id != grouping.id):
        raise NameRefused("name", f"Enter another name: there is already a grouping {name}")
    _save(actor, "service_grouping", grouping, {"name": grouping.name}, {"name": name},
          lambda: setattr(grouping, "name", name))


def save_block(actor: Actor, block: ServiceBlock, name: str, active: bool) -> None:
    """Rename a block or retire it: a retired block is not shopped or reported; its past stays."""
    if _taken(ServiceBlock.name, name, ServiceBlock.id != block.id):
        raise NameRefused("name", f"Enter another name: there is already a service block {name}")

    def change() -> None:
        block.name, block.active = name, active

    _save(actor, "service_block", block, {"name": block.name, "active": block.active},
          {"name": name, "active": active}, change)


def rename_team(actor: Actor, team: Team, name: str) -> None:
    if _taken(Team.name, name, Team.service_block_id == team.service_block_id,
              Team.id != team.id):
        raise NameRefused("name", f"Enter another name: {team.block.name} already has a team "
                                  f"{name}")
    _save(actor, "team", team, {"name": team.name, "service_block": team.block.name},
          {"name": name, "service_block": team.block.name}, lambda: setattr(team, "name", name))


def _save(actor: Actor, entity: str, thing, before: dict, after: dict, change) -> None:
    if before != after:
        change()
        record_change(actor, entity, thing.id, "updated", before, after)
    db.session.commit()
