"""How far an exercise has got: shops done against target, per block and per shopper."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from shopper.domain.assignments import assignment_state
from shopper.domain.states import AssignmentState, ExerciseStatus
from shopper.extensions import db
from shopper.models import Assignment, Exercise, ServiceBlock


@dataclass(frozen=True)
class Progress:
    """One block's or shopper's count of assignments, by where they stand."""

    id: int
    name: str
    target: int | None
    assigned: int  # not cancelled
    done: int
    left: int  # open, or expired once the exercise is over
    cancelled: int

    @property
    def percent_done(self) -> int:
        goal = self.target if self.target else self.assigned
        return min(100, round(100 * self.done / goal)) if goal else 0


@dataclass(frozen=True)
class ExerciseProgress:
    over: bool  # closed or ended: what is left has expired
    blocks: list[Progress]
    shoppers: list[Progress]
    shortfall_explained: list[str]

    @property
    def left_state(self) -> AssignmentState:
        return AssignmentState.EXPIRED if self.over else AssignmentState.OPEN


def exercise_progress(exercise: Exercise, today: date) -> ExerciseProgress:
    over = assignment_state(done=False, cancelled=False,
                            closed=exercise.status == ExerciseStatus.CLOSED,
                            ends_on=exercise.ends_on, today=today) == AssignmentState.EXPIRED
    blocks = {b.id: b.name for b in exercise.blocks}
    shoppers = {u.id: u.display_name for u in exercise.shoppers}
    by_block = _counts(exercise, Assignment.service_block_id)
    by_shopper = _counts(exercise, Assignment.shopper_id)
    return ExerciseProgress(
        over,
        [_progress(id_, name, exercise.target_per_block, by_block.get(id_))
         for id_, name in blocks.items()],
        [_progress(id_, name, None, by_shopper.get(id_))
         for id_, name in sorted(shoppers.items(), key=lambda pair: pair[1].lower())],
        explain(exercise))


def _counts(exercise: Exercise, key) -> dict[int, tuple[int, int, int]]:
    """key -> (done, not done, cancelled)."""
    done = sa.func.count(Assignment.shop_id)
    cancelled = sa.func.count(Assignment.cancelled_at)
    rows = db.session.execute(
        sa.select(key, done, sa.func.count() - done, cancelled)
        .where(Assignment.exercise_id == exercise.id).group_by(key))
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def _progress(id_: int, name: str, target: int | None, counts) -> Progress:
    done, not_done, cancelled = counts or (0, 0, 0)
    # A cancelled assignment has no shop, so it is among the not done.
    left = not_done - cancelled
    return Progress(id_, name, target, done + left, done, left, cancelled)


def explain(exercise: Exercise) -> list[str]:
    """The last sample's shortfalls in words: which block, by how much, and why."""
    sample = exercise.last_sample
    if not sample:
        return []
    if not sample.get("any_days"):
        return ["No shops could be assigned: the exercise has no working days left."]
    if not sample.get("shoppers"):
        return ["No shops could be assigned: choose the shoppers taking part."]
    names = dict(db.session.execute(sa.select(ServiceBlock.id, ServiceBlock.name)
                                    .where(ServiceBlock.id.in_([b["block"]
                                                                for b in sample["blocks"]]))).all())
    lines = []
    for block in sample["blocks"]:
        lines += _block_words(names.get(block["block"], "A block"), block, sample)
    return lines


_KIND_WORDS = {"individual": "individual lines", "hunt_group": "hunt groups",
               "pa_phone": "PA phones", "contact_centre": "contact centre lines",
               "reception": "reception points"}


def _block_words(name: str, block: dict, sample: dict) -> list[str]:
    words = []
    short = block["wanted"] - block["picked"]
    for kind, count in sorted(block["locked_out"].items()):
        words.append(f"{count} {_kind(kind, count)} of {name} were left out: shopped or "
                     f"assigned within {sample['lockout_days']} days of every day left.")
    if block["no_shopper"]:
        words.append(f"{block['no_shopper']} of {name}'s lines or reception points had no "
                     f"shopper free to take them: staff of {name} may not, and the others "
                     f"had reached the daily cap of {sample['daily_cap']}.")
    for kind, count in sorted(block["mix_short"].items()):
        if short == 0:
            words.append(f"{count} of {name}'s places for {_KIND_WORDS.get(kind, kind)} went "
                         "to other kinds: not enough could be shopped.")
    if short > 0:
        what = ("it has no lines or reception points in scope" if not block["available"]
                else "the rules leave no more to give")
        words.append(f"{name} is {short} short of the {block['wanted']} it needed: {what}.")
    return words


def _kind(kind: str, count: int) -> str:
    words = _KIND_WORDS.get(kind, kind)
    return words if count != 1 else {"reception points": "reception point",
                                     "hunt groups": "hunt group", "PA phones": "PA phone"}.get(
        words, words.replace(" lines", " line"))
