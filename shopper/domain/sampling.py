"""Sampling an exercise (SPEC 8): which lines and reception points each shopper is given, when.

The rules, always kept: no line or reception point is shopped twice within the lock-out
(counting shops recorded and assignments made); no shopper is given more than the daily cap on
any day; a member of staff is never given their own block. Where the rules leave the target out
of reach, the sample falls short and says by how much, rather than break one.
"""

import heapq
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from itertools import chain

# What can be shopped: a line of one of the four types, or a reception point ("reception").
RECEPTION = "reception"
KIND_ORDER = ("individual", "hunt_group", "pa_phone", "contact_centre", RECEPTION)


@dataclass(frozen=True)
class Target:
    """A line or reception point that may be shopped for a block."""

    key: tuple[str, int]  # ("line", id) or ("reception", id): what the lock-out is kept on
    block_id: int
    kind: str  # a line type, or RECEPTION
    # Every block the line or reception point serves: staff of any of them may not shop it.
    served: frozenset[int]


@dataclass(frozen=True)
class Shopper:
    id: int
    block_id: int | None  # None for a councillor


@dataclass(frozen=True)
class Plan:
    """Everything a sample depends on: the same plan and seed give the same sample."""

    wanted: Mapping[int, int]  # block id -> how many more shops it needs, in order of blocks
    targets: Sequence[Target]
    shoppers: Sequence[Shopper]
    days: Sequence[date]  # the days assignments may fall due, in order
    lockout_days: int
    daily_cap: int
    seed: int
    follow_mix: bool = True
    # Target key -> the days it was shopped or is already assigned to be.
    shopped_on: Mapping[tuple[str, int], Iterable[date]] = field(default_factory=dict)
    # (shopper id, day) -> assignments already due that day.
    load: Mapping[tuple[int, date], int] = field(default_factory=dict)


@dataclass(frozen=True)
class Pick:
    target: Target
    shopper_id: int
    due_on: date


@dataclass(frozen=True)
class BlockOutcome:
    """How one block's sample went, with the reasons it fell short, if it did."""

    block_id: int
    wanted: int
    picked: int
    available: int  # lines and reception points the block has
    locked_out: Counter  # kind -> how many were shopped too recently for every day
    no_shopper: int  # candidates left out because no shopper could take them on any day
    mix_short: Counter  # kind -> places its share could not fill (given to other kinds)

    @property
    def shortfall(self) -> int:
        return self.wanted - self.picked


@dataclass(frozen=True)
class Sample:
    picks: list[Pick]
    outcomes: list[BlockOutcome]

    @property
    def shortfall(self) -> int:
        return sum(outcome.shortfall for outcome in self.outcomes)


def too_close(day: date, others: Iterable[date], lockout_days: int) -> bool:
    """Whether shopping on `day` would be within the lock-out of another shop of the same thing."""
    return any(abs((day - other).days) < lockout_days for other in others)


def shares(counts: Mapping[str, int], total: int) -> dict[str, int]:
    """Split `total` places among kinds in proportion to their counts (largest remainder)."""
    whole = sum(counts.values())
    if whole == 0 or total <= 0:
        return dict.fromkeys(counts, 0)
    exact = {kind: Fraction(total * count, whole) for kind, count in counts.items()}
    result = {kind: int(value) for kind, value in exact.items()}
    left = total - sum(result.values())
    by_remainder = sorted(counts, key=lambda kind: (-(exact[kind] - result[kind]),
                                                    KIND_ORDER.index(kind)))
    for kind in by_remainder[:left]:
        result[kind] += 1
    return result


def with_a_visit(quotas: dict[str, int]) -> dict[str, int]:
    """At least one visit where a block has a reception point and two or more places, so its
    many lines never crowd reception out of the sample."""
    if quotas.get(RECEPTION, 1) or sum(quotas.values()) < 2:
        return quotas
    biggest = max((kind for kind in quotas if kind != RECEPTION),
                  key=lambda kind: (quotas[kind], -KIND_ORDER.index(kind)))
    return {**quotas, biggest: quotas[biggest] - 1, RECEPTION: 1}


def sample(plan: Plan) -> Sample:
    """Pick at random, reproducibly for the seed, what each block's shoppers are given."""
    state = _State(plan)
    by_block: dict[int, list[Target]] = defaultdict(list)
    for target in plan.targets:
        by_block[target.block_id].append(target)
    outcomes = [_sample_block(state, block_id, wanted, by_block.get(block_id, []))
                for block_id, wanted in plan.wanted.items()]
    return Sample(state.picks, outcomes)


class _State:
    """What the sample has taken so far: days used by each target, and each shopper's load."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.shopped_on = {key: list(days) for key, days in plan.shopped_on.items()}
        self.load = Counter(plan.load)
        self.picks: list[Pick] = []
        self.total = Counter()
        for (shopper_id, _), count in plan.load.items():
            self.total[shopper_id] += count
        self.shoppers = sorted(plan.shoppers, key=lambda s: s.id)
        random.Random(f"{plan.seed}:shoppers").shuffle(self.shoppers)
        # The least-loaded shopper first; ties in a random order fixed by the seed.
        self.queue = [(self.total[s.id], index) for index, s in enumerate(self.shoppers)]
        heapq.heapify(self.queue)

    def day_order(self, target: Target, ideal: int) -> Iterator[int]:
        """The days outside the target's lock-out, from the ideal one onwards, then wrapping."""
        days, taken = self.plan.days, self.shopped_on.get(target.key, ())
        for index in chain(range(ideal, len(days)), range(ideal)):
            if not too_close(days[index], taken, self.plan.lockout_days):
                yield index

    def shopper_for(self, target: Target, day: date) -> int | None:
        """The least-loaded shopper free that day who works in none of the target's blocks."""
        passed, found = [], None
        while self.queue:
            total, index = heapq.heappop(self.queue)
            shopper = self.shoppers[index]
            if total != self.total[shopper.id]:
                continue  # an old place in the queue, from before their last assignment
            if (shopper.block_id not in target.served
                    and self.load[(shopper.id, day)] < self.plan.daily_cap):
                found = index
                break
            passed.append((total, index))
        for entry in passed:
            heapq.heappush(self.queue, entry)
        return found

    def take(self, target: Target, index: int, day: date) -> None:
        shopper = self.shoppers[index]
        self.shopped_on.setdefault(target.key, []).append(day)
        self.load[(shopper.id, day)] += 1
        self.total[shopper.id] += 1
        heapq.heappush(self.queue, (self.total[shopper.id], index))
        self.picks.append(Pick(target, shopper.id, day))


def _sample_block(state: _State, block_id: int, wanted: int,
                  targets: list[Target]) -> BlockOutcome:
    plan = state.plan
    rng = random.Random(f"{plan.seed}:{block_id}")
    pool = sorted(targets, key=lambda t: t.key)
    rng.shuffle(pool)
    counts = Counter(t.kind for t in pool)
    quotas = with_a_visit(shares(counts, wanted)) if plan.follow_mix else {"any": wanted}
    locked, mix_short, no_shopper = Counter(), Counter(), 0
    spare: list[Target] = []
    picked = 0
    for kind, quota in quotas.items():
        of_kind = [t for t in pool if not plan.follow_mix or t.kind == kind]
        taken, rest, kind_locked, kind_blocked = _fill(state, of_kind, quota, wanted, picked)
        picked += taken
        locked.update(kind_locked)
        no_shopper += kind_blocked
        mix_short[kind] = quota - taken
        spare.extend(rest)
    if picked < wanted and spare:
        taken, _, _, _ = _fill(state, spare, wanted - picked, wanted, picked)
        picked += taken
    mix_short = Counter({kind: short for kind, short in mix_short.items()
                         if short and kind != "any"})
    return BlockOutcome(block_id, wanted, picked, len(pool), locked, no_shopper, mix_short)


def _fill(state: _State, candidates: list[Target], quota: int, wanted: int,
          offset: int) -> tuple[int, list[Target], Counter, int]:
    """Take up to `quota` of the candidates, spreading due days across the exercise."""
    days = state.plan.days
    taken, locked, blocked = 0, Counter(), 0
    rest: list[Target] = []
    for target in candidates:
        if taken >= quota:
            rest.append(target)
            continue
        ideal = ((offset + taken) * len(days)) // max(wanted, 1)
        any_open = False
        for index in state.day_order(target, ideal):
            any_open = True
            shopper = state.shopper_for(target, days[index])
            if shopper is not None:
                state.take(target, shopper, days[index])
                taken += 1
                break
        else:
            if any_open:
                blocked += 1
            else:
                locked[target.kind] += 1
    return taken, rest, locked, blocked
