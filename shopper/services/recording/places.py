"""What a shopper can shop: directory lines, service blocks and reception points, never their own.

A member of staff cannot record a shop of their own service block, so their block's
lines are left out of searches and their block out of every choice. Officers' names are
searched but never shown: only coordinators and the block's team lead see them.
"""

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from shopper.domain.phones import display_number
from shopper.domain.states import LineType
from shopper.extensions import db
from shopper.models import Line, ReceptionPoint, ServiceBlock, Team, User

SEARCH_LIMIT = 20
# A line is shown with its team and block, read in the same statement.
LINE_WITH_PLACE = (joinedload(Line.block), joinedload(Line.team))
# Lines read in this database session, held so that it does not forget them (see line_with_place).
_LINES_READ = "shopper_lines_read"


@dataclass(frozen=True)
class LineChoice:
    id: int
    service_block_id: int
    # The team and block, like "Council Tax, Revenues & Benefits".
    label: str
    number: str
    extension: str
    line_type: str

    @property
    def display(self) -> str:
        return display_number(self.number, self.extension)


@dataclass(frozen=True)
class Choice:
    id: int
    name: str
    hint: str = ""


def _line_choice(line: Line) -> LineChoice:
    where = f"{line.team.name}, {line.block.name}" if line.team else line.block.name
    return LineChoice(line.id, line.service_block_id, where, line.number, line.extension or "",
                      LineType(line.line_type).label)


def _shoppable_lines(user: User):
    query = (db.select(Line).join(Line.block).outerjoin(Line.team)
             .where(Line.active, ServiceBlock.active)
             .options(joinedload(Line.block), joinedload(Line.team)))
    if user.service_block_id is not None:
        query = query.where(Line.service_block_id != user.service_block_id)
    return query


def search_lines(user: User, text: str) -> list[LineChoice]:
    """Active lines matching every word by team, block or number; own block left out.

    Not by officer: shoppers may not see officers' names, so they may not find lines by them.
    """
    words = [word for word in (text or "").split() if word]
    if not words:
        return []
    query = _shoppable_lines(user)
    for word in words:
        matches = [Team.name.icontains(word, autoescape=True),
                   ServiceBlock.name.icontains(word, autoescape=True)]
        digits = re.sub(r"\D", "", word)
        if len(digits) >= 3:
            # 0113 496 … is stored as +44113496…: the trunk 0 is not part of it.
            matches.append(Line.number.contains(digits.removeprefix("0"), autoescape=True))
        query = query.where(db.or_(*matches))
    lines = db.session.scalars(
        query.order_by(ServiceBlock.name, Team.name, Line.number).limit(SEARCH_LIMIT))
    return [_line_choice(line) for line in lines]


def line_with_place(line_id: int) -> Line | None:
    """A line with its block and team, read once per database session until it commits.

    The session holds the objects it loaded weakly: a page that asks for the same line twice
    (the check page and the submission do) read it twice, as the first was already gone. Once
    the session commits or expires it, it is read again, with its block and team, as before.
    """
    read = db.session.info.setdefault(_LINES_READ, {})
    line = read.get(line_id)
    state = sa.inspect(line) if line is not None else None
    if state is None or state.expired or state.detached:
        line = db.session.get(Line, line_id, options=LINE_WITH_PLACE,
                              populate_existing=state is not None)
        read[line_id] = line
    return line


def line_choice(line_id: int | None) -> LineChoice | None:
    """An active line of an active block, or None."""
    if not line_id:
        return None
    line = line_with_place(line_id)
    if line is None or not line.active or not line.block.active:
        return None
    return _line_choice(line)


def find_line(e164: str, extension: str) -> LineChoice | None:
    """The active directory line with this number: with this extension, or the only one."""
    lines = db.session.scalars(
        db.select(Line).join(Line.block)
        .where(Line.active, ServiceBlock.active, Line.number == e164)
        .options(*LINE_WITH_PLACE)).all()
    exact = [line for line in lines if (line.extension or "") == extension]
    if exact:
        return _line_choice(exact[0])
    if not extension and len(lines) == 1:
        return _line_choice(lines[0])
    return None


def block_choices(user: User) -> list[Choice]:
    """Active service blocks, the shopper's own left out, grouped as the council groups them."""
    blocks = db.session.scalars(
        db.select(ServiceBlock).where(ServiceBlock.active)
        .options(joinedload(ServiceBlock.grouping)).order_by(ServiceBlock.name))
    return [Choice(block.id, block.name, block.grouping.name) for block in blocks
            if block.id != user.service_block_id]


def block_name(block_id: int | None) -> str:
    block = db.session.get(ServiceBlock, block_id) if block_id else None
    return block.name if block else ""


def reception_choices(user: User) -> list[Choice]:
    """Active reception points serving at least one block the shopper may shop."""
    points = db.session.scalars(
        db.select(ReceptionPoint).where(ReceptionPoint.active)
        .options(selectinload(ReceptionPoint.blocks)).order_by(ReceptionPoint.name))
    return [Choice(point.id, point.name, point.address) for point in points
            if reception_blocks(user, point)]


def reception_point(reception_point_id: int | None) -> ReceptionPoint | None:
    point = db.session.get(ReceptionPoint, reception_point_id) if reception_point_id else None
    return point if point is not None and point.active else None


def reception_blocks(user: User, point: ReceptionPoint) -> list[Choice]:
    """The active blocks a reception point serves, the shopper's own left out."""
    return [Choice(block.id, block.name) for block in point.blocks
            if block.active and block.id != user.service_block_id]


def reception_point_named(name: str) -> ReceptionPoint | None:
    """The active reception point with this name, as import-receptions matches them."""
    return db.session.scalar(db.select(ReceptionPoint).where(
        ReceptionPoint.active, ReceptionPoint.name == name).limit(1))
