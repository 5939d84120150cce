"""What each person's home page shows: a short summary of their part of the work."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import selectinload

from shopper.domain.deadlines import local_date
from shopper.domain.states import ExerciseStatus, LineType, Role, ShopStatus
from shopper.extensions import db
from shopper.models import (
    Assignment,
    Exercise,
    Line,
    ReceptionPoint,
    ServiceBlock,
    Shop,
    User,
)
from shopper.services.review.overview import Choice, Overview, compliance_overview
from shopper.services.review.periods import this_quarter


@dataclass(frozen=True)
class CouncilCounts:
    blocks: int
    lines: int
    reception_points: int
    shoppers: int
    shops: int


@dataclass(frozen=True)
class AssignmentView:
    block: str
    what: str
    number: str | None
    due_on: date
    id: int = 0
    # "call" for a line to ring, "visit" for a reception point.
    channel: str = "call"
    extension: str = ""
    line_type: str = ""

    @property
    def tel(self) -> str:
        """The tel: link's number; a comma makes the phone pause, then dial the extension."""
        return f"{self.number},{self.extension}" if self.extension else self.number or ""


def council_counts() -> CouncilCounts:
    def count(model, *where) -> int:
        return db.session.scalar(db.select(db.func.count()).select_from(model).where(*where))

    return CouncilCounts(
        blocks=count(ServiceBlock, ServiceBlock.active),
        lines=count(Line, Line.active),
        reception_points=count(ReceptionPoint, ReceptionPoint.active),
        shoppers=count(User, User.role == Role.SHOPPER),
        shops=count(Shop, Shop.status.in_([ShopStatus.SUBMITTED, ShopStatus.VERIFIED])),
    )


def open_assignments(user: User) -> list[AssignmentView]:
    """The shopper's assignments not yet shopped, soonest due first."""
    today = local_date(datetime.now(UTC))
    rows = db.session.scalars(
        db.select(Assignment)
        .outerjoin(Exercise, Exercise.id == Assignment.exercise_id)
        .where(Assignment.shopper_id == user.id, Assignment.shop_id.is_(None),
               Assignment.cancelled_at.is_(None),
               # Re-shops have no exercise; an exercise's show while it is open and not over.
               db.or_(Assignment.exercise_id.is_(None),
                      db.and_(Exercise.status == ExerciseStatus.OPEN, Exercise.ends_on >= today)))
        .order_by(Assignment.due_on, Assignment.id)
        # What each row shows, read in three statements however long the list.
        .options(selectinload(Assignment.line).selectinload(Line.team),
                 selectinload(Assignment.block), selectinload(Assignment.reception_point))
    )
    views = []
    for assignment in rows:
        if assignment.line:
            line = assignment.line
            views.append(AssignmentView(
                assignment.block.name, line.team.name if line.team else "Phone line",
                line.number, assignment.due_on, assignment.id, "call", line.extension or "",
                LineType(line.line_type).label))
        else:
            views.append(AssignmentView(assignment.block.name, assignment.reception_point.name,
                                        None, assignment.due_on, assignment.id, "visit"))
    return views


def own_shop_count(user: User) -> int:
    return db.session.scalar(
        db.select(db.func.count()).select_from(Shop).where(Shop.shopper_id == user.id))


def led_blocks(user: User, now: datetime) -> Overview:
    """A team lead's blocks this quarter: the compliance overview's own figures, no others."""
    return compliance_overview(user, Choice(*this_quarter(local_date(now))), now)
