"""Sampling an exercise: the directory, history and shoppers read once, the domain's pick saved."""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from shopper.domain import sampling
from shopper.domain.deadlines import WorkingCalendar
from shopper.domain.enums import Channel
from shopper.domain.states import ExerciseStatus, Role, ShopStatus
from shopper.extensions import db
from shopper.models import Assignment, Exercise, Line, ReceptionPoint, Shop
from shopper.models.organisation import reception_point_blocks
from shopper.services.audit import Actor, record_change
from shopper.services.errors import NotAllowed
from shopper.services.settings import current_settings


@dataclass(frozen=True)
class SampleDone:
    assigned: int
    shortfall: int
    seed: int


def working_days(first: date, last: date, calendar: WorkingCalendar) -> list[date]:
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [day for day in days if calendar.is_working_day(day)]


def sample_exercise(actor: Actor, exercise: Exercise, today: date,
                    seed: int | None = None) -> SampleDone:
    """Hand out the shops each block still needs, keeping every rule, and say how it went."""
    done = assign_shops(actor, exercise, today, seed)
    db.session.commit()
    return done


def assign_shops(actor: Actor, exercise: Exercise, today: date,
                 seed: int | None = None) -> SampleDone:
    """The sample, added to the caller's transaction."""
    if exercise.status == ExerciseStatus.CLOSED:
        raise NotAllowed("a closed exercise cannot be sampled")
    settings = current_settings()
    seed = random.SystemRandom().randrange(1, 10**6) if seed is None else seed
    days = working_days(max(exercise.starts_on, today), exercise.ends_on,
                        WorkingCalendar.from_settings(settings))
    plan = build_plan(exercise, days, settings.lockout_days, settings.daily_cap, seed)
    result = sampling.sample(plan) if days else sampling.Sample([], [])
    ids = _save(exercise, result.picks)
    exercise.seed = seed
    exercise.last_sample = _summary(exercise, plan, result, today, bool(days))
    record_change(actor, "exercise", exercise.id, "sampled", None,
                  {"seed": seed, "assignments": ids, "shortfall": result.shortfall})
    return SampleDone(len(ids), result.shortfall, seed)


def build_plan(exercise: Exercise, days: list[date], lockout_days: int, daily_cap: int,
               seed: int) -> sampling.Plan:
    """The domain's view of the exercise: what may be shopped, what was, and by whom."""
    block_ids = [block.id for block in exercise.blocks]
    channels = {standard.channel for standard in exercise.standards}
    targets = []
    if Channel.CALL in channels:
        targets += _lines(block_ids)
    if Channel.VISIT in channels:
        targets += _receptions(block_ids)
    first = days[0] if days else exercise.starts_on
    last = days[-1] if days else exercise.ends_on
    window = (first - timedelta(days=lockout_days), last + timedelta(days=lockout_days))
    shoppers = [sampling.Shopper(user.id, user.service_block_id) for user in exercise.shoppers
                if user.role == Role.SHOPPER and user.active]
    return sampling.Plan(
        wanted=_wanted(exercise), targets=targets, shoppers=shoppers, days=days,
        lockout_days=lockout_days, daily_cap=daily_cap, seed=seed,
        follow_mix=exercise.follow_mix, shopped_on=_shopped_on(*window),
        load=_load([s.id for s in shoppers], *window))


def _wanted(exercise: Exercise) -> dict[int, int]:
    """Each block's target less the assignments it already has in this exercise."""
    have = dict(db.session.execute(
        sa.select(Assignment.service_block_id, sa.func.count())
        .where(Assignment.exercise_id == exercise.id, Assignment.cancelled_at.is_(None))
        .group_by(Assignment.service_block_id)).all())
    return {block.id: max(exercise.target_per_block - have.get(block.id, 0), 0)
            for block in exercise.blocks}


def _lines(block_ids: list[int]) -> list[sampling.Target]:
    rows = db.session.execute(
        sa.select(Line.id, Line.service_block_id, Line.line_type)
        .where(Line.active, Line.service_block_id.in_(block_ids)))
    return [sampling.Target(("line", id_), block, str(kind), frozenset({block}))
            for id_, block, kind in rows]


def _receptions(block_ids: list[int]) -> list[sampling.Target]:
    served = defaultdict(set)
    rows = db.session.execute(
        sa.select(reception_point_blocks.c.reception_point_id,
                  reception_point_blocks.c.service_block_id)
        .join(ReceptionPoint, ReceptionPoint.id == reception_point_blocks.c.reception_point_id)
        .where(ReceptionPoint.active))
    for point, block in rows:
        served[point].add(block)
    wanted = set(block_ids)
    return [sampling.Target(("reception", point), block, sampling.RECEPTION, frozenset(blocks))
            for point, blocks in sorted(served.items()) for block in sorted(blocks & wanted)]


def _shopped_on(first: date, last: date) -> dict[tuple[str, int], list[date]]:
    """The days each line and reception point was shopped, or is assigned to be, near the days."""
    days = defaultdict(list)
    shops = sa.select(Shop.line_id, Shop.reception_point_id, Shop.occurred_on).where(
        Shop.status != ShopStatus.DRAFT, Shop.occurred_on.between(first, last))
    given = sa.select(Assignment.line_id, Assignment.reception_point_id, Assignment.due_on).where(
        Assignment.cancelled_at.is_(None), Assignment.shop_id.is_(None),
        Assignment.due_on.between(first, last))
    for query in (shops, given):
        for line_id, point_id, day in db.session.execute(query):
            if line_id is not None:
                days[("line", line_id)].append(day)
            elif point_id is not None:
                days[("reception", point_id)].append(day)
    return days


def _load(shopper_ids: list[int], first: date, last: date) -> dict[tuple[int, date], int]:
    if not shopper_ids:
        return {}
    rows = db.session.execute(
        sa.select(Assignment.shopper_id, Assignment.due_on, sa.func.count())
        .where(Assignment.cancelled_at.is_(None), Assignment.shopper_id.in_(shopper_ids),
               Assignment.due_on.between(first, last))
        .group_by(Assignment.shopper_id, Assignment.due_on))
    return {(shopper, day): count for shopper, day, count in rows}


def _save(exercise: Exercise, picks: list[sampling.Pick]) -> list[int]:
    """Insert the picks and return their ids."""
    if not picks:
        return []
    rows = [{"exercise_id": exercise.id, "shopper_id": pick.shopper_id,
             "line_id": pick.target.key[1] if pick.target.key[0] == "line" else None,
             "reception_point_id": pick.target.key[1] if pick.target.key[0] != "line" else None,
             "service_block_id": pick.target.block_id, "due_on": pick.due_on} for pick in picks]
    mine = sa.select(Assignment.id).where(Assignment.exercise_id == exercise.id)
    before = set(db.session.scalars(mine))
    # The table's own insert, without RETURNING: the ORM's splits the rows wherever a column
    # turns None and splices returned ids batch by batch, both slow on PostgreSQL.
    db.session.execute(Assignment.__table__.insert(), rows)
    return sorted(set(db.session.scalars(mine)) - before)


def _summary(exercise: Exercise, plan: sampling.Plan, result: sampling.Sample, today: date,
             any_days: bool) -> dict:
    """What the exercise page explains: per block, what was wanted, picked and left out why."""
    return {"on": today.isoformat(), "seed": plan.seed, "lockout_days": plan.lockout_days,
            "daily_cap": plan.daily_cap, "working_days": len(plan.days), "any_days": any_days,
            "shoppers": len(plan.shoppers),
            "blocks": [{"block": o.block_id, "wanted": o.wanted, "picked": o.picked,
                        "available": o.available, "locked_out": dict(o.locked_out),
                        "no_shopper": o.no_shopper, "mix_short": dict(o.mix_short)}
                       for o in result.outcomes]}
