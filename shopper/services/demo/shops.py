"""A year of invented shops for the demo council, deterministic for a seed."""

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from shopper.domain.applicability import asked_items, implied_answers
from shopper.domain.deadlines import LONDON
from shopper.domain.enums import Answer, Away, Outcome
from shopper.domain.facts import CallFacts, Facts, VisitFacts
from shopper.domain.standards import SHIPPED_STANDARDS
from shopper.services.shops import ShopRecord


@dataclass(frozen=True)
class DemoPlace:
    """A block with how well it keeps the standards, its lines and its reception points."""

    block_id: int
    profile: tuple[float, float]  # chance an item is met; share of the shops it gets
    lines: list
    receptions: list


def generate_shops(rng: random.Random, count: int, places: list[DemoPlace], shoppers: list,
                   today: date, namespace: uuid.UUID) -> list[ShopRecord]:
    """`count` shops over the 12 months to `today`, none by staff of the shopped block."""
    weights = [place.profile[1] for place in places]
    records = []
    for index in range(count):
        place = rng.choices(places, weights)[0]
        shopper = rng.choice([s for s in shoppers if s.service_block_id != place.block_id])
        occurred_at = _working_hours_moment(rng, today)
        if place.receptions and rng.random() < 0.2:
            reception = rng.choice(place.receptions)
            facts = _visit(rng, place.profile[0], occurred_at, reception.family_reception)
            where = {"reception_point_id": reception.id}
        else:
            line = rng.choice([line for line in place.lines if line.active])
            facts = _call(rng, place.profile[0], occurred_at, today)
            where = {"line_id": line.id, "dialled_number": line.number,
                     "dialled_extension": line.extension or ""}
        records.append(ShopRecord(
            facts=facts, answers=_answers(rng, place.profile[0], facts),
            shopper_id=shopper.id, service_block_id=place.block_id,
            client_id=uuid.uuid5(namespace, str(index)), **where))
    return records


def _working_hours_moment(rng: random.Random, today: date) -> datetime:
    day = today - timedelta(days=rng.randint(1, 364))
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    minutes = rng.randint(9 * 60, 16 * 60 + 30)
    local = datetime.combine(day, time(minutes // 60, minutes % 60), LONDON)
    return local.astimezone(UTC)


def _call(rng: random.Random, quality: float, at: datetime, today: date) -> CallFacts:
    outcome = rng.choices(list(Outcome), [55, 35, 1 + 30 * (1 - quality), 1])[0]
    good = rng.random() < quality
    rings = rng.randint(1, 5) if good else rng.randint(6, 12)
    if outcome == Outcome.ENGAGED:
        return CallFacts(occurred_at=at, outcome=outcome, rings=None)
    if outcome != Outcome.VOICEMAIL:
        return CallFacts(occurred_at=at, outcome=outcome, rings=rings,
                         held_or_transferred=outcome == Outcome.PERSON and rng.random() < 0.3)
    away = rng.choices(list(Away), [1, 7, 2])[0]
    if rng.random() < 0.3:
        return CallFacts(occurred_at=at, outcome=outcome, rings=rings, officer_away=away)
    left = at + timedelta(minutes=1)
    delay = timedelta(hours=rng.randint(1, 20)) if rng.random() < quality else timedelta(days=4)
    callback = left + delay
    if callback > datetime.now(UTC) or rng.random() < 0.05:
        return CallFacts(occurred_at=at, outcome=outcome, rings=rings, officer_away=away,
                         message_left_at=left)
    return CallFacts(occurred_at=at, outcome=outcome, rings=rings, officer_away=away,
                     message_left_at=left, callback_at=callback,
                     callback_withheld=rng.random() > quality,
                     callback_answering_machine=rng.random() < 0.3)


def _visit(rng: random.Random, quality: float, at: datetime, family: bool) -> VisitFacts:
    good = rng.random() < quality
    acknowledged = Decimal(rng.randint(1, 4) if good else rng.randint(5, 12)) / 2
    seen = acknowledged + Decimal(rng.randint(1, 8) if good else rng.randint(10, 25))
    return VisitFacts(occurred_at=at, acknowledged_minutes=acknowledged, seen_minutes=seen,
                      family_reception=family)


def _answers(rng: random.Random, quality: float, facts: Facts) -> dict[str, Answer]:
    """Drawn at random, then made to agree with the facts (a message left could be left);
    every item still takes its draw, so a seed gives the same council as before."""
    drawn = {item.code: Answer.MET if rng.random() < quality else Answer.NOT_MET
             for standard in SHIPPED_STANDARDS for item in asked_items(standard, facts)}
    return {**drawn, **implied_answers(facts)}
