"""Where a recording journey meets the database: drafts, the places chosen, and the shop stored.

The shop's rows come from services.shops (shop_rows, insert_shops), so a recorded shop is
scored exactly as an imported one is.
"""

from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa

from shopper.domain.enums import Answer, Channel, Outcome
from shopper.domain.phones import EXAMPLE, PhoneNumberError, parse_phone_number
from shopper.extensions import db
from shopper.models import Assignment, Item, ItemAnswer, Shop, ShopDraft, ShopResult, User
from shopper.services.audit import Actor, record_change
from shopper.services.bulk import scalar_default
from shopper.services.recording import pages as journeys
from shopper.services.recording import places
from shopper.services.review import tallies
from shopper.services.settings import current_settings
from shopper.services.shops import ShopRecord, ShopRows, insert_shops, shop_rows
from shopper.services.standards import load_catalogue

# Kept when a shop is changed: who made it and when, and what a coordinator decided.
KEPT_ON_UPDATE = ("client_id", "ref", "status", "shopper_id", "created_at", "submitted_at")
AUDITED = ("status", "channel", "service_block_id", "line_id", "dialled_number",
           "dialled_extension", "number_flagged", "reception_point_id", "occurred_at", "rings",
           "outcome", "held_or_transferred", "officer_away", "message_left_at", "callback_at",
           "callback_never", "callback_withheld", "callback_answering_machine",
           "acknowledged_minutes", "seen_minutes", "notes", "awaiting_until")


def shop_by_client_id(client_id) -> Shop | None:
    return db.session.scalar(db.select(Shop).where(Shop.client_id == client_id))


def draft_and_shop(draft_id) -> tuple[ShopDraft | None, Shop | None]:
    """A draft and the shop with its id, in one statement: every page of a journey reads both."""
    wanted = sa.select(sa.literal(draft_id, sa.Uuid).label("id")).subquery("wanted")
    found = db.session.execute(
        sa.select(ShopDraft, Shop).select_from(wanted)
        .outerjoin(ShopDraft, ShopDraft.id == wanted.c.id)
        .outerjoin(Shop, Shop.client_id == wanted.c.id)).one()
    return found.ShopDraft, found.Shop


def save_draft(user: User, draft, now: datetime) -> None:
    """Keep the draft's data, creating its row on the first page saved."""
    if draft.row is None:
        draft.row = ShopDraft(id=draft.id, shopper_id=user.id, channel=draft.channel, data={},
                              created_at=now)
        if draft.shop is not None:
            draft.row.shop_id = draft.shop.id
        db.session.add(draft.row)
    if draft.shop is not None:
        draft.row.base_hash = draft.shop.content_hash
    draft.row.data = dict(draft.data)
    draft.row.updated_at = now


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else "yes" if value else "no"


def data_from_shop(shop: Shop) -> dict:
    """A stored shop as a draft's data, so it can be changed page by page."""
    asked = dict(db.session.execute(
        sa.select(Item.code, ItemAnswer.answer).join(Item, Item.id == ItemAnswer.item_id)
        .where(ItemAnswer.shop_id == shop.id, sa.not_(Item.derived))).all())
    assignment = db.session.scalar(sa.select(Assignment.id).where(Assignment.shop_id == shop.id))
    data = {"occurred_at": journeys.store_time(shop.occurred_at), "notes": shop.notes or "",
            "block_id": shop.service_block_id, "assignment_id": assignment,
            "answers": {code: str(answer) for code, answer in asked.items()
                        if answer in (Answer.MET, Answer.NOT_MET)}}
    if shop.channel == Channel.VISIT:
        seen = shop.seen_minutes is not None
        point = places.reception_point(shop.reception_point_id)
        return {**data, "reception_point_id": shop.reception_point_id,
                "several_blocks": bool(point and len(point.blocks) > 1),
                "acknowledged_minutes": _minutes(shop.acknowledged_minutes),
                "seen": _yes_no(seen), "seen_minutes": _minutes(shop.seen_minutes)}
    data.update(line_id=shop.line_id, outcome=str(shop.outcome),
                number=None if shop.line_id else shop.dialled_number,
                extension="" if shop.line_id else shop.dialled_extension or "")
    if shop.outcome != Outcome.ENGAGED:
        data.update(rings=shop.rings, held=_yes_no(bool(shop.held_or_transferred)))
    if shop.outcome == Outcome.VOICEMAIL:
        data.update(away=str(shop.officer_away or "unknown"),
                    message=_yes_no(shop.message_left_at is not None),
                    message_left_at=journeys.store_time(shop.message_left_at))
    if shop.callback_at is not None:
        data.update(callback="yes", callback_at=journeys.store_time(shop.callback_at),
                    callback_withheld=_yes_no(shop.callback_withheld),
                    callback_answering_machine=_yes_no(shop.callback_answering_machine))
    elif shop.callback_never:
        data["callback"] = "no"
    return data


def _minutes(value: Decimal | None) -> str | None:
    return None if value is None else str(value.normalize() if value == value.to_integral()
                                          else value)


def fact_changes(step: str, values: dict, data: dict) -> dict:
    """A page's values as a draft keeps them: times in ISO 8601, minutes as text."""
    if step.startswith(journeys.ITEMS_PREFIX):
        return {"answers": {**(data.get("answers") or {}), **values.get("answers", {})}}
    changes = {}
    for key, value in values.items():
        if isinstance(value, datetime):
            value = journeys.store_time(value)
        elif isinstance(value, Decimal):
            value = _minutes(value)
        changes[key] = value
    return changes


def _number(user: User, data: dict, values: dict) -> tuple[dict, dict]:
    """A typed number: a directory line if it is one, else any valid UK number, flagged."""
    try:
        phone = parse_phone_number(values.get("number") or "", values.get("extension") or "")
    except PhoneNumberError as error:
        key = "extension" if str(error).startswith("Enter the extension") else "number"
        return {}, {key: str(error)}
    line = places.find_line(phone.e164, phone.extension)
    if line is not None:
        return _chosen_line(user, line, "number")
    if not phone.e164.startswith("+44"):
        return {}, {"number": f"Enter a UK phone number, like {EXAMPLE}"}
    same = data.get("number") == phone.e164 and not data.get("line_id")
    return {"line_id": None, "number": phone.e164, "extension": phone.extension,
            "block_id": data.get("block_id") if same else None}, {}


def _line(user: User, data: dict, values: dict) -> tuple[dict, dict]:
    line = places.line_choice(values.get("line_id"))
    if line is None:
        return {}, {"line_id": "Select the line you called"}
    return _chosen_line(user, line, "line_id")


def _chosen_line(user: User, line, key: str) -> tuple[dict, dict]:
    if line.service_block_id == user.service_block_id:
        return {}, {key: f"You cannot record a call to {places.block_name(line.service_block_id)}"
                         ": it is your own service block. Choose a number in another service"}
    return {"line_id": line.id, "number": None, "extension": "",
            "block_id": line.service_block_id}, {}


def _service(user: User, data: dict, values: dict) -> tuple[dict, dict]:
    if values.get("block_id") not in {choice.id for choice in places.block_choices(user)}:
        return {}, {"block_id": "Select the service you were trying to reach"}
    return {"block_id": values["block_id"]}, {}


def _reception(user: User, data: dict, values: dict) -> tuple[dict, dict]:
    point = places.reception_point(values.get("reception_point_id"))
    if point is None:
        return {}, {"reception_point_id": "Select the reception you visited"}
    blocks = places.reception_blocks(user, point)
    if not blocks:
        return {}, {"reception_point_id": f"You cannot record a visit to {point.name}: it serves "
                                          "only your own service block. Choose another"}
    ids = [block.id for block in blocks]
    block_id = ids[0] if len(ids) == 1 else data.get("block_id") if data.get("block_id") in ids \
        else None
    return {"reception_point_id": point.id, "several_blocks": len(ids) > 1,
            "block_id": block_id}, {}


def _visit_service(user: User, data: dict, values: dict) -> tuple[dict, dict]:
    point = places.reception_point(data.get("reception_point_id"))
    ids = {block.id for block in places.reception_blocks(user, point)} if point else set()
    if values.get("block_id") not in ids:
        return {}, {"block_id": "Select the service you visited about"}
    return {"block_id": values["block_id"]}, {}


PLACE_STEPS = {"number": _number, "line": _line, "service": _service,
               "reception": _reception, "visit-service": _visit_service}


def record_of(draft, now: datetime) -> ShopRecord:
    """The shop the draft describes, as services.shops stores it."""
    data, journey = draft.data, draft.journey
    common = {"facts": journeys.facts(journey, now), "answers": journeys.answers(journey, now),
              "shopper_id": draft.shopper.id, "client_id": draft.id,
              "notes": data.get("notes") or ""}
    if draft.channel == Channel.VISIT:
        return ShopRecord(**common, service_block_id=data.get("block_id"),
                          reception_point_id=data.get("reception_point_id"))
    line = places.line_with_place(data["line_id"]) if data.get("line_id") else None
    if line is not None:
        return ShopRecord(**common, service_block_id=line.service_block_id, line_id=line.id,
                          dialled_number=line.number, dialled_extension=line.extension or "")
    return ShopRecord(**common, service_block_id=data.get("block_id"),
                      dialled_number=data.get("number"),
                      dialled_extension=data.get("extension") or "", number_flagged=True)


def create_shop(user: User, draft, record: ShopRecord, now: datetime) -> int:
    """Store the shop with its answers and results; the unique client id stops a second one."""
    rows = shop_rows(record, load_catalogue(), current_settings(), now)
    (shop_id,) = insert_shops([rows])
    assignment_id = draft.data.get("assignment_id")
    assignment = db.session.get(Assignment, assignment_id) if assignment_id else None
    if (assignment is not None and assignment.shopper_id == user.id and assignment.shop_id is None
            and assignment.cancelled_at is None
            and (assignment.line_id, assignment.reception_point_id)
            == (record.line_id, record.reception_point_id)):
        assignment.shop_id = shop_id
    draft.row.shop_id = shop_id
    draft.row.base_hash = rows.shop["content_hash"]
    draft.row.data = {**draft.data, "submitted_hash": rows.shop["content_hash"], "checked": True}
    record_change(Actor.of_user(user), "shop", shop_id, "submitted", None, describe_rows(rows))
    return shop_id


def update_shop(user: User, draft, record: ShopRecord, now: datetime) -> None:
    """Replace a submitted shop's facts, answers and results with the draft's, keeping before
    and after in the audit trail."""
    shop = draft.shop
    before = describe_shop(shop)
    counted_on = tallies.key_of(shop)
    rows = shop_rows(record, load_catalogue(), current_settings(), now)
    for key, value in rows.shop.items():
        if key not in KEPT_ON_UPDATE:
            setattr(shop, key, value)
    db.session.execute(sa.delete(ItemAnswer).where(ItemAnswer.shop_id == shop.id))
    db.session.execute(sa.delete(ShopResult).where(ShopResult.shop_id == shop.id))
    if rows.answers:
        db.session.execute(sa.insert(ItemAnswer), [{**a, "shop_id": shop.id} for a in rows.answers])
    if rows.results:
        db.session.execute(sa.insert(ShopResult), [{**r, "shop_id": shop.id} for r in rows.results])
    tallies.recount({counted_on, tallies.key_of(shop)})
    db.session.expire(shop, ["answers", "results"])
    draft.row.base_hash = shop.content_hash
    draft.row.data = {**draft.data, "checked": True}
    record_change(Actor.of_user(user), "shop", shop.id, "changed", before, describe_shop(shop))


def describe_shop(shop: Shop) -> dict:
    """What the audit trail keeps of a shop: its facts and the answers stored for it."""
    answers = db.session.execute(
        sa.select(Item.code, ItemAnswer.answer).join(Item, Item.id == ItemAnswer.item_id)
        .where(ItemAnswer.shop_id == shop.id).order_by(Item.code)).all()
    described = {name: _plain(getattr(shop, name)) for name in AUDITED}
    return {**described, "answers": {code: str(answer) for code, answer in answers}}


def describe_rows(rows: ShopRows) -> dict:
    """describe_shop's entry for a shop just inserted from these rows, without reading it back:
    each value as the database gives it back (times in UTC, minutes to their column's tenth,
    a column left out its default)."""
    columns = Shop.__table__.columns
    described = {name: _plain(_as_stored(columns[name], rows.shop[name]) if name in rows.shop
                              else scalar_default(columns[name])) for name in AUDITED}
    code_of = load_catalogue().items_by_id()
    answers = sorted((code_of[answer["item_id"]][1], answer["answer"]) for answer in rows.answers)
    return {**described, "answers": {code: str(answer) for code, answer in answers}}


def _as_stored(column: sa.Column, value):
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    if isinstance(value, Decimal) and isinstance(column.type, sa.Numeric) and column.type.scale:
        return value.quantize(Decimal(1).scaleb(-column.type.scale))
    return value


def _plain(value):
    if value is None or isinstance(value, bool | int | str):
        return str(value) if hasattr(value, "value") else value
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)
