"""Submitting a draft: one shop however often it is sent, or the changes to a submitted shop.

Submitting again with the same content returns the shop already made; with other content it
is refused. Until then, what stops a draft being submitted is named with the page that puts it
right. (The draft itself, page by page, is in drafts.)
"""

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from shopper.domain.applicability import answer_errors
from shopper.domain.enums import Channel
from shopper.domain.facts import fact_errors
from shopper.extensions import db
from shopper.models import ShopDraft, User
from shopper.services.errors import NotFound
from shopper.services.recording import drafts, places, store
from shopper.services.recording import pages as journeys
from shopper.services.recording.drafts import Draft
from shopper.services.recording.pages import CHECK, FACT_STEPS
from shopper.services.shops import content_hash


@dataclass(frozen=True)
class Problem:
    """Something to put right before submitting, and the page where it is put right."""

    step: str
    message: str


@dataclass(frozen=True)
class Submission:
    """What submitting did: created, existing, updated, refused, changed, problems or locked."""

    outcome: str
    shop_id: int | None = None
    problems: tuple[Problem, ...] = ()


def problems(draft: Draft) -> list[Problem]:
    """Everything that stops the draft being submitted, with the page that puts it right."""
    moment = drafts.now()
    journey = draft.journey
    missing = journeys.first_incomplete(journey, moment)
    if missing:
        return [Problem(missing, "Answer this question")]
    record = store.record_of(draft, moment)
    steps_of = FACT_STEPS[draft.channel.value]
    found = [Problem(steps_of.get(error.field, CHECK), error.message)
             for error in fact_errors(record.facts, moment)]
    standard_of = {item.code: standard.code for standard in journey.standards
                   for item in standard.items}
    found += [Problem(journeys.items_step(standard_of.get(error.item_code, "")), error.message)
              for error in answer_errors(journey.standards, record.facts, record.answers)]
    own = draft.shopper.service_block_id
    if own is not None and record.service_block_id == own:
        first = "number" if draft.channel == Channel.CALL else "reception"
        found.append(Problem(first, f"You cannot record a shop of {places.block_name(own)}, "
                                    "your own service block: choose another"))
    return found


def fingerprint(draft: Draft) -> str:
    """The content hash the shop would have: what the shopper checks and then submits."""
    if draft.row is None or journeys.first_incomplete(draft.journey, drafts.now()):
        return ""
    return content_hash(store.record_of(draft, drafts.now()))


def submit(user: User, draft: Draft, checked: str, base: str = "") -> Submission:
    """Make the shop from the draft, once, or save changes to it; see the module docstring."""
    if draft.locked:
        return Submission("locked", draft.shop.id)
    if draft.shop is not None:
        return _resubmit(user, draft, checked, base)
    if draft.row is None:
        return Submission("problems", problems=(Problem(drafts.first_step(draft),
                                                        "Answer this question"),))
    found = problems(draft)
    if found:
        return Submission("problems", problems=tuple(found))
    record = store.record_of(draft, drafts.now())
    if content_hash(record) != checked:
        return Submission("changed")
    try:
        shop_id = store.create_shop(user, draft, record, drafts.now())
        db.session.commit()
    except IntegrityError:
        # Another request made this shop first: a retry, unless its content differs.
        db.session.rollback()
        shop = store.shop_by_client_id(draft.id)
        if shop is None:
            raise
        return _existing(shop, checked, draft)
    return Submission("created", shop_id)


def _existing(shop, checked: str, draft: Draft) -> Submission:
    if shop.shopper_id != draft.shopper.id:
        raise NotFound
    row = db.session.get(ShopDraft, draft.id)
    submitted = row.data.get("submitted_hash") if row else None
    if checked and checked in (shop.content_hash, submitted):
        return Submission("existing", shop.id)
    return Submission("refused", shop.id)


def _resubmit(user: User, draft: Draft, checked: str, base: str) -> Submission:
    shop = draft.shop
    existing = _existing(shop, checked, draft)
    if existing.outcome == "existing" or not base or base != shop.content_hash:
        return existing
    found = problems(draft)
    if found:
        return Submission("problems", shop.id, tuple(found))
    record = store.record_of(draft, drafts.now())
    if content_hash(record) != checked:
        return Submission("changed", shop.id)
    store.update_shop(user, draft, record, drafts.now())
    db.session.commit()
    return Submission("updated", shop.id)
