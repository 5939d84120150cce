"""People: users, their roles and blocks, invitations and API tokens."""

import hashlib
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shopper.domain.people import LinkPurpose
from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models.organisation import ServiceBlock
from shopper.models.types import UTCDateTime, enum_column, utcnow

team_lead_blocks = sa.Table(
    "team_lead_blocks",
    db.metadata,
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("service_block_id", sa.ForeignKey("service_blocks.id", ondelete="CASCADE"),
              primary_key=True),
)


class User(db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(320), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    role: Mapped[Role] = mapped_column(enum_column(Role))
    # A shopper with a block is a member of staff; without one, a councillor.
    service_block_id: Mapped[int | None] = mapped_column(sa.ForeignKey("service_blocks.id"))
    # None until a password is set: the account exists but cannot sign in.
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # An assessor's access starts at this moment (None: at once) and ends by itself at the next.
    access_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    access_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    block: Mapped[ServiceBlock | None] = relationship()
    led_blocks: Mapped[list[ServiceBlock]] = relationship(secondary=team_lead_blocks,
                                                          order_by="ServiceBlock.name")

    # Flask-Login's user protocol.
    is_anonymous = False

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        if not self.active:
            return False
        now = utcnow()
        if self.access_starts_at is not None and self.access_starts_at > now:
            return False
        return self.access_expires_at is None or self.access_expires_at > now

    def get_id(self) -> str:
        # The session also names the password, so setting a new one ends every other session.
        mark = hashlib.sha256((self.password_hash or "").encode()).hexdigest()[:16]
        return f"{self.id}:{mark}"

    @property
    def display_name(self) -> str:
        return self.name or self.email


class Invitation(db.Model):
    """A one-time link to set a password (an invitation or a reset); only its hash is kept."""

    __tablename__ = "invitations"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    purpose: Mapped[LinkPurpose] = mapped_column(
        enum_column(LinkPurpose), default=LinkPurpose.INVITATION,
        server_default=LinkPurpose.INVITATION.value)
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user: Mapped[User] = relationship()


class ApiToken(db.Model):
    """A bearer token for scripts reading the API; only a hash of it is kept."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user: Mapped[User] = relationship()
