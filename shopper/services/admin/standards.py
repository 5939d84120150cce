"""Keeping the standards: every version seen, a draft of the next one edited, then published.

A published version never changes (shops assessed against it keep their figures); editing a
standard works on a draft copy of its newest version, which applies to shops that occur from
the date it is published with.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from shopper.domain.deadlines import LONDON
from shopper.domain.states import StandardStatus
from shopper.extensions import db
from shopper.models import CseElement, Item, Standard, StandardVersion
from shopper.services.admin.ids import is_code, is_id
from shopper.services.audit import Actor, record_change
from shopper.services.errors import FieldRefused, NotAllowed, NotFound

__all__ = ["NotAllowed", "NotFound", "StandardRefused"]


class StandardRefused(FieldRefused):
    """Not saved; `field` is the form field to show `message` on."""


@dataclass(frozen=True)
class ItemInput:
    question: str
    guidance: str
    weight: Decimal
    critical: bool
    cse_elements: list[str]


def all_standards() -> list[Standard]:
    return list(db.session.scalars(sa.select(Standard).order_by(Standard.id).options(
        selectinload(Standard.versions))))


def standard_or_404(code: str) -> Standard:
    standard = db.session.scalar(sa.select(Standard).filter_by(code=code)) if is_code(
        code) else None
    if standard is None:
        raise NotFound(f"No standard {code}")
    return standard


def version_or_404(code: str, number: int) -> StandardVersion:
    if not (is_code(code) and is_id(number)):
        raise NotFound(f"No version {number} of {code!r}")
    version = db.session.scalar(
        sa.select(StandardVersion).join(StandardVersion.standard)
        .where(Standard.code == code, StandardVersion.version == number)
        .options(selectinload(StandardVersion.items).selectinload(Item.cse_elements)))
    if version is None:
        raise NotFound(f"No version {number} of {code}")
    return version


def draft_of(standard: Standard) -> StandardVersion | None:
    return next((v for v in standard.versions if v.status == StandardStatus.DRAFT), None)


def start_draft(actor: Actor, code: str) -> StandardVersion:
    """The standard's draft, made as a copy of its newest version if it has none yet."""
    standard = standard_or_404(code)
    draft = draft_of(standard)
    if draft:
        return draft
    newest = max(standard.versions, key=lambda v: v.version)
    draft = StandardVersion(standard=standard, version=newest.version + 1,
                            status=StandardStatus.DRAFT)
    db.session.add(draft)
    for item in newest.items:
        draft.items.append(Item(
            position=item.position, code=item.code, question=item.question,
            guidance=item.guidance, missing_phrase=item.missing_phrase, weight=item.weight,
            critical=item.critical, condition=item.condition, derived=item.derived,
            cse_elements=list(item.cse_elements)))
    db.session.flush()
    record_change(actor, "standard_version", draft.id, "drafted", None,
                  {"standard": code, "version": draft.version, "copied_from": newest.version})
    db.session.commit()
    return draft


def describe_item(item: Item) -> dict:
    return {"code": item.code, "question": item.question, "guidance": item.guidance,
            "weight": str(item.weight), "critical": item.critical,
            "cse_elements": [element.number for element in item.cse_elements]}


def save_item(actor: Actor, version: StandardVersion, code: str, values: ItemInput) -> Item:
    """Change one item of a draft; a published version is never changed."""
    if version.status != StandardStatus.DRAFT:
        raise NotAllowed("A published version cannot be changed: edit the standard's draft")
    item = next((i for i in version.items if i.code == code), None)
    if item is None:
        raise NotFound(f"No item {code}")
    if not Decimal(0) <= values.weight <= Decimal(100):
        raise StandardRefused("weight", "Enter a weight from 0 to 100, like 1 or 1.5")
    elements = elements_numbered(values.cse_elements)
    before = describe_item(item)
    item.question, item.guidance = values.question, values.guidance
    item.weight, item.critical, item.cse_elements = values.weight, values.critical, elements
    after = describe_item(item)
    if after != before:
        record_change(actor, "item", item.id, "updated", before, after)
    db.session.commit()
    return item


def elements_numbered(numbers: list[str]) -> list[CseElement]:
    # Only what could be a number is looked up: a NUL would be a database error on PostgreSQL.
    plausible = [n for n in numbers if len(n) <= 20 and n.isprintable()]
    found = {e.number: e for e in db.session.scalars(
        sa.select(CseElement).where(CseElement.number.in_(plausible)))}
    unknown = [number for number in numbers if number not in found]
    if unknown:
        raise StandardRefused("cse_elements", (
            f"Choose CSE elements from the list: {', '.join(map(repr, unknown))} is not one"))
    return [found[number] for number in dict.fromkeys(numbers)]


def applies_from_earliest(version: StandardVersion) -> date:
    """The first day a draft may apply from: today, and after the versions before it."""
    earliest = _today()
    for other in version.standard.versions:
        if other.status == StandardStatus.PUBLISHED and other.published_at:
            earliest = max(earliest, other.published_at.astimezone(LONDON).date()
                           + timedelta(days=1))
    return earliest


def publish(actor: Actor, version: StandardVersion, applies_from: date) -> None:
    """Publish a draft: shops from the start of that day (UK time), or from now, use it."""
    if version.status != StandardStatus.DRAFT:
        raise NotAllowed("This version is already published")
    if not version.items:
        raise StandardRefused("applies_from", "Add at least one item before publishing")
    earliest = applies_from_earliest(version)
    if applies_from < earliest:
        raise StandardRefused("applies_from", (
            f"Enter a date from {earliest.strftime('%-d %B %Y')}: shops already recorded keep "
            "the version they were assessed against"))
    version.status = StandardStatus.PUBLISHED
    # A new standard comes into force with its first published version.
    version.standard.in_force = True
    now = datetime.now(UTC)
    # From today means from now: shops recorded earlier today keep the version they have.
    version.published_at = max(now, datetime.combine(applies_from, time(0), LONDON)
                               .astimezone(UTC))
    record_change(actor, "standard_version", version.id, "published", None, {
        "standard": version.standard.code, "version": version.version,
        "applies_from": version.published_at.isoformat()})
    db.session.commit()


def _today() -> date:
    return datetime.now(UTC).astimezone(LONDON).date()


def discard_draft(actor: Actor, version: StandardVersion) -> None:
    if version.status != StandardStatus.DRAFT:
        raise NotAllowed("A published version cannot be discarded")
    record_change(actor, "standard_version", version.id, "discarded",
                  {"standard": version.standard.code, "version": version.version}, None)
    standard = version.standard
    others = db.session.scalar(sa.select(sa.func.count()).select_from(StandardVersion).where(
        StandardVersion.standard_id == standard.id, StandardVersion.id != version.id))
    for item in version.items:
        db.session.delete(item)
    db.session.delete(version)
    if not others:
        # A standard never published has nothing to keep without its draft.
        record_change(actor, "standard", standard.id, "discarded", {"code": standard.code}, None)
        db.session.delete(standard)
    db.session.commit()


def cse_elements() -> list[CseElement]:
    return list(db.session.scalars(sa.select(CseElement).order_by(CseElement.number)))
