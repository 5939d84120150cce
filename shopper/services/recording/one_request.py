"""Recording a complete shop in one request, as a phone's offline queue sends it.

The client id makes it idempotent: the same id with the same content returns the shop already
made, however often it is sent; the same id with other content is refused.
"""

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from shopper.domain.scoring import format_percentage
from shopper.domain.states import ShopStatus
from shopper.extensions import db
from shopper.models import Shop, ShopResult, Standard, StandardVersion, User
from shopper.services.audit import Actor, record_change
from shopper.services.recording.json_shop import FieldError, ShopInvalid, read_shop
from shopper.services.recording.store import describe_rows
from shopper.services.settings import current_settings
from shopper.services.shops import content_hash, insert_shops, shop_rows, utcnow
from shopper.services.standards import load_catalogue

__all__ = ["FieldError", "Recorded", "ShopConflict", "ShopInvalid", "record_shop", "utcnow"]


class ShopConflict(ValueError):
    """The client id is already another shop's: the error says what to do."""

    def __init__(self, error: FieldError) -> None:
        super().__init__(error.message)
        self.error = error


@dataclass(frozen=True)
class Recorded:
    """The shop stored: whether this request made it, its state and its scores."""

    created: bool
    id: int
    status: str
    standards: list[dict]

    def as_json(self) -> dict:
        return {"id": self.id, "status": self.status, "standards": self.standards}


def record_shop(user: User, body: object, now: datetime) -> Recorded:
    """Store the shop the body describes, or return the one already stored under its client id."""
    catalogue = load_catalogue()
    record = read_shop(body, user, catalogue, now)
    fingerprint = content_hash(record)
    existing = _existing(record.client_id, fingerprint, now)
    if existing is not None:
        return existing
    rows = shop_rows(record, catalogue, current_settings(), now)
    try:
        (shop_id,) = insert_shops([rows])
        record_change(Actor.of_user(user), "shop", shop_id, "submitted", None,
                      describe_rows(rows))
        status = _status(rows.shop["status"], rows.shop["awaiting_until"], now)
        db.session.commit()
    except IntegrityError:
        # The same client id arrived twice at once: the other request made the shop.
        db.session.rollback()
        existing = _existing(record.client_id, fingerprint, now)
        if existing is None:
            raise
        return existing
    standards = [{"code": code, "score": _score(score.met_weight, score.applicable_weight),
                  "passed": score.passed} for code, score in rows.assessment.scores.items()]
    return Recorded(True, shop_id, status, standards)


def _existing(client_id, fingerprint: str, now: datetime) -> Recorded | None:
    shop = db.session.scalar(sa.select(Shop).where(Shop.client_id == client_id))
    if shop is None:
        return None
    if shop.content_hash != fingerprint:
        raise ShopConflict(FieldError(
            "client_id", f"A different shop was already sent with client_id {client_id}: "
                         "send this shop with a new client_id, or change it in Shopper"))
    return _recorded(shop, False, now)


def _recorded(shop: Shop, created: bool, now: datetime) -> Recorded:
    results = db.session.execute(
        sa.select(Standard.code, ShopResult.met_weight, ShopResult.applicable_weight,
                  ShopResult.passed)
        .join(StandardVersion, StandardVersion.id == ShopResult.standard_version_id)
        .join(Standard, Standard.id == StandardVersion.standard_id)
        .where(ShopResult.shop_id == shop.id).order_by(Standard.id)).all()
    standards = [{"code": code, "score": _score(met, applicable), "passed": passed}
                 for code, met, applicable, passed in results]
    return Recorded(created, shop.id, _status(shop.status, shop.awaiting_until, now), standards)


def _score(met, applicable) -> float:
    """The score as a percentage to one decimal place, rounded as everywhere else."""
    return float(format_percentage(Fraction(met) / Fraction(applicable)).removesuffix("%"))


def _status(status: ShopStatus, awaiting_until: datetime | None, now: datetime) -> str:
    """The shop's state in the spec's words; a submitted shop may be awaiting its callback."""
    if status == ShopStatus.SUBMITTED and awaiting_until and awaiting_until > now:
        return "awaiting callback"
    return str(status)
