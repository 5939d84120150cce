"""The organisation: service groupings, service blocks, teams, phone lines and reception points."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shopper.domain.states import LineType
from shopper.extensions import db
from shopper.models.types import enum_column

reception_point_blocks = sa.Table(
    "reception_point_blocks",
    db.metadata,
    sa.Column("reception_point_id", sa.ForeignKey("reception_points.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("service_block_id", sa.ForeignKey("service_blocks.id", ondelete="CASCADE"),
              primary_key=True),
)


class ServiceGrouping(db.Model):
    __tablename__ = "service_groupings"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    blocks: Mapped[list["ServiceBlock"]] = relationship(back_populates="grouping",
                                                        order_by="ServiceBlock.name")


class ServiceBlock(db.Model):
    """The unit of assessment: results are reported per service block."""

    __tablename__ = "service_blocks"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    grouping_id: Mapped[int] = mapped_column(sa.ForeignKey("service_groupings.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    grouping: Mapped[ServiceGrouping] = relationship(back_populates="blocks")
    teams: Mapped[list["Team"]] = relationship(back_populates="block", order_by="Team.name")


class Team(db.Model):
    __tablename__ = "teams"
    __table_args__ = (sa.UniqueConstraint("service_block_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    service_block_id: Mapped[int] = mapped_column(sa.ForeignKey("service_blocks.id"), index=True)
    block: Mapped[ServiceBlock] = relationship(back_populates="teams")


class Line(db.Model):
    """A phone line that call shops test; its number is E.164, its extension '' when none."""

    __tablename__ = "lines"
    __table_args__ = (
        # A number (with its extension) is unique among active lines only.
        sa.Index("uq_lines_active_number", "number", "extension", unique=True,
                 postgresql_where=sa.text("active"), sqlite_where=sa.text("active")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(20), index=True)
    extension: Mapped[str] = mapped_column(sa.String(10), default="")
    line_type: Mapped[LineType] = mapped_column(enum_column(LineType))
    officer_name: Mapped[str | None] = mapped_column(sa.String(200))
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("teams.id"), index=True)
    service_block_id: Mapped[int] = mapped_column(sa.ForeignKey("service_blocks.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    team: Mapped[Team | None] = relationship()
    block: Mapped[ServiceBlock] = relationship()


class ReceptionPoint(db.Model):
    __tablename__ = "reception_points"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    address: Mapped[str] = mapped_column(sa.String(500), default="")
    opening_hours: Mapped[str] = mapped_column(sa.String(500), default="")
    # A family reception is where children's toys are expected (item RC8).
    family_reception: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    blocks: Mapped[list[ServiceBlock]] = relationship(secondary=reception_point_blocks,
                                                      order_by="ServiceBlock.name")
