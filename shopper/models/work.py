"""Exercises and assignments; actions, their notes and disputes."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shopper.domain.states import ActionStatus, DisputeStatus, ExerciseStatus
from shopper.extensions import db
from shopper.models.organisation import Line, ReceptionPoint, ServiceBlock
from shopper.models.people import User
from shopper.models.shops import Shop
from shopper.models.types import UTCDateTime, enum_column, utcnow

exercise_standards = sa.Table(
    "exercise_standards",
    db.metadata,
    sa.Column("exercise_id", sa.ForeignKey("exercises.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("standard_id", sa.ForeignKey("standards.id", ondelete="CASCADE"), primary_key=True),
)

exercise_blocks = sa.Table(
    "exercise_blocks",
    db.metadata,
    sa.Column("exercise_id", sa.ForeignKey("exercises.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("service_block_id", sa.ForeignKey("service_blocks.id", ondelete="CASCADE"),
              primary_key=True),
)

exercise_shoppers = sa.Table(
    "exercise_shoppers",
    db.metadata,
    sa.Column("exercise_id", sa.ForeignKey("exercises.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)

action_shops = sa.Table(
    "action_shops",
    db.metadata,
    sa.Column("action_id", sa.ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("shop_id", sa.ForeignKey("shops.id", ondelete="CASCADE"), primary_key=True),
)


class Exercise(db.Model):
    __tablename__ = "exercises"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    target_per_block: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[ExerciseStatus] = mapped_column(enum_column(ExerciseStatus),
                                                   default=ExerciseStatus.DRAFT,
                                                   server_default=ExerciseStatus.DRAFT.value)
    # False when the coordinator asked for lines at random whatever their type.
    follow_mix: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    # The seed of the last sample, so the same plan can be drawn again.
    seed: Mapped[int | None]
    # How the last sample went, block by block, so the page can explain any shortfall.
    last_sample: Mapped[dict | None] = mapped_column(sa.JSON)
    standards = relationship("Standard", secondary=exercise_standards)
    blocks: Mapped[list[ServiceBlock]] = relationship(secondary=exercise_blocks,
                                                      order_by="ServiceBlock.name")
    shoppers: Mapped[list[User]] = relationship(secondary=exercise_shoppers,
                                                order_by="User.email")
    assignments: Mapped[list["Assignment"]] = relationship(back_populates="exercise")


class Assignment(db.Model):
    """A shop a shopper is asked to make: a line to ring or a reception point to visit."""

    __tablename__ = "assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[int | None] = mapped_column(sa.ForeignKey("exercises.id"), index=True)
    shopper_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    line_id: Mapped[int | None] = mapped_column(sa.ForeignKey("lines.id"), index=True)
    reception_point_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reception_points.id"),
                                                           index=True)
    service_block_id: Mapped[int] = mapped_column(sa.ForeignKey("service_blocks.id"))
    due_on: Mapped[date]
    # The shop that fulfilled the assignment, once recorded.
    shop_id: Mapped[int | None] = mapped_column(sa.ForeignKey("shops.id"))
    # The action that asked for this re-shop, if any.
    action_id: Mapped[int | None] = mapped_column(sa.ForeignKey("actions.id"))
    # Set when a coordinator cancels it; a cancelled assignment is never shopped.
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    exercise: Mapped[Exercise | None] = relationship(back_populates="assignments")
    shopper: Mapped[User] = relationship()
    line: Mapped[Line | None] = relationship()
    reception_point: Mapped[ReceptionPoint | None] = relationship()
    block: Mapped[ServiceBlock] = relationship()
    shop: Mapped[Shop | None] = relationship()


class Action(db.Model):
    """What a block does about a failure: owner, due date, RAG status and progress notes."""

    __tablename__ = "actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    service_block_id: Mapped[int] = mapped_column(sa.ForeignKey("service_blocks.id"), index=True)
    item_code: Mapped[str | None] = mapped_column(sa.String(10))
    what: Mapped[str] = mapped_column(sa.Text)
    owner: Mapped[str] = mapped_column(sa.String(200))
    due_on: Mapped[date]
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    block: Mapped[ServiceBlock] = relationship()
    shops: Mapped[list[Shop]] = relationship(secondary=action_shops)
    notes: Mapped[list["ActionNote"]] = relationship(back_populates="action",
                                                     order_by="ActionNote.created_at")


class ActionNote(db.Model):
    __tablename__ = "action_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(sa.ForeignKey("actions.id", ondelete="CASCADE"),
                                           index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    action: Mapped[Action] = relationship(back_populates="notes")


class Dispute(db.Model):
    __tablename__ = "disputes"
    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(sa.ForeignKey("shops.id"), index=True)
    raised_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[DisputeStatus] = mapped_column(enum_column(DisputeStatus))
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    shop: Mapped[Shop] = relationship()
