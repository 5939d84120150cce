"""A draft's items added and removed, and a new standard made as a draft to publish."""

from dataclasses import dataclass

import sqlalchemy as sa

from shopper.domain.enums import Channel, Condition
from shopper.domain.standards import ITEM_CONDITIONS, item_code_problem, standard_code_problem
from shopper.domain.states import StandardStatus
from shopper.extensions import db
from shopper.models import Item, Standard, StandardVersion
from shopper.services.admin.standards import (
    ItemInput,
    StandardRefused,
    describe_item,
    elements_numbered,
)
from shopper.services.audit import Actor, record_change
from shopper.services.errors import NotAllowed, NotFound


@dataclass(frozen=True)
class NewItem:
    code: str
    condition: str
    values: ItemInput


def _draft_only(version: StandardVersion) -> None:
    if version.status != StandardStatus.DRAFT:
        raise NotAllowed("A published version cannot be changed: edit the standard's draft")


def conditions_for(channel: Channel) -> tuple[tuple[Condition, str], ...]:
    return ITEM_CONDITIONS[Channel(channel)]


def _check_code(version: StandardVersion, code: str) -> None:
    problem = item_code_problem(code)
    if problem:
        raise StandardRefused("code", problem)
    if any(item.code == code for item in version.items):
        raise StandardRefused("code", f"Enter another code: {code} is already in this draft")
    # Unique across every standard, retired or not, so no two standards' results share a code.
    other = db.session.scalar(
        sa.select(Standard.code).join(StandardVersion).join(Item)
        .where(Item.code == code, Standard.id != version.standard_id).limit(1))
    if other:
        raise StandardRefused("code", f"Enter another code: {code} is an item of {other}")


def add_item(actor: Actor, version: StandardVersion, new: NewItem) -> Item:
    """Add an asked item at the end of a draft; items worked out from facts cannot be added."""
    _draft_only(version)
    _check_code(version, new.code)
    allowed = {condition.value for condition, _ in conditions_for(version.standard.channel)}
    if new.condition not in allowed:
        raise StandardRefused("condition", "Select when the item applies")
    values = new.values
    if not 0 <= values.weight <= 100:
        raise StandardRefused("weight", "Enter a weight from 0 to 100, like 1 or 1.5")
    elements = elements_numbered(values.cse_elements)
    position = max((item.position for item in version.items), default=0) + 1
    item = Item(position=position, code=new.code, question=values.question,
                guidance=values.guidance, weight=values.weight, critical=values.critical,
                condition=Condition(new.condition), derived=False, cse_elements=elements)
    version.items.append(item)
    db.session.flush()
    record_change(actor, "item", item.id, "added", None, {
        **describe_item(item), "condition": new.condition,
        "standard": version.standard.code, "version": version.version})
    db.session.commit()
    return item


def remove_item(actor: Actor, version: StandardVersion, code: str) -> None:
    """Take an asked item out of a draft; published versions keep it."""
    _draft_only(version)
    item = next((i for i in version.items if i.code == code), None)
    if item is None:
        raise NotFound(f"No item {code}")
    if item.derived:
        raise NotAllowed("An item worked out from the facts cannot be removed")
    record_change(actor, "item", item.id, "removed", {
        **describe_item(item), "standard": version.standard.code,
        "version": version.version}, None)
    version.items.remove(item)
    db.session.delete(item)
    db.session.commit()


def create_standard(actor: Actor, code: str, name: str, channel: str) -> StandardVersion:
    """A new standard with an empty draft of version 1; in force once that is published."""
    problem = standard_code_problem(code)
    if problem:
        raise StandardRefused("code", problem)
    if db.session.scalar(sa.select(Standard.id).filter_by(code=code)):
        raise StandardRefused("code", f"Enter another code: there is already a standard {code}")
    if db.session.scalar(sa.select(Standard.id).where(sa.func.lower(Standard.name)
                                                      == name.lower())):
        raise StandardRefused("name", f"Enter another name: there is already a standard {name}")
    if channel not in {c.value for c in Channel}:
        raise StandardRefused("channel", "Select whether the standard is for calls or visits")
    # Not in force until published, so exercises and results do not offer an empty standard.
    standard = Standard(code=code, name=name, channel=Channel(channel), in_force=False)
    draft = StandardVersion(standard=standard, version=1, status=StandardStatus.DRAFT)
    db.session.add_all([standard, draft])
    db.session.flush()
    record_change(actor, "standard", standard.id, "created", None,
                  {"code": code, "name": name, "channel": channel})
    db.session.commit()
    return draft
