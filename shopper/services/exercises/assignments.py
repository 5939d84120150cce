"""An exercise's assignments: listed by block or shopper, reassigned or cancelled, as rows."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache

import sqlalchemy as sa

from shopper.domain.assignments import assignment_state
from shopper.domain.phones import display_number
from shopper.domain.states import AssignmentState, ExerciseStatus, Role
from shopper.extensions import db
from shopper.models import Assignment, Exercise, Line, ReceptionPoint, ServiceBlock, User
from shopper.services.audit import Actor, record_change
from shopper.services.errors import FieldRefused, NotAllowed
from shopper.services.exercises.plans import MAX_ID
from shopper.services.settings import current_settings
from shopper.services.shops import utcnow

LIST_LIMIT = 500


class ChangeRefused(FieldRefused):
    """Assignments cannot be changed as asked; the message says what to choose instead."""


@dataclass(frozen=True)
class AssignmentRow:
    """One assignment as the coordinator's list and the CSV show it."""

    id: int
    shopper_email: str
    shopper: str
    block: str
    number: str
    extension: str
    reception_point: str
    due_on: date
    state: AssignmentState


def state_of(assignment: Assignment, today: date) -> AssignmentState:
    exercise = assignment.exercise
    return assignment_state(
        done=assignment.shop_id is not None, cancelled=assignment.cancelled_at is not None,
        closed=exercise is not None and exercise.status == ExerciseStatus.CLOSED,
        ends_on=exercise.ends_on if exercise else None, today=today)


def assignment_rows(exercise: Exercise, today: date, *, block_id: int | None = None,
                    shopper_id: int | None = None, limit: int | None = None
                    ) -> list[AssignmentRow]:
    """The exercise's assignments by due day, block and shopper; optionally one block's or
    one shopper's. Read as plain columns: the download has thousands."""
    query = (sa.select(Assignment.id, User.email, User.name, ServiceBlock.name, Line.number,
                       Line.extension, ReceptionPoint.name, Assignment.due_on,
                       Assignment.shop_id, Assignment.cancelled_at)
             .join(User, User.id == Assignment.shopper_id)
             .join(ServiceBlock, ServiceBlock.id == Assignment.service_block_id)
             .outerjoin(Line, Line.id == Assignment.line_id)
             .outerjoin(ReceptionPoint, ReceptionPoint.id == Assignment.reception_point_id)
             .where(Assignment.exercise_id == exercise.id)
             .order_by(Assignment.due_on, Assignment.service_block_id, Assignment.id))
    if block_id is not None:
        query = query.where(Assignment.service_block_id == block_id)
    if shopper_id is not None:
        query = query.where(Assignment.shopper_id == shopper_id)
    if limit is not None:
        query = query.limit(limit)
    closed = exercise.status == ExerciseStatus.CLOSED
    national = cache(display_number)
    return [AssignmentRow(
        id_, email, name or email, block, national(number) if number else "",
        extension or "", point or "", due_on,
        assignment_state(done=shop_id is not None, cancelled=cancelled_at is not None,
                         closed=closed, ends_on=exercise.ends_on, today=today))
        for id_, email, name, block, number, extension, point, due_on, shop_id, cancelled_at
        in db.session.execute(query)]


def count_assignments(exercise: Exercise) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)
                             .where(Assignment.exercise_id == exercise.id))


def _open_ones(exercise: Exercise, ids: list[int], today: date) -> list[Assignment]:
    if exercise.status == ExerciseStatus.CLOSED:
        raise NotAllowed("a closed exercise's assignments cannot be changed")
    if not ids:
        raise ChangeRefused("assignments", "Select at least one assignment")
    if not all(0 < id_ <= MAX_ID for id_ in ids):
        raise ChangeRefused("assignments", "Select assignments from this exercise's list")
    rows = list(db.session.scalars(sa.select(Assignment).where(
        Assignment.exercise_id == exercise.id, Assignment.id.in_(ids))))
    if len(rows) != len(set(ids)):
        raise ChangeRefused("assignments", "Select assignments from this exercise's list")
    if any(state_of(a, today) != AssignmentState.OPEN for a in rows):
        raise ChangeRefused("assignments", "Select only open assignments: done, cancelled "
                                           "and expired ones cannot be changed")
    return rows


def cancel_assignments(actor: Actor, exercise: Exercise, ids: list[int], today: date) -> int:
    """Cancel open assignments: the shopper no longer sees them, the line is free again."""
    rows = _open_ones(exercise, ids, today)
    at = utcnow()
    for assignment in rows:
        assignment.cancelled_at = at
        record_change(actor, "assignment", assignment.id, "cancelled", {"state": "open"},
                      {"state": "cancelled"})
    db.session.commit()
    return len(rows)


def reassign(actor: Actor, exercise: Exercise, ids: list[int], shopper_id: int,
             today: date) -> int:
    """Give open assignments to another shopper of the exercise, keeping the cap and own block."""
    rows = _open_ones(exercise, ids, today)
    shopper = next((u for u in exercise.shoppers if u.id == shopper_id
                    and u.role == Role.SHOPPER and u.active), None)
    if shopper is None:
        raise ChangeRefused("shopper", "Choose a shopper taking part in this exercise")
    for assignment in rows:
        served = {assignment.service_block_id}
        if assignment.reception_point is not None:
            served |= {b.id for b in assignment.reception_point.blocks}
        if shopper.service_block_id in served:
            raise ChangeRefused("shopper", f"Choose a shopper who does not work in "
                                           f"{assignment.block.name}: nobody shops their own block")
    _check_cap(shopper, rows)
    for assignment in rows:
        before = {"shopper": assignment.shopper_id}
        assignment.shopper_id = shopper.id
        record_change(actor, "assignment", assignment.id, "reassigned", before,
                      {"shopper": shopper.id})
    db.session.commit()
    return len(rows)


def _check_cap(shopper: User, rows: list[Assignment]) -> None:
    cap = current_settings().daily_cap
    moving = Counter(a.due_on for a in rows if a.shopper_id != shopper.id)
    have = dict(db.session.execute(
        sa.select(Assignment.due_on, sa.func.count())
        .where(Assignment.shopper_id == shopper.id, Assignment.cancelled_at.is_(None),
               Assignment.due_on.in_(list(moving)))
        .group_by(Assignment.due_on)).all()) if moving else {}
    for day, count in sorted(moving.items()):
        if have.get(day, 0) + count > cap:
            raise ChangeRefused("shopper", (
                f"Choose another shopper: {shopper.display_name} would have "
                f"{have.get(day, 0) + count} shops due on {day:%-d %B %Y}, more than the "
                f"daily cap of {cap}"))

