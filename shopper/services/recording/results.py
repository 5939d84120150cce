"""A shopper's own shops as they read them: the result in plain English, and what is waiting."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from shopper.domain.enums import Answer, CallbackState, Channel, Outcome
from shopper.domain.scoring import assess_shop, describe_result
from shopper.domain.states import ShopStatus
from shopper.extensions import db
from shopper.models import Item, ItemAnswer, Line, Shop, ShopDraft, User
from shopper.services.errors import NotFound
from shopper.services.recording import drafts as recording
from shopper.services.recording.text import (
    clock,
    deadline_text,
    place_label,
    when_text,
)
from shopper.services.settings import current_settings
from shopper.services.shops import facts_of
from shopper.services.standards import load_catalogue

RECENT = 20
DRAFTS_KEPT_FOR = timedelta(days=30)


@dataclass(frozen=True)
class ShopView:
    """One of the shopper's shops, as its result page shows it."""

    id: int
    client_id: uuid.UUID
    channel: str
    place: str
    when: str
    status: str
    results: tuple[str, ...]
    callback: str | None
    awaiting: bool
    # The shop can still be changed (and its callback recorded): a coordinator has not checked it.
    editable: bool
    callback_due: bool
    flagged: bool
    excluded_reason: str | None


@dataclass(frozen=True)
class ShopLine:
    """A shop, a draft or a callback in a list, with what it links to."""

    id: object
    client_id: uuid.UUID
    channel: str
    place: str
    when: str
    status: str = ""


def own_shop(user: User, shop_id: int) -> ShopView:
    """The shopper's own shop with its result; 404 for anyone else's, revealing nothing."""
    # The place it is about, read with it: the page names the line or reception point.
    shop = db.session.get(Shop, shop_id, options=[
        joinedload(Shop.line).options(joinedload(Line.block), joinedload(Line.team)),
        joinedload(Shop.reception_point), joinedload(Shop.block)])
    if shop is None or shop.shopper_id != user.id:
        raise NotFound
    return _view(shop)


def _view(shop: Shop) -> ShopView:
    now = recording.now()
    versions = load_catalogue().in_force(shop.channel, shop.occurred_at)
    stored = dict(db.session.execute(
        sa.select(Item.code, ItemAnswer.answer).join(Item, Item.id == ItemAnswer.item_id)
        .where(ItemAnswer.shop_id == shop.id)).all())
    facts = facts_of(shop)
    assessment = assess_shop([v.spec for v in versions], facts,
                             {code: Answer(answer) for code, answer in stored.items()},
                             current_settings(), now)
    results = tuple(describe_result(v.spec, assessment.scores[v.spec.code])
                    for v in versions if v.spec.code in assessment.scores)
    editable = shop.status == ShopStatus.SUBMITTED
    awaiting = editable and assessment.callback_state is CallbackState.AWAITING
    callback_due = (editable and facts.channel == Channel.CALL and facts.message_left_at
                    is not None and facts.callback_at is None and not facts.callback_never)
    return ShopView(
        id=shop.id, client_id=shop.client_id, channel=str(shop.channel),
        place=_place(shop), when=when_text(shop.occurred_at), status=_status(shop, awaiting),
        results=results, callback=_callback_text(shop, assessment), awaiting=awaiting,
        editable=editable, callback_due=callback_due, flagged=bool(shop.number_flagged),
        excluded_reason=shop.excluded_reason if shop.status == ShopStatus.EXCLUDED else None)


def _place(shop: Shop) -> str:
    if shop.channel == Channel.VISIT:
        return shop.reception_point.name if shop.reception_point else shop.block.name
    data = {"line_id": shop.line_id, "number": shop.dialled_number,
            "extension": shop.dialled_extension, "block_id": shop.service_block_id}
    return place_label("call", data)


def _status(shop: Shop, awaiting: bool) -> str:
    if shop.status == ShopStatus.VERIFIED:
        return "Verified"
    if shop.status == ShopStatus.EXCLUDED:
        return "Excluded"
    return "Waiting for a callback" if awaiting else "Submitted"


def _callback_text(shop: Shop, assessment) -> str | None:
    """Whether the callback deadline applies, and if it does, whether it was met."""
    deadline = assessment.callback_deadline
    state = assessment.callback_state
    if state is CallbackState.NOT_APPLICABLE:
        if shop.outcome == Outcome.VOICEMAIL:
            return "You did not leave a message, so there is no callback deadline."
        return None
    due = deadline_text(deadline)
    if state is CallbackState.AWAITING:
        return f"We'll ask you when they call back: they should by {due}."
    if state in (CallbackState.MET, CallbackState.LATE):
        at = shop.callback_at
        came = f"They called back at {clock(at)} on {at.astimezone(deadline.tzinfo):%A %-d %B %Y}"
        verdict = "in time for" if state is CallbackState.MET else "after"
        return f"{came}, {verdict} the deadline of {due}."
    if shop.callback_never:
        return f"They never called back. They should have by {due}."
    return f"They did not call back by the deadline of {due}."


def recent_shops(user: User) -> list[ShopLine]:
    """The shopper's latest shops, newest first."""
    shops = db.session.scalars(
        sa.select(Shop).where(Shop.shopper_id == user.id)
        .order_by(Shop.occurred_at.desc(), Shop.id.desc()).limit(RECENT))
    now = recording.now()
    return [ShopLine(shop.id, shop.client_id, str(shop.channel), _place(shop),
                     when_text(shop.occurred_at), _line_status(shop, now)) for shop in shops]


def _line_status(shop: Shop, now: datetime) -> str:
    if shop.status == ShopStatus.SUBMITTED and shop.awaiting_until and shop.awaiting_until > now:
        return "Waiting for a callback"
    return shop.status.value.capitalize()


def awaiting_callbacks(user: User) -> list[ShopLine]:
    """The shopper's calls whose callback may still come, soonest deadline first."""
    now = recording.now()
    shops = db.session.scalars(
        sa.select(Shop).where(Shop.shopper_id == user.id, Shop.status == ShopStatus.SUBMITTED,
                              Shop.awaiting_until > now)
        .order_by(Shop.awaiting_until))
    return [ShopLine(shop.id, shop.client_id, str(shop.channel), _place(shop),
                     when_text(shop.occurred_at), f"They should call back by "
                                                  f"{deadline_text(shop.awaiting_until)}")
            for shop in shops]


def drafts_in_progress(user: User) -> list[ShopLine]:
    """Journeys the shopper started and has not submitted, from the last 30 days."""
    since = recording.now() - DRAFTS_KEPT_FOR
    drafts = db.session.scalars(
        sa.select(ShopDraft).where(ShopDraft.shopper_id == user.id, ShopDraft.shop_id.is_(None),
                                   ShopDraft.updated_at > since)
        .order_by(ShopDraft.updated_at.desc()).limit(5))
    lines = []
    for draft in drafts:
        channel = str(draft.channel)
        kind = "Call" if channel == "call" else "Visit"
        place = place_label(channel, draft.data) or f"{kind}, not yet chosen"
        started = when_text(draft.updated_at)
        lines.append(ShopLine(draft.id, draft.id, channel, place, f"Last saved {started}"))
    return lines
