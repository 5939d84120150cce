"""The sampling rules: lock-out, daily cap and own block hold for any directory and history."""

from collections import Counter
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from shopper.domain.sampling import (
    KIND_ORDER,
    RECEPTION,
    Plan,
    Shopper,
    Target,
    sample,
    shares,
    too_close,
)

START = date(2026, 4, 1)


@st.composite
def plans(draw) -> Plan:
    blocks = draw(st.integers(1, 4))
    targets = []
    for number in range(draw(st.integers(0, 30))):
        block = draw(st.integers(1, blocks))
        kind = draw(st.sampled_from(KIND_ORDER))
        served = {block}
        if kind == RECEPTION:
            served |= set(draw(st.lists(st.integers(1, blocks), max_size=2)))
        targets.append(Target((kind == RECEPTION and "reception" or "line", number), block, kind,
                              frozenset(served)))
    shoppers = [Shopper(n, draw(st.none() | st.integers(1, blocks)))
                for n in range(draw(st.integers(0, 5)))]
    days = [START + timedelta(days=n) for n in range(draw(st.integers(1, 40)))]
    history = {target.key: [START + timedelta(days=d)
                            for d in draw(st.lists(st.integers(-60, 40), max_size=3))]
               for target in targets}
    load = {(s.id, day): draw(st.integers(0, 3)) for s in shoppers for day in days[:3]}
    return Plan(wanted={block: draw(st.integers(0, 12)) for block in range(1, blocks + 1)},
                targets=targets, shoppers=shoppers, days=days,
                lockout_days=draw(st.integers(0, 40)), daily_cap=draw(st.integers(1, 4)),
                seed=draw(st.integers(0, 10**6)), follow_mix=draw(st.booleans()),
                shopped_on=history, load=load)


@settings(max_examples=300, deadline=None)
@given(plans())
def test_no_sample_breaks_the_lock_out(plan):
    shopped = {key: list(days) for key, days in plan.shopped_on.items()}
    for pick in sample(plan).picks:
        assert not too_close(pick.due_on, shopped.get(pick.target.key, []), plan.lockout_days)
        shopped.setdefault(pick.target.key, []).append(pick.due_on)


@settings(max_examples=300, deadline=None)
@given(plans())
def test_no_shopper_is_given_more_than_the_daily_cap(plan):
    given_on = Counter(plan.load)
    given_on.update((pick.shopper_id, pick.due_on) for pick in sample(plan).picks)
    new_days = {(pick.shopper_id, pick.due_on) for pick in sample(plan).picks}
    assert all(given_on[day] <= plan.daily_cap for day in new_days)


@settings(max_examples=300, deadline=None)
@given(plans())
def test_staff_are_never_given_their_own_block(plan):
    blocks = {s.id: s.block_id for s in plan.shoppers}
    for pick in sample(plan).picks:
        assert blocks[pick.shopper_id] not in pick.target.served
        assert pick.due_on in plan.days


@settings(max_examples=200, deadline=None)
@given(plans())
def test_a_sample_falls_short_by_what_it_could_not_pick_and_never_overshoots(plan):
    result = sample(plan)
    picked = Counter(pick.target.block_id for pick in result.picks)
    for outcome in result.outcomes:
        assert outcome.picked == picked[outcome.block_id] <= outcome.wanted
        assert outcome.shortfall == outcome.wanted - outcome.picked


@settings(max_examples=100, deadline=None)
@given(plans())
def test_the_same_seed_gives_the_same_sample(plan):
    assert sample(plan) == sample(plan)


def test_the_mix_of_line_types_follows_the_directory():
    targets = [Target(("line", n), 1, "individual" if n < 30 else "hunt_group", frozenset({1}))
               for n in range(40)]
    plan = Plan(wanted={1: 8}, targets=targets, shoppers=[Shopper(1, None)],
                days=[START + timedelta(days=n) for n in range(10)], lockout_days=28,
                daily_cap=5, seed=1)
    kinds = Counter(pick.target.kind for pick in sample(plan).picks)
    assert kinds == {"individual": 6, "hunt_group": 2}


def test_lines_shopped_within_the_lock_out_are_left_out_and_counted():
    targets = [Target(("line", n), 1, "individual", frozenset({1})) for n in range(5)]
    recent = {("line", n): [START - timedelta(days=1)] for n in range(3)}
    plan = Plan(wanted={1: 5}, targets=targets, shoppers=[Shopper(1, None)],
                days=[START + timedelta(days=n) for n in range(5)], lockout_days=28,
                daily_cap=5, seed=1, shopped_on=recent)
    (outcome,) = sample(plan).outcomes
    assert (outcome.picked, outcome.shortfall, outcome.locked_out) == (2, 3, {"individual": 3})


def test_staff_of_the_block_only_leave_the_target_out_of_reach():
    targets = [Target(("line", n), 1, "individual", frozenset({1})) for n in range(5)]
    plan = Plan(wanted={1: 3}, targets=targets, shoppers=[Shopper(1, 1)],
                days=[START], lockout_days=28, daily_cap=5, seed=1)
    (outcome,) = sample(plan).outcomes
    assert (outcome.picked, outcome.no_shopper) == (0, 5)


def test_a_block_with_a_reception_point_gets_a_visit_among_many_lines():
    targets = [Target(("line", n), 1, "individual", frozenset({1})) for n in range(30)]
    targets.append(Target(("reception", 1), 1, RECEPTION, frozenset({1, 2})))
    plan = Plan(wanted={1: 6}, targets=targets, shoppers=[Shopper(1, None)],
                days=[START + timedelta(days=n) for n in range(10)], lockout_days=28,
                daily_cap=5, seed=1)
    kinds = Counter(pick.target.kind for pick in sample(plan).picks)
    assert kinds == {"individual": 5, RECEPTION: 1}


def test_shares_split_places_by_largest_remainder():
    assert shares({"individual": 2, "hunt_group": 1}, 4) == {"individual": 3, "hunt_group": 1}
    assert shares({"individual": 0}, 3) == {"individual": 0}
