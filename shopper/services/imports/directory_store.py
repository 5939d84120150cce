"""The directory as stored, read in a few queries, and a checked plan written in bulk.

A directory of 50,000 lines is compared and written as plain rows (Core inserts and updates
by primary key, one audit insert), not as ORM objects: building, tracking and flushing an
object per line was most of the time an import took.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa

from shopper.extensions import db
from shopper.models import Line, ServiceBlock, ServiceGrouping, Team
from shopper.services.audit import Actor, record_changes
from shopper.services.bulk import insert_rows
from shopper.services.review import tallies


@dataclass(frozen=True)
class StoredLine:
    id: int
    description: dict


@dataclass(frozen=True)
class LineChange:
    """One row of the file that creates or updates a line, with the line before and after."""

    row: int
    line_id: int | None
    before: dict | None
    after: dict

    @property
    def deactivates(self) -> bool:
        return bool(self.before and self.before["active"] and not self.after["active"])


@dataclass
class DirectoryPlan:
    """What importing a checked file will do; nothing is written until it is applied."""

    new_groupings: list[str] = field(default_factory=list)
    new_blocks: list[tuple[str, str]] = field(default_factory=list)  # (block, its grouping)
    new_teams: list[tuple[str, str]] = field(default_factory=list)  # (block, team)
    created: list[LineChange] = field(default_factory=list)
    updated: list[LineChange] = field(default_factory=list)
    unchanged: int = 0

    @property
    def deactivated(self) -> list[LineChange]:
        return [change for change in self.updated if change.deactivates]


@dataclass
class StoredDirectory:
    """Groupings, blocks, teams and lines by the names and numbers a file gives them."""

    groupings: dict[str, int]
    blocks: dict[str, tuple[int, str]]  # name: (id, grouping name)
    teams: dict[tuple[str, str], int]
    lines: dict[tuple[str, str], StoredLine]

    @classmethod
    def load(cls) -> "StoredDirectory":
        execute = db.session.execute
        groupings = dict(execute(sa.select(ServiceGrouping.name, ServiceGrouping.id)).all())
        grouping_names = {id_: name for name, id_ in groupings.items()}
        blocks = {name: (id_, grouping_names[grouping_id]) for id_, name, grouping_id in execute(
            sa.select(ServiceBlock.id, ServiceBlock.name, ServiceBlock.grouping_id))}
        block_names = {id_: name for name, (id_, _) in blocks.items()}
        teams, team_names = {}, {}
        for id_, name, block_id in execute(sa.select(Team.id, Team.name, Team.service_block_id)):
            teams[(block_names[block_id], name)] = id_
            team_names[id_] = name
        lines = {}
        # Where an active and older inactive lines share a number, the row is the active one.
        for row in execute(sa.select(
                Line.id, Line.number, Line.extension, Line.line_type, Line.officer_name,
                Line.team_id, Line.service_block_id, Line.active).order_by(Line.active, Line.id)):
            block = block_names[row.service_block_id]
            lines[(row.number, row.extension)] = StoredLine(row.id, describe(
                row.number, row.extension, str(row.line_type), row.officer_name,
                team_names.get(row.team_id), block, blocks[block][1], row.active))
        return cls(groupings, blocks, teams, lines)


def describe(number: str, extension: str, line_type: str, officer: str | None,
             team: str | None, block: str, grouping: str, active: bool) -> dict:
    """What the audit trail keeps of a line."""
    return {"number": number, "extension": extension, "line_type": line_type,
            "officer": officer, "team": team, "service_block": block,
            "service_grouping": grouping, "active": active}


def apply_plan(plan: DirectoryPlan, stored: StoredDirectory, actor: Actor) -> None:
    """Write the plan in the caller's transaction: new groupings, blocks, teams, then lines."""
    groupings = {**stored.groupings, **_insert(ServiceGrouping, [
        {"name": name} for name in plan.new_groupings], "name")}
    blocks = {name: id_ for name, (id_, _) in stored.blocks.items()}
    blocks |= _insert(ServiceBlock, [
        {"name": name, "grouping_id": groupings[grouping], "active": True}
        for name, grouping in plan.new_blocks], "name")
    block_names = {id_: name for name, id_ in blocks.items()}
    new_teams = _insert(Team, [{"name": team, "service_block_id": blocks[block]}
                               for block, team in plan.new_teams], "name", "service_block_id")
    teams = {**stored.teams, **{(block_names[block_id], name): id_
                                for (name, block_id), id_ in new_teams.items()}}

    def values(after: dict) -> dict:
        team = after["team"] and teams[(after["service_block"], after["team"])]
        return {"number": after["number"], "extension": after["extension"],
                "line_type": after["line_type"], "officer_name": after["officer"],
                "team_id": team or None, "service_block_id": blocks[after["service_block"]],
                "active": after["active"]}

    if plan.updated:
        db.session.execute(sa.update(Line), [{"id": change.line_id, **values(change.after)}
                                             for change in plan.updated])
    created = _insert(Line, [values(change.after) for change in plan.created],
                      "number", "extension")
    record_changes(actor, "line", [
        *((created[(c.after["number"], c.after["extension"])], "created", None, c.after)
          for c in plan.created),
        *((c.line_id, "updated", c.before, c.after) for c in plan.updated)])
    retyped = [c.line_id for c in plan.updated if c.before["line_type"] != c.after["line_type"]]
    # The block page splits shops by the type their line has now.
    tallies.recount(tallies.keys_of_lines(retyped))


def _insert(model: type, rows: Sequence[dict], *key: str) -> dict:
    """Insert the rows; each new id by the row's key (one column's value, or a tuple)."""
    if not rows:
        return {}
    table = model.__table__
    newest = db.session.scalar(sa.select(sa.func.max(table.c.id))) or 0
    insert_rows(table, rows)
    returned = db.session.execute(sa.select(table.c.id, *(table.c[name] for name in key))
                                  .where(table.c.id > newest))
    return {(row[1] if len(key) == 1 else tuple(row[1:])): row[0] for row in returned}
