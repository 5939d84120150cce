"""One statement per database session says what the process may keep and what it must read.

The standards' cache key (every published version, when, and whether its standard is in
force) and the coordinator's settings rows are read together, once per session (a request or
a command): every page shown needs the settings (the council's name in the layout) and most
need the standards, so one statement serves both, and each request still sees what another
process stored before it began.
"""

from dataclasses import dataclass

import sqlalchemy as sa

from shopper.domain.states import StandardStatus
from shopper.extensions import db
from shopper.models import Setting, Standard, StandardVersion

_CACHE_KEY = "shopper_freshness"


@dataclass(frozen=True)
class Fresh:
    """What is stored now: the published versions' key, and the settings as stored strings."""

    published: tuple
    settings: dict[str, str]


def _statement() -> sa.CompoundSelect:
    versions = (
        sa.select(sa.literal("v").label("kind"), StandardVersion.id.label("version_id"),
                  StandardVersion.published_at, Standard.id.label("standard_id"),
                  Standard.in_force, sa.null().label("key"), sa.null().label("value"))
        .join(Standard, Standard.id == StandardVersion.standard_id)
        .where(StandardVersion.status == StandardStatus.PUBLISHED))
    settings = sa.select(sa.literal("s"), sa.null(), sa.null(), sa.null(), sa.null(),
                         Setting.key, Setting.value)
    return sa.union_all(versions, settings).order_by(sa.literal_column("kind"),
                                                     sa.literal_column("version_id"))


_STATEMENT = _statement()


def fresh() -> Fresh:
    """What is stored, read once per database session (see the module docstring)."""
    info = db.session.info
    if _CACHE_KEY not in info:
        # Through the session's connection, the ORM's handling of a query costing more than the
        # query; flushed first, as the session's own queries are, so a standard or setting
        # changed in this session but not yet flushed is what is read.
        if db.session.autoflush:
            db.session.flush()
        rows = db.session.connection().execute(_STATEMENT).all()
        info[_CACHE_KEY] = Fresh(
            published=tuple((row.version_id, row.published_at, row.standard_id, row.in_force)
                            for row in rows if row.kind == "v"),
            settings={row.key: row.value for row in rows if row.kind == "s"})
    return info[_CACHE_KEY]


def forget(session=None) -> None:
    """Read again next time: a standard or a setting changed in this session."""
    (session or db.session).info.pop(_CACHE_KEY, None)
