"""Drafts: what a shopper has recorded so far, kept between pages until the shop is submitted."""

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from shopper.domain.enums import Channel
from shopper.extensions import db
from shopper.models.types import UTCDateTime, enum_column, utcnow


class ShopDraft(db.Model):
    """One journey's answers so far; kept after submission to recognise retries and edits."""

    __tablename__ = "shop_drafts"
    # The client id the shop is stored with: generated before the first page is shown.
    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    shopper_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                            index=True)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    # The pages' answers as plain JSON values: ids, ISO times, "yes"/"no", item answers.
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # The shop made from this draft, once submitted.
    shop_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("shops.id", ondelete="CASCADE"), unique=True)
    # The shop's content hash when this draft was submitted or last taken from the shop:
    # a save is refused if the shop has changed since.
    base_hash: Mapped[str] = mapped_column(sa.String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set by the service each time a page is saved (drafts untouched for 30 days are not listed).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
