"""Bearer tokens for scripts using the API: only their hashes are kept."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import joinedload

from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import ApiToken, User
from shopper.services.audit import Actor, record_change
from shopper.services.people import normalise_email

# Those who read results for the whole council, and shoppers, whose phones send their shops;
# what a token may do is still decided by its owner's role, route by route.
TOKEN_ROLES = frozenset({Role.COORDINATOR, Role.ASSESSOR, Role.SHOPPER})
# secrets.token_urlsafe(32) gives 43 characters; anything much longer is not a token of ours.
_LONGEST_TOKEN = 200


class TokenError(ValueError):
    """A token cannot be created or revoked as asked; the message says what to do."""


@dataclass(frozen=True)
class IssuedToken:
    """A new token: the only time its plain value is known."""

    id: int
    email: str
    token: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(email: str, name: str = "", *, actor: Actor) -> IssuedToken:
    """Create a token for a coordinator, assessor or shopper; shown in plain only here."""
    email = normalise_email(email)
    user = db.session.scalar(db.select(User).filter_by(email=email))
    if user is None:
        raise TokenError(f"There is no user with the email {email}: check it, or create the "
                         "user first with create-user")
    if user.role not in TOKEN_ROLES:
        raise TokenError(f"{email} is a {user.role.label.lower()}: only coordinators, "
                         "assessors and shoppers can have API tokens")
    if not user.is_active:
        raise TokenError(f"{email} cannot use Shopper now (their account is inactive or their "
                         "access has ended): restore their access first")
    token = secrets.token_urlsafe(32)
    record = ApiToken(user=user, name=" ".join(name.split()), token_hash=hash_token(token))
    db.session.add(record)
    db.session.flush()
    record_change(actor, "api_token", record.id, "created", None, _describe(record))
    db.session.commit()
    return IssuedToken(record.id, user.email, token)


def user_for_token(token: str | None) -> User | None:
    """The user a token speaks for, if it is not revoked and they may still hold one."""
    if not token or len(token) > _LONGEST_TOKEN:
        return None
    record = db.session.scalar(db.select(ApiToken).filter_by(token_hash=hash_token(token))
                               .options(joinedload(ApiToken.user)))
    if record is None or record.revoked_at is not None:
        return None
    user = record.user
    if not user.is_active or user.role not in TOKEN_ROLES:
        return None
    return user


def revoke(token_id: int, *, actor: Actor) -> None:
    """Stop a token working; revoking one already revoked changes nothing."""
    record = db.session.get(ApiToken, token_id)
    if record is None:
        raise TokenError(f"There is no API token {token_id}")
    if record.revoked_at is not None:
        return
    before = _describe(record)
    record.revoked_at = datetime.now(UTC)
    record_change(actor, "api_token", record.id, "revoked", before, _describe(record))
    db.session.commit()


def _describe(record: ApiToken) -> dict:
    """What the audit trail keeps of a token: never the token or its hash."""
    return {
        "user": record.user.email, "name": record.name,
        "revoked_at": record.revoked_at.isoformat() if record.revoked_at else None,
    }
