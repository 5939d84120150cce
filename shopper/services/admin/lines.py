"""The directory's lines in the app: found by number, officer, team or block; added and edited."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from shopper.domain.phones import PhoneNumberError, display_number, parse_phone_number
from shopper.domain.states import LineType
from shopper.extensions import db
from shopper.models import Line, ServiceBlock, ServiceGrouping, Team
from shopper.services.admin.ids import is_id
from shopper.services.audit import Actor, record_change
from shopper.services.errors import FieldRefused, NotFound
from shopper.services.imports.directory_store import describe
from shopper.services.review import tallies

PAGE_SIZE = 50


class LineRefused(FieldRefused):
    """The line was not saved; `field` is the form field to show `message` on."""


@dataclass(frozen=True)
class LineInput:
    number: str
    extension: str
    line_type: LineType
    officer: str
    block_id: int
    team_id: int | None
    active: bool


@dataclass(frozen=True)
class LinePage:
    lines: list[Line]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def search_lines(query: str, page: int = 1) -> LinePage:
    """Lines whose number, officer, team or block matches the words typed, active first."""
    statement = sa.select(Line).join(Line.block).outerjoin(Line.team)
    if query:
        statement = statement.where(_matches(query))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(statement.subquery()))
    lines = db.session.scalars(
        statement.options(joinedload(Line.block), joinedload(Line.team))
        .order_by(Line.active.desc(), ServiceBlock.name, Line.number, Line.extension)
        .limit(PAGE_SIZE).offset((max(page, 1) - 1) * PAGE_SIZE)).all()
    return LinePage(list(lines), total, page)


def _matches(query: str) -> sa.ColumnElement[bool]:
    pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    conditions = [Line.officer_name.ilike(pattern, escape="\\"),
                  Team.name.ilike(pattern, escape="\\"),
                  ServiceBlock.name.ilike(pattern, escape="\\")]
    digits = "".join(c for c in query if c.isdigit())
    if len(digits) >= 3 and not any(c.isalpha() for c in query):
        # Typed as people write them (0113 496…); stored as E.164 (+44113496…).
        national = "44" + digits[1:] if digits.startswith("0") else digits
        conditions.append(Line.number.like(f"%{national}%"))
    return sa.or_(*conditions)


def line_or_404(line_id: int) -> Line:
    line = db.session.get(Line, line_id) if is_id(line_id) else None
    if line is None:
        raise NotFound(f"No line {line_id}")
    return line


def blocks_and_teams() -> tuple[list[ServiceBlock], list[Team]]:
    """Every block, and every team with its block, by name: the choices for a line."""
    blocks = db.session.scalars(sa.select(ServiceBlock).order_by(ServiceBlock.name)).all()
    teams = db.session.scalars(sa.select(Team).join(Team.block).options(joinedload(Team.block))
                               .order_by(ServiceBlock.name, Team.name)).all()
    return list(blocks), list(teams)


def save_line(actor: Actor, line: Line | None, values: LineInput) -> Line:
    """Add a line, or change one, after checking it as the directory import does."""
    try:
        phone = parse_phone_number(values.number)
    except PhoneNumberError as error:
        raise LineRefused("number", str(error)) from None
    extension = values.extension or phone.extension
    if extension and not (extension.isdigit() and len(extension) <= 10):
        raise LineRefused("extension", "Enter the extension as up to 10 digits, like 2201")
    block = db.session.get(ServiceBlock, values.block_id)
    if block is None:
        raise LineRefused("service_block", "Choose the service block from the list")
    team = db.session.get(Team, values.team_id) if values.team_id else None
    if values.team_id and (team is None or team.service_block_id != block.id):
        raise LineRefused("team", f"Choose a team of {block.name}, or no team")
    if values.active:
        _refuse_a_second_active_line(line, phone.e164, extension)
    before = _describe(line) if line else None
    old_type = line.line_type if line else None
    if line is None:
        line = Line()
        db.session.add(line)
    line.number, line.extension, line.line_type = phone.e164, extension, values.line_type
    line.officer_name = values.officer or None
    line.block, line.team, line.active = block, team, values.active
    db.session.flush()
    after = _describe(line)
    if after != before:
        record_change(actor, "line", line.id, "updated" if before else "created", before, after)
    if old_type is not None and old_type != line.line_type:
        tallies.recount(tallies.keys_of_lines([line.id]))
    db.session.commit()
    return line


def _refuse_a_second_active_line(line: Line | None, number: str, extension: str) -> None:
    other = db.session.scalar(sa.select(Line).where(
        Line.number == number, Line.extension == extension, Line.active,
        Line.id != (line.id if line else -1)))
    if other is not None:
        raise LineRefused("number", (
            f"{display_number(number, extension)} is already an active line of "
            f"{other.block.name}: change that line, or give another number or extension"))


def _describe(line: Line) -> dict:
    return describe(line.number, line.extension, str(line.line_type), line.officer_name,
                    line.team.name if line.team else None, line.block.name,
                    line.block.grouping.name, line.active)


def directory_outline() -> list:
    """Every grouping with its blocks and teams, and how many active lines each block has."""
    counts = dict(db.session.execute(
        sa.select(Line.service_block_id, sa.func.count()).where(Line.active)
        .group_by(Line.service_block_id)).all())
    groupings = db.session.scalars(sa.select(ServiceGrouping).order_by(ServiceGrouping.name)
                                   .options(joinedload(ServiceGrouping.blocks)
                                            .joinedload(ServiceBlock.teams))).unique().all()
    return [(grouping, [(block, counts.get(block.id, 0)) for block in grouping.blocks])
            for grouping in groupings]
