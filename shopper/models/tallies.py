"""Tallies: decided shops counted per block, day and standard version (or item).

Every compliance figure is a sum of tallies, so a page over a million shops adds up a few
thousand rows instead of reading every shop. services.review.tallies adds each new shop to
its rows, and recounts a block's days from the shops whenever one of its shops changes; the
shops stay the record, the tallies only a sum.
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from shopper.domain.states import LineType
from shopper.extensions import db
from shopper.models.types import UTCDateTime, enum_column

# A tally row's key treats "no deadline" (and "no line type") as one value, as GROUP BY does,
# so a new shop's counts can be added to its row with INSERT ... ON CONFLICT DO UPDATE.
NO_DEADLINE = sa.text("coalesce(awaiting_until, '1970-01-01 00:00:00')")
NO_LINE_TYPE = sa.text("coalesce(line_type, '')")


def _key(name: str, *columns) -> sa.Index:
    """The unique key of a tally, block and day first, as the pages read them."""
    return sa.Index(name, "service_block_id", "occurred_on", *columns, NO_DEADLINE, unique=True)


class ResultTally(db.Model):
    """Decided shops of one block, on one day, scored against one standard version."""

    __tablename__ = "result_tallies"
    __table_args__ = (_key("ux_result_tallies_key", "standard_version_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    service_block_id: Mapped[int] = mapped_column(sa.ForeignKey("service_blocks.id"))
    standard_version_id: Mapped[int] = mapped_column(sa.ForeignKey("standard_versions.id"))
    occurred_on: Mapped[date]
    # The shops' callback deadline: they count nowhere until it passes. None: they count now.
    awaiting_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    shops: Mapped[int]
    passes: Mapped[int]


class LineTypeTally(db.Model):
    """Decided call shops of one block, on one day, against one standard version, by the type
    the line dialled has in the directory now; a number not in the directory has none."""

    __tablename__ = "line_type_tallies"
    __table_args__ = (_key("ux_line_type_tallies_key", "standard_version_id", NO_LINE_TYPE),)
    id: Mapped[int] = mapped_column(primary_key=True)
    service_block_id: Mapped[int] = mapped_column(sa.ForeignKey("service_blocks.id"))
    standard_version_id: Mapped[int] = mapped_column(sa.ForeignKey("standard_versions.id"))
    line_type: Mapped[LineType | None] = mapped_column(enum_column(LineType))
    occurred_on: Mapped[date]
    # As for ResultTally.
    awaiting_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    shops: Mapped[int]
    passes: Mapped[int]


class ItemTally(db.Model):
    """Answers to one item by decided shops of one block on one day: applicable and met."""

    __tablename__ = "item_tallies"
    __table_args__ = (_key("ux_item_tallies_key", "item_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    service_block_id: Mapped[int] = mapped_column(sa.ForeignKey("service_blocks.id"))
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("items.id"))
    occurred_on: Mapped[date]
    # As for ResultTally.
    awaiting_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    applicable: Mapped[int]
    met: Mapped[int]
