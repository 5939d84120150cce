"""Storing shops: their facts, every item's answer and their scores, as the domain assesses them."""

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from shopper.domain.deadlines import local_date
from shopper.domain.enums import Answer, Channel
from shopper.domain.facts import CallFacts, Facts, VisitFacts
from shopper.domain.scoring import ShopAssessment, assess_shop
from shopper.domain.settings import Settings
from shopper.domain.states import ShopStatus
from shopper.extensions import db
from shopper.models import ItemAnswer, Shop, ShopResult
from shopper.services.review import tallies
from shopper.services.standards import Catalogue, PublishedVersion


@dataclass(frozen=True)
class ShopRecord:
    """One shop as recorded, before it is stored."""

    facts: Facts
    answers: Mapping[str, Answer]
    shopper_id: int
    service_block_id: int
    client_id: uuid.UUID = field(default_factory=uuid.uuid4)
    ref: str | None = None
    line_id: int | None = None
    dialled_number: str | None = None
    dialled_extension: str = ""
    number_flagged: bool = False
    reception_point_id: int | None = None
    notes: str = ""
    status: ShopStatus = ShopStatus.SUBMITTED

    @property
    def channel(self) -> Channel:
        return self.facts.channel


@dataclass(frozen=True)
class ShopRows:
    """The rows one shop stores: itself, its applicable answers and its scores."""

    shop: dict
    answers: list[dict]
    results: list[dict]
    assessment: ShopAssessment

    @property
    def counted_on(self) -> tallies.Key:
        """The block and day whose tallies count this shop."""
        return self.shop["service_block_id"], self.shop["occurred_on"]


def content_hash(record: ShopRecord) -> str:
    """A fingerprint of what was recorded, to tell a retry from a different shop."""
    content = {
        "facts": _fact_columns(record.facts),
        "answers": {code: str(answer) for code, answer in sorted(record.answers.items())},
        "block": record.service_block_id, "line": record.line_id,
        "number": record.dialled_number, "extension": record.dialled_extension,
        "reception_point": record.reception_point_id, "notes": record.notes,
        "shopper": record.shopper_id,
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def assess(record: ShopRecord, versions: list[PublishedVersion], settings: Settings,
           now: datetime) -> ShopAssessment:
    return assess_shop([v.spec for v in versions], record.facts, record.answers, settings, now)


def shop_rows(record: ShopRecord, catalogue: Catalogue, settings: Settings,
              now: datetime, fingerprint: str | None = None) -> ShopRows:
    """Assess a shop against the standard versions in force when it occurred; `fingerprint`
    is its content_hash where the caller has it already."""
    versions = catalogue.in_force(record.channel, record.facts.occurred_at)
    assessment = assess(record, versions, settings, now)
    shop = {
        "client_id": record.client_id, "ref": record.ref,
        "content_hash": fingerprint or content_hash(record),
        "channel": record.channel, "status": record.status, "shopper_id": record.shopper_id,
        "service_block_id": record.service_block_id,
        "occurred_on": local_date(record.facts.occurred_at),
        "line_id": record.line_id, "dialled_number": record.dialled_number,
        "dialled_extension": record.dialled_extension, "number_flagged": record.number_flagged,
        "reception_point_id": record.reception_point_id, "notes": record.notes,
        "awaiting_until": assessment.callback_deadline if assessment.awaiting_callback else None,
        "submitted_at": now if record.status != ShopStatus.DRAFT else None,
        "created_at": now, "updated_at": now,
        **_fact_columns(record.facts),
    }
    answers, results = _answer_and_result_rows(versions, assessment)
    return ShopRows(shop, answers, results, assessment)


def _answer_and_result_rows(versions: list[PublishedVersion],
                            assessment: ShopAssessment) -> tuple[list[dict], list[dict]]:
    answers, results = [], []
    for version in versions:
        for code, item_id in version.item_ids.items():
            answer = assessment.answers.get(code, Answer.NA)
            if answer != Answer.NA:
                answers.append({"item_id": item_id, "answer": answer})
        score = assessment.scores.get(version.spec.code)
        if score is not None:
            results.append({
                "standard_version_id": version.id, "passed": bool(score.passed),
                "met_weight": Decimal(score.met_weight.numerator) / score.met_weight.denominator,
                "applicable_weight": (Decimal(score.applicable_weight.numerator)
                                      / score.applicable_weight.denominator)})
    return answers, results


# Shops per INSERT: SQLAlchemy's ordered RETURNING slows down sharply with larger batches.
INSERT_BATCH = 1000


def insert_shops(all_rows: Iterable[ShopRows]) -> list[int]:
    """Insert shops with their answers and results in batches, and count them in the tallies;
    return their ids in order."""
    ids: list[int] = []
    batch: list[ShopRows] = []
    keys: set[tallies.Key] = set()
    for rows in all_rows:
        batch.append(rows)
        keys.add(rows.counted_on)
        if len(batch) == INSERT_BATCH:
            ids += _insert_batch(batch)
            batch = []
    if batch:
        ids += _insert_batch(batch)
    tallies.add(ids, keys)
    return ids


def _insert_batch(all_rows: list[ShopRows]) -> list[int]:
    # Core inserts through the session's connection (after its pending changes): the ORM's
    # bulk insert cost more than the three statements. Only the ORM's takes shops whose rows
    # name different columns (calls and visits), each leaving out what its defaults fill.
    db.session.flush()
    connection = db.session.connection()
    shops = [rows.shop for rows in all_rows]
    alike = all(shop.keys() == shops[0].keys() for shop in shops)
    inserted = (connection if alike else db.session).execute(
        db.insert(Shop).returning(Shop.id, sort_by_parameter_order=True), shops)
    ids = [row.id for row in inserted]
    answers = [{**a, "shop_id": shop_id} for shop_id, rows in zip(ids, all_rows, strict=True)
               for a in rows.answers]
    results = [{**r, "shop_id": shop_id} for shop_id, rows in zip(ids, all_rows, strict=True)
               for r in rows.results]
    if answers:
        connection.execute(db.insert(ItemAnswer), answers)
    if results:
        connection.execute(db.insert(ShopResult), results)
    return ids


def facts_of(shop: Shop) -> Facts:
    """The facts stored with a shop, as the domain reads them."""
    if shop.channel == Channel.VISIT:
        return VisitFacts(occurred_at=shop.occurred_at,
                          acknowledged_minutes=shop.acknowledged_minutes,
                          seen_minutes=shop.seen_minutes,
                          family_reception=bool(shop.reception_point
                                                and shop.reception_point.family_reception))
    return CallFacts(
        occurred_at=shop.occurred_at, outcome=shop.outcome, rings=shop.rings,
        held_or_transferred=bool(shop.held_or_transferred), officer_away=shop.officer_away,
        message_left_at=shop.message_left_at, callback_at=shop.callback_at,
        callback_never=shop.callback_never, callback_withheld=shop.callback_withheld,
        callback_answering_machine=shop.callback_answering_machine)


def _fact_columns(facts: Facts) -> dict:
    if isinstance(facts, VisitFacts):
        return {"occurred_at": facts.occurred_at,
                "acknowledged_minutes": facts.acknowledged_minutes,
                "seen_minutes": facts.seen_minutes}
    return {
        "occurred_at": facts.occurred_at, "rings": facts.rings, "outcome": facts.outcome,
        "held_or_transferred": facts.held_or_transferred, "officer_away": facts.officer_away,
        "message_left_at": facts.message_left_at, "callback_at": facts.callback_at,
        "callback_never": facts.callback_never, "callback_withheld": facts.callback_withheld,
        "callback_answering_machine": facts.callback_answering_machine,
    }


def utcnow() -> datetime:
    return datetime.now(UTC)
