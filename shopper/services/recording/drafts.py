"""Recording a shop on a phone: a draft kept page by page (submitting it is in submitting).

A draft is keyed by the id its shop will carry, fixed before the first page is shown.
A submitted shop's draft stays, so the shopper can change the shop or record the callback
until a coordinator verifies it.
"""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from shopper.domain.deadlines import LONDON
from shopper.domain.enums import Channel
from shopper.domain.facts import fact_errors
from shopper.domain.phones import display_number
from shopper.domain.states import ShopStatus
from shopper.extensions import db
from shopper.models import Assignment, ShopDraft, User
from shopper.services.errors import NotFound
from shopper.services.recording import pages as journeys
from shopper.services.recording import places, store
from shopper.services.recording.pages import CHECK, FACT_STEPS, Journey
from shopper.services.standards import load_catalogue


def now() -> datetime:
    """The current moment; tests replace it to record shops on the worked example's dates."""
    return datetime.now(UTC)


def today() -> date:
    return now().astimezone(LONDON).date()


@dataclass
class Draft:
    """A journey in progress, or a submitted shop being changed."""

    id: uuid.UUID
    channel: Channel
    shopper: User
    data: dict
    row: ShopDraft | None = None
    shop: object | None = None
    journey: Journey = field(init=False)

    def __post_init__(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        at = journeys.parse_time(self.data.get("occurred_at")) or now()
        versions = load_catalogue().in_force(self.channel, at)
        point = places.reception_point(self.data.get("reception_point_id"))
        self.journey = Journey(self.channel, self.data, tuple(v.spec for v in versions),
                               submitted=self.shop is not None,
                               family_reception=bool(point and point.family_reception))

    @property
    def submitted(self) -> bool:
        return self.shop is not None

    @property
    def locked(self) -> bool:
        """Verified or excluded: the shop can no longer be changed."""
        return self.shop is not None and self.shop.status != ShopStatus.SUBMITTED


def new_draft_id() -> uuid.UUID:
    return uuid.uuid4()


def open_draft(user: User, draft_id: uuid.UUID, channel: str,
               assignment_id: int | None = None) -> Draft:
    """The user's draft, a submitted shop of theirs to change, or a new draft; else 404."""
    if channel not in tuple(Channel):
        raise NotFound
    row, shop = store.draft_and_shop(draft_id)
    owner = row.shopper_id if row else shop.shopper_id if shop else user.id
    if owner != user.id or (row and row.channel != channel) or (shop and shop.channel != channel):
        raise NotFound
    if shop is not None and (row is None or row.base_hash != shop.content_hash):
        # Changed elsewhere (or never drafted here, like a demo shop): start from the shop.
        data = {**store.data_from_shop(shop), "checked": True,
                "submitted_hash": (row.data.get("submitted_hash") if row else "")}
    elif row is not None:
        data = dict(row.data)
    else:
        data = _from_assignment(user, assignment_id, Channel(channel))
    return Draft(draft_id, Channel(channel), user, data, row, shop)


def _from_assignment(user: User, assignment_id: int | None, channel: Channel) -> dict:
    if not assignment_id:
        return {}
    assignment = db.session.get(Assignment, assignment_id)
    if (assignment is None or assignment.shopper_id != user.id or assignment.shop_id
            or assignment.cancelled_at is not None):
        raise NotFound
    if channel == Channel.CALL and assignment.line_id:
        return {"assignment_id": assignment.id, "line_id": assignment.line_id,
                "block_id": assignment.service_block_id}
    if channel == Channel.VISIT and assignment.reception_point_id:
        served = places.reception_blocks(user, assignment.reception_point)
        return {"assignment_id": assignment.id, "several_blocks": len(served) > 1,
                "reception_point_id": assignment.reception_point_id,
                "block_id": assignment.service_block_id}
    raise NotFound


def first_step(draft: Draft) -> str:
    return journeys.first_incomplete(draft.journey, now()) or CHECK


def next_step(draft: Draft, step: str) -> str:
    return journeys.next_step(draft.journey, step, now())


def previous_step(draft: Draft, step: str) -> str | None:
    return journeys.previous_step(draft.journey, step, now())


def step_applies(draft: Draft, step: str) -> bool:
    return journeys.step_applies(draft.journey, step, now())


def items_for(draft: Draft, step: str):
    """The standard a questions page is about, and the items it asks."""
    standard = journeys.standard_of_step(draft.journey, step)
    if standard is None:
        raise NotFound
    return standard, journeys.asked(draft.journey, now()).get(standard.code, ())


def step_values(draft: Draft, step: str) -> dict:
    """What the page shows to begin with: what the draft holds, as the page's form takes it."""
    data, parse = draft.data, journeys.parse_time
    values = {"today": today(), "answers": data.get("answers") or {},
              "call_at": parse(data.get("occurred_at")),
              **{key: value for key, value in data.items() if key != "answers"}}
    for key in ("occurred_at", "message_left_at", "callback_at"):
        values[key] = parse(data.get(key))
    values["call_date"] = values["call_at"].astimezone(LONDON).date() if values["call_at"] \
        else today()
    if step == "number" and data.get("line_id"):
        line = places.line_choice(data["line_id"])
        values.update(number=line.display if line else "", extension="")
    elif step == "number":
        values["number"] = display_number(data.get("number"), data.get("extension") or "")
    return values


def save_step(user: User, draft: Draft, step: str, values: dict) -> dict[str, str]:
    """Check a page's values against the rules and keep them; the problems, by value, if not."""
    if draft.locked:
        raise NotFound
    handler = store.PLACE_STEPS.get(step)
    if handler is not None:
        changes, errors = handler(user, draft.data, values)
    else:
        changes, errors = store.fact_changes(step, values, draft.data), {}
    if errors:
        return errors
    candidate = {**draft.data, **changes}
    errors = _fact_errors_for(draft, candidate, step)
    if errors:
        return errors
    draft.data = candidate
    store.save_draft(user, draft, now())
    db.session.commit()
    draft.refresh()
    return {}


def _fact_errors_for(draft: Draft, data: dict, step: str) -> dict[str, str]:
    """The domain's problems with the facts that this page asks for."""
    moment = now()
    trial = Journey(draft.channel, data, draft.journey.standards, draft.submitted,
                    draft.journey.family_reception)
    steps_of = FACT_STEPS[draft.channel.value]
    errors = {}
    for error in fact_errors(journeys.facts(trial, moment), moment):
        if steps_of.get(error.field) == step:
            errors.setdefault(_error_key(error.field, data, moment), error.message)
    return errors


def _error_key(fact: str, data: dict, moment: datetime) -> str:
    """The value a problem is about; a moment's date, when the day itself is in the future."""
    if fact == "callback_never":
        return "callback"
    at = journeys.parse_time(data.get(fact)) if fact in ("occurred_at", "callback_at") else None
    if at is not None and at.astimezone(LONDON).date() > moment.astimezone(LONDON).date():
        return f"{fact}:date"
    return fact


def mark_checked(user: User, draft: Draft) -> None:
    """Remember the shopper has seen the check page: changes now return to it."""
    if draft.row is not None and not draft.data.get("checked") and not draft.locked:
        draft.data = {**draft.data, "checked": True}
        store.save_draft(user, draft, now())
        _commit_keeping_loaded()
        draft.refresh()


def _commit_keeping_loaded() -> None:
    """Commit without expiring what the request has loaded (the signed-in user, the draft's
    row, which holds what was just written): the page shown after reads none of it again."""
    session = db.session()
    expiring, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expiring
