"""The council's Customer Service Excellence action plan: actions by criterion, not by block."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from shopper.domain.states import ActionStatus
from shopper.extensions import db
from shopper.models.types import UTCDateTime, enum_column, utcnow


class PlanAction(db.Model):
    """One row of the corporate action plan, for the whole council."""

    __tablename__ = "plan_actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    # 1 to 5, the CSE criterion; element narrows it to one element, like 5.2.3.
    criterion: Mapped[int]
    element: Mapped[str | None] = mapped_column(sa.String(20))
    outcome: Mapped[str] = mapped_column(sa.Text)
    officer: Mapped[str] = mapped_column(sa.String(200))
    target_on: Mapped[date]
    progress: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
