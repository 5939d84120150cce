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
    # Part of every session's id: raising it ends the user's sessions everywhere.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
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
        # The session names the password and the session version: a new password, or a new
        # version (sign-out, a change of role or access), ends every session made before.
        mark = hashlib.sha256((self.password_hash or "").encode()).hexdigest()[:16]
        return f"{self.id}:{mark}:{self.session_version}"

    @property
    def display_name(self) -> str:
        return self.name or self.email


# A change to any of these ends the user's sessions everywhere. A change of blocks does not:
# what each block shows is decided afresh on every request.
SESSION_ENDING_CHANGES = ("role", "active", "password_hash", "access_expires_at", "email")


@sa.event.listens_for(User, "before_update")
def _end_sessions_on_access_change(mapper, connection, user: User) -> None:
    state = sa.inspect(user)
    if any(state.attrs[name].history.has_changes() for name in SESSION_ENDING_CHANGES) \
            and not state.attrs["session_version"].history.has_changes():
        user.session_version = (user.session_version or 0) + 1


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
