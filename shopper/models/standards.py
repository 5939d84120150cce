"""Standards: versioned lists of items, the CSE elements they evidence, and the settings."""

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shopper.domain.enums import Channel, Condition
from shopper.domain.states import StandardStatus
from shopper.extensions import db
from shopper.models.types import UTCDateTime, enum_column

item_cse_elements = sa.Table(
    "item_cse_elements",
    db.metadata,
    sa.Column("item_id", sa.ForeignKey("items.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("cse_element_id", sa.ForeignKey("cse_elements.id", ondelete="CASCADE"),
              primary_key=True),
)


class CseElement(db.Model):
    """An element of the Customer Service Excellence standard, e.g. 5.2.3."""

    __tablename__ = "cse_elements"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(20), unique=True)
    title: Mapped[str] = mapped_column(sa.String(300))


class Standard(db.Model):
    __tablename__ = "standards"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(10), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    # Retired standards keep their results but are no longer in force.
    in_force: Mapped[bool] = mapped_column(default=True)
    versions: Mapped[list["StandardVersion"]] = relationship(
        back_populates="standard", order_by="StandardVersion.version")


class StandardVersion(db.Model):
    """One version of a standard; once published it never changes."""

    __tablename__ = "standard_versions"
    __table_args__ = (sa.UniqueConstraint("standard_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[int] = mapped_column(sa.ForeignKey("standards.id"), index=True)
    version: Mapped[int]
    status: Mapped[StandardStatus] = mapped_column(enum_column(StandardStatus))
    # Shops that occurred from this moment on are assessed against this version.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    standard: Mapped[Standard] = relationship(back_populates="versions")
    items: Mapped[list["Item"]] = relationship(back_populates="version", order_by="Item.position")


class Item(db.Model):
    __tablename__ = "items"
    __table_args__ = (sa.UniqueConstraint("standard_version_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    standard_version_id: Mapped[int] = mapped_column(sa.ForeignKey("standard_versions.id"),
                                                     index=True)
    position: Mapped[int]
    code: Mapped[str] = mapped_column(sa.String(10))
    question: Mapped[str] = mapped_column(sa.String(500))
    guidance: Mapped[str] = mapped_column(sa.Text, default="")
    # Short noun phrase for results, e.g. "the extension number".
    missing_phrase: Mapped[str] = mapped_column(sa.String(200), default="")
    weight: Mapped[Decimal] = mapped_column(sa.Numeric(6, 2), default=Decimal(1))
    critical: Mapped[bool] = mapped_column(default=False)
    condition: Mapped[Condition] = mapped_column(enum_column(Condition))
    # Derived items follow from the facts and are never asked.
    derived: Mapped[bool] = mapped_column(default=False)
    version: Mapped[StandardVersion] = relationship(back_populates="items")
    cse_elements: Mapped[list[CseElement]] = relationship(secondary=item_cse_elements,
                                                          order_by="CseElement.number")


class Setting(db.Model):
    """A coordinator-editable setting, stored as text and parsed by the domain's Settings."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[str] = mapped_column(sa.String(500))
