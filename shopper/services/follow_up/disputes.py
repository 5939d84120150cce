"""Disputes, verification and the shop detail page reviewers see."""

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from sqlalchemy.orm import selectinload

from shopper.domain.actions import dispute_refusal, verification_refusal
from shopper.domain.enums import Answer
from shopper.domain.scoring import format_percentage
from shopper.domain.states import DisputeStatus, Role, ShopStatus
from shopper.extensions import db
from shopper.models import Action, Dispute, Shop, ShopResult, User
from shopper.services.audit import Actor, record_change
from shopper.services.errors import NotFound
from shopper.services.review import tallies
from shopper.services.shops import utcnow
from shopper.services.standards import load_catalogue
from shopper.services.visibility import may_see_block, may_see_names, visible_block_ids

# Ids arrive from URLs; beyond this PostgreSQL's integer columns refuse them with an error.
MAX_ID = 2**31 - 1
TO_VERIFY_SHOWN = 50


class Refused(Exception):
    """What was asked cannot be done to the shop or dispute as it stands; the message says why."""


@dataclass(frozen=True)
class StandardResultView:
    """One standard's result for one shop, with every item's answer when asked for."""

    code: str
    name: str
    passed: bool | None
    percentage: str | None
    items: tuple[tuple[str, str, Answer], ...] = ()


@dataclass(frozen=True)
class ShopDetail:
    shop: Shop
    standards: list[StandardResultView]
    disputes: list[Dispute]
    actions: list[Action]
    show_names: bool
    show_shopper: bool
    open_dispute: Dispute | None
    awaiting_callback: bool
    dispute_refusal: str | None
    verification_refusal: str | None
    may_dispute: bool
    may_verify: bool
    may_raise_action: bool


def valid_id(value) -> int | None:
    """An id from a URL or query string as an int, or None if it cannot be one."""
    text = str(value or "")
    if not text.isascii() or not text.isdigit() or not 0 < int(text) <= MAX_ID:
        return None
    return int(text)


def visible_shop_or_404(user: User, shop_id) -> Shop:
    """A submitted (or later) shop of a block the user may see; otherwise 404, revealing nothing."""
    shop_id = valid_id(shop_id)
    shop = db.session.get(Shop, shop_id) if shop_id else None
    if shop is None or shop.status == ShopStatus.DRAFT or not may_see_block(
            user, shop.service_block_id):
        raise NotFound
    return shop


def shop_results(shops: list[Shop], with_items: bool = False) -> dict[int, list]:
    """Each shop's result per standard in force when it occurred, by shop id."""
    catalogue = load_catalogue()
    stored = {(r.shop_id, r.standard_version_id): r for r in db.session.scalars(
        db.select(ShopResult).where(ShopResult.shop_id.in_([s.id for s in shops])))}
    results = {}
    for shop in shops:
        answers = {a.item_id: a.answer for a in shop.answers} if with_items else {}
        views = []
        for version in catalogue.in_force(shop.channel, shop.occurred_at):
            result = stored.get((shop.id, version.id))
            percentage = None
            if result is not None and result.applicable_weight:
                percentage = format_percentage(
                    Fraction(result.met_weight) / Fraction(result.applicable_weight))
            items = tuple((item.code, item.question,
                           answers.get(version.item_ids[item.code], Answer.NA))
                          for item in version.spec.items) if with_items else ()
            views.append(StandardResultView(version.spec.code, version.spec.name,
                                            result.passed if result else None, percentage, items))
        results[shop.id] = views
    return results


def shop_detail(user: User, shop_id) -> ShopDetail:
    shop, now = visible_shop_or_404(user, shop_id), utcnow()
    disputes = db.session.scalars(db.select(Dispute).where(Dispute.shop_id == shop.id)
                                  .order_by(Dispute.created_at.desc(), Dispute.id.desc())).all()
    open_dispute = next((d for d in disputes if d.status == DisputeStatus.OPEN), None)
    actions = db.session.scalars(db.select(Action).where(Action.shops.any(Shop.id == shop.id))
                                 .order_by(Action.due_on, Action.id)).all()
    reviewer = user.role in (Role.COORDINATOR, Role.TEAM_LEAD)
    no_dispute = dispute_refusal(shop.status, open_dispute is not None)
    no_verify = verification_refusal(shop.status, shop.awaiting_until, now,
                                     open_dispute is not None)
    return ShopDetail(
        shop=shop, standards=shop_results([shop], with_items=True)[shop.id],
        disputes=list(disputes), actions=list(actions),
        show_names=may_see_names(user, shop.service_block_id),
        show_shopper=user.role == Role.COORDINATOR, open_dispute=open_dispute,
        awaiting_callback=shop.awaiting_until is not None and shop.awaiting_until > now,
        dispute_refusal=no_dispute, verification_refusal=no_verify,
        may_dispute=reviewer and no_dispute is None,
        may_verify=user.role == Role.COORDINATOR and no_verify is None,
        may_raise_action=reviewer)


def _has_open_dispute(shop: Shop) -> bool:
    return db.session.scalar(db.select(Dispute.id).where(
        Dispute.shop_id == shop.id, Dispute.status == DisputeStatus.OPEN)) is not None


def why_not_dispute(shop: Shop) -> str | None:
    """Why the shop cannot be disputed now; None if it can."""
    return dispute_refusal(shop.status, _has_open_dispute(shop))


def raise_dispute(user: User, shop: Shop, reason: str) -> Dispute:
    """A team lead (or the coordinator) disputes a shop; it waits for a coordinator's decision."""
    refusal = why_not_dispute(shop)
    if refusal:
        raise Refused(refusal)
    dispute = Dispute(shop_id=shop.id, raised_by_id=user.id, reason=reason,
                      status=DisputeStatus.OPEN)
    db.session.add(dispute)
    db.session.flush()
    record_change(Actor.of_user(user), "dispute", dispute.id, "raised", None,
                  _describe_dispute(dispute))
    db.session.commit()
    return dispute


def dispute_or_404(user: User, dispute_id) -> Dispute:
    dispute_id = valid_id(dispute_id)
    dispute = db.session.get(Dispute, dispute_id) if dispute_id else None
    if dispute is None or not may_see_block(user, dispute.shop.service_block_id):
        raise NotFound
    return dispute


def decide_dispute(user: User, dispute: Dispute, uphold: bool, reason: str) -> None:
    """Uphold (the shop is excluded from every figure, with the reason kept) or reject."""
    if dispute.status != DisputeStatus.OPEN:
        raise Refused("This dispute has already been decided.")
    before = _describe_dispute(dispute)
    dispute.status = DisputeStatus.UPHELD if uphold else DisputeStatus.REJECTED
    dispute.decided_by_id, dispute.decided_at = user.id, utcnow()
    dispute.decision_reason = reason
    record_change(Actor.of_user(user), "dispute", dispute.id, dispute.status.value, before,
                  _describe_dispute(dispute))
    if uphold:
        exclude_shop(dispute.shop, dispute.reason, actor=Actor.of_user(user))
    db.session.commit()


def exclude_shop(shop: Shop, reason: str, *, actor: Actor) -> None:
    """Take the shop out of every figure, keeping the reason."""
    before = _describe_shop(shop)
    shop.status, shop.excluded_reason = ShopStatus.EXCLUDED, reason
    record_change(actor, "shop", shop.id, "excluded", before, _describe_shop(shop))
    tallies.recount({tallies.key_of(shop)})


def verify_shop(user: User, shop: Shop) -> None:
    """A coordinator has checked a submitted shop: its shopper can no longer change it."""
    now = utcnow()
    refusal = verification_refusal(shop.status, shop.awaiting_until, now, _has_open_dispute(shop))
    if refusal:
        raise Refused(refusal)
    before = _describe_shop(shop)
    shop.status, shop.verified_at, shop.verified_by_id = ShopStatus.VERIFIED, now, user.id
    record_change(Actor.of_user(user), "shop", shop.id, "verified", before, _describe_shop(shop))
    db.session.commit()


def disputes_for(user: User, status: DisputeStatus | None = None,
                 limit: int | None = None) -> list[Dispute]:
    """Disputes on the blocks the user may see, oldest first when open, newest decided first."""
    query = (db.select(Dispute).join(Shop, Shop.id == Dispute.shop_id)
             .options(selectinload(Dispute.shop).selectinload(Shop.block)))
    blocks = visible_block_ids(user)
    if blocks is not None:
        query = query.where(Shop.service_block_id.in_(blocks))
    if status == DisputeStatus.OPEN:
        query = query.where(Dispute.status == status).order_by(Dispute.created_at, Dispute.id)
    else:
        if status is not None:
            query = query.where(Dispute.status == status)
        else:
            query = query.where(Dispute.status != DisputeStatus.OPEN)
        query = query.order_by(Dispute.decided_at.desc(), Dispute.id.desc())
    return list(db.session.scalars(query.limit(limit)))


def _ready_to_verify(now: datetime) -> list:
    """Submitted and no longer waiting for a callback: what ix_shops_to_verify holds."""
    return [Shop.status == ShopStatus.SUBMITTED,
            db.or_(Shop.awaiting_until.is_(None), Shop.awaiting_until <= now)]


def _to_verify_where(now: datetime) -> list:
    open_dispute = (db.select(Dispute.id).where(Dispute.shop_id == Shop.id,
                                                Dispute.status == DisputeStatus.OPEN).exists())
    return [*_ready_to_verify(now), ~open_dispute]


def shops_to_verify(limit: int = TO_VERIFY_SHOWN) -> list[Shop]:
    """The submitted shops ready to verify, the longest waiting first."""
    return list(db.session.scalars(
        db.select(Shop).where(*_to_verify_where(utcnow())).options(selectinload(Shop.block))
        .order_by(Shop.occurred_at, Shop.id).limit(limit)))


def count_to_verify() -> int:
    # The ready shops less the few with an open dispute: an anti-join per shop is far slower.
    now = utcnow()
    ready = db.session.scalar(db.select(db.func.count()).select_from(Shop)
                              .where(*_ready_to_verify(now)))
    disputed = db.session.scalar(
        db.select(db.func.count(db.distinct(Dispute.shop_id))).join(Shop)
        .where(Dispute.status == DisputeStatus.OPEN, *_ready_to_verify(now)))
    return ready - disputed


def user_names(user_ids: set[int]) -> dict[int, str]:
    """Display names of the people who raised, decided or wrote something."""
    users = db.session.scalars(db.select(User).where(User.id.in_(user_ids))) if user_ids else []
    return {user.id: user.display_name for user in users}


def _describe_dispute(dispute: Dispute) -> dict:
    return {"shop": dispute.shop_id, "reason": dispute.reason, "status": dispute.status.value,
            "decision_reason": dispute.decision_reason}


def _describe_shop(shop: Shop) -> dict:
    return {"status": shop.status.value, "excluded_reason": shop.excluded_reason,
            "verified_at": shop.verified_at.isoformat() if shop.verified_at else None,
            "verified_by": shop.verified_by_id}

