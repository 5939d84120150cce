"""Planning an exercise: its period, standards, blocks, target, shoppers; opening and closing."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import selectinload

from shopper.domain.deadlines import local_date
from shopper.domain.states import ExerciseStatus, Role
from shopper.extensions import db
from shopper.models import Exercise, ServiceBlock, Standard, User
from shopper.services.audit import Actor, record_change
from shopper.services.errors import NotAllowed, NotFound
from shopper.services.shops import utcnow


@dataclass(frozen=True)
class ExerciseFields:
    """What the coordinator says an exercise is."""

    name: str
    starts_on: date
    ends_on: date
    target_per_block: int
    standard_ids: list[int]
    block_ids: list[int]
    shopper_ids: list[int]
    follow_mix: bool = True


@dataclass(frozen=True)
class Choices:
    """What an exercise may take in: active blocks, standards in force, active shoppers."""

    blocks: list[ServiceBlock]
    standards: list[Standard]
    shoppers: list[User]


def exercise_choices() -> Choices:
    blocks = db.session.scalars(db.select(ServiceBlock).where(ServiceBlock.active)
                                .order_by(ServiceBlock.name))
    standards = db.session.scalars(db.select(Standard).where(Standard.in_force)
                                   .order_by(Standard.code))
    shoppers = db.session.scalars(
        db.select(User).options(selectinload(User.block))
        .where(User.role == Role.SHOPPER, User.active).order_by(User.name, User.email))
    return Choices(list(blocks), list(standards), list(shoppers))


def exercises() -> list[Exercise]:
    """Every exercise, the latest first."""
    return list(db.session.scalars(
        db.select(Exercise).order_by(Exercise.starts_on.desc(), Exercise.id.desc())))


# The largest id a database integer holds: anything bigger names nothing.
MAX_ID = 2**31 - 1


def get_exercise(exercise_id: int) -> Exercise:
    exercise = db.session.get(Exercise, exercise_id) if 0 < exercise_id <= MAX_ID else None
    if exercise is None:
        raise NotFound(f"exercise {exercise_id}")
    return exercise


def create_exercise(actor: Actor, fields: ExerciseFields) -> Exercise:
    exercise = Exercise(status=ExerciseStatus.DRAFT)
    _apply(exercise, fields)
    db.session.add(exercise)
    db.session.flush()
    record_change(actor, "exercise", exercise.id, "created", None, describe(exercise))
    db.session.commit()
    return exercise


def update_exercise(actor: Actor, exercise: Exercise, fields: ExerciseFields) -> None:
    if exercise.status == ExerciseStatus.CLOSED:
        raise NotAllowed("a closed exercise cannot be changed")
    before = describe(exercise)
    _apply(exercise, fields)
    after = describe(exercise)
    if after != before:
        record_change(actor, "exercise", exercise.id, "changed", before, after)
    db.session.commit()


def set_status(actor: Actor, exercise: Exercise, status: ExerciseStatus) -> None:
    """Open a draft exercise (shoppers see its assignments) or close an open one (they expire)."""
    allowed = {ExerciseStatus.OPEN: ExerciseStatus.DRAFT,
               ExerciseStatus.CLOSED: ExerciseStatus.OPEN}
    if allowed.get(status) != exercise.status:
        raise NotAllowed(f"a {exercise.status.value} exercise cannot become {status.value}")
    before = {"status": exercise.status.value}
    exercise.status = status
    record_change(actor, "exercise", exercise.id, "status_changed", before,
                  {"status": status.value})
    db.session.commit()


def _apply(exercise: Exercise, fields: ExerciseFields) -> None:
    exercise.name = fields.name
    exercise.starts_on, exercise.ends_on = fields.starts_on, fields.ends_on
    exercise.target_per_block = fields.target_per_block
    exercise.follow_mix = fields.follow_mix
    exercise.standards = _rows(Standard, fields.standard_ids)
    exercise.blocks = _rows(ServiceBlock, fields.block_ids)
    exercise.shoppers = _rows(User, fields.shopper_ids)


def _rows(model, ids: list[int]) -> list:
    rows = list(db.session.scalars(db.select(model).where(model.id.in_(ids)))) if ids else []
    if len(rows) != len(set(ids)):
        raise NotFound(f"{model.__tablename__} {sorted(set(ids) - {r.id for r in rows})}")
    return rows


def describe(exercise: Exercise) -> dict:
    """The exercise as the audit trail keeps it."""
    return {"name": exercise.name, "starts_on": exercise.starts_on.isoformat(),
            "ends_on": exercise.ends_on.isoformat(), "target_per_block": exercise.target_per_block,
            "follow_mix": exercise.follow_mix, "status": exercise.status.value,
            "standards": sorted(s.code for s in exercise.standards),
            "blocks": sorted(b.id for b in exercise.blocks),
            "shoppers": sorted(u.id for u in exercise.shoppers)}


def today() -> date:
    """Today in the council's time zone."""
    return local_date(utcnow())


def find_exercise(text: str) -> Exercise:
    """The exercise with this number or exact name (extra spaces ignored)."""
    text = " ".join((text or "").split())
    exercise = None
    if text.isascii() and text.isdigit() and len(text) < 10:
        exercise = db.session.get(Exercise, int(text))
    exercise = exercise or db.session.scalar(db.select(Exercise).where(Exercise.name == text)
                                             .order_by(Exercise.id.desc()).limit(1))
    if exercise is None:
        raise NotFound(f"There is no exercise called {text!r}: give its number or exact name")
    return exercise
