"""Standards as stored: which version is in force when, as the domain's StandardSpec.

A published version never changes, so the catalogue is read once per process and kept, keyed
by the published versions themselves: each database session (a request or a command) checks
that key with one statement (services.freshness, which reads the settings with it), so a
version published by another process is seen by the next request. A change to a standard in
this process drops the cache at once (forget_catalogue).
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from fractions import Fraction

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from shopper.domain.enums import Channel
from shopper.domain.standards import ItemSpec, StandardSpec
from shopper.domain.states import StandardStatus
from shopper.extensions import db
from shopper.models import CseElement, Item, Standard, StandardVersion
from shopper.services import freshness

# Kept in the database session's own dictionary, so the key is checked once per session.
_CACHE_KEY = "shopper_catalogue"
# The catalogue read last in this process, with the key of the versions it was read from.
_cached: dict[tuple, "Catalogue"] = {}
_STANDARDS_DATA = (Standard, StandardVersion, Item, CseElement)


@dataclass(frozen=True)
class PublishedVersion:
    """A published standard version: immutable, so safe to hold for a whole import."""

    id: int
    published_at: datetime
    spec: StandardSpec
    item_ids: dict[str, int]


@dataclass
class Catalogue:
    """Every standard in force with its published versions, loaded once."""

    versions: dict[str, list[PublishedVersion]] = field(default_factory=dict)

    def in_force(self, channel: Channel, at: datetime) -> list[PublishedVersion]:
        """For each standard of the channel, the version published last before `at`."""
        chosen = []
        for versions in self.versions.values():
            earlier = [v for v in versions if v.spec.channel == channel and v.published_at <= at]
            if earlier:
                chosen.append(max(earlier, key=lambda v: v.published_at))
        return chosen

    def current(self, at: datetime | None = None) -> list[PublishedVersion]:
        """Each standard's version in force now (or at `at`), in the order standards were
        created; a version published to apply from a later date is not current yet."""
        at = at or datetime.now(UTC)
        chosen = []
        for versions in self.versions.values():
            earlier = [v for v in versions if v.published_at <= at] or versions[:1]
            if earlier:
                chosen.append(max(earlier, key=lambda v: v.published_at))
        return chosen

    def versions_by_id(self) -> dict[int, PublishedVersion]:
        return {v.id: v for versions in self.versions.values() for v in versions}

    def items_by_id(self) -> dict[int, tuple[str, str]]:
        """Each stored item's id with its standard's code and its own code."""
        return {item_id: (v.spec.code, code) for versions in self.versions.values()
                for v in versions for code, item_id in v.item_ids.items()}

    def item_codes(self) -> set[str]:
        return {item.code for versions in self.versions.values()
                for version in versions for item in version.spec.items}


def load_catalogue() -> Catalogue:
    """Every standard in force with its published versions: read once, then kept (see above)."""
    info = db.session.info
    if _CACHE_KEY not in info:
        key = freshness.fresh().published
        if key not in _cached:
            catalogue = read_catalogue()
            _cached.clear()
            _cached[key] = catalogue
        info[_CACHE_KEY] = _cached[key]
    return info[_CACHE_KEY]


def forget_catalogue() -> None:
    """Read the standards again next time: call it when a standard or version changes."""
    _cached.clear()
    db.session.info.pop(_CACHE_KEY, None)
    freshness.forget()


@sa.event.listens_for(Session, "before_flush")
def _forget_on_change(session: Session, flush_context, instances) -> None:
    """A standard changed in this process: no request of it may see the old catalogue."""
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(instance, _STANDARDS_DATA) for instance in changed):
        _cached.clear()
        session.info.pop(_CACHE_KEY, None)
        freshness.forget(session)


def read_catalogue() -> Catalogue:
    """The catalogue as stored now, read afresh."""
    standards = db.session.scalars(
        db.select(Standard).where(Standard.in_force).order_by(Standard.id).options(
            selectinload(Standard.versions).selectinload(StandardVersion.items)
            .selectinload(Item.cse_elements)))
    catalogue = Catalogue()
    for standard in standards:
        catalogue.versions[standard.code] = [
            PublishedVersion(version.id, version.published_at, spec_of(version),
                             {item.code: item.id for item in version.items})
            for version in standard.versions if version.status == StandardStatus.PUBLISHED]
    return catalogue


def spec_of(version: StandardVersion) -> StandardSpec:
    """The domain's view of a stored standard version."""
    return StandardSpec(
        code=version.standard.code, name=version.standard.name,
        channel=version.standard.channel, version=version.version,
        items=tuple(_item_spec(item) for item in version.items))


def _item_spec(item: Item) -> ItemSpec:
    return ItemSpec(
        code=item.code, question=item.question, guidance=item.guidance,
        condition=item.condition, weight=Fraction(item.weight), critical=item.critical,
        derived=item.derived, missing_phrase=item.missing_phrase,
        cse_elements=tuple(element.number for element in item.cse_elements))
