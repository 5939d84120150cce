"""One-time links to set a password: invitations and forgotten-password resets."""

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa

from shopper.domain.people import (
    KIND_WORDS,
    LinkPurpose,
    LinkState,
    kind_of,
    link_expiry,
    link_state,
)
from shopper.extensions import db
from shopper.models import Invitation, User
from shopper.services.audit import Actor, record_change
from shopper.services.people import describe_user, hash_password, normalise_email
from shopper.services.settings import current_settings

# secrets.token_urlsafe(32) gives 43 characters; anything much longer is not a link of ours.
_LONGEST_TOKEN = 100


class LinkRefused(ValueError):
    """A link that cannot be sent; the message says what to do instead."""


@dataclass(frozen=True)
class IssuedLink:
    """A new link: the only time its token is known, to be put in an email."""

    email: str
    name: str
    purpose: LinkPurpose
    token: str
    expires_at: datetime
    # What the person will do, as the invitation tells them: "team lead for Housing".
    role: str = ""


class LinkProblem(StrEnum):
    """Why a link cannot set a password, beyond being used or expired."""

    UNKNOWN = "unknown"
    DEACTIVATED = "deactivated"
    ACCESS_ENDED = "access_ended"


@dataclass(frozen=True)
class LinkCheck:
    """What a link can do now: set a password for `email`, or the reason it cannot."""

    usable: bool
    purpose: LinkPurpose | None
    problem: LinkState | LinkProblem | None
    email: str = ""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


Deliver = Callable[[IssuedLink], None]


def issue_link(actor: Actor, user: User, purpose: LinkPurpose, now: datetime,
               deliver: Deliver) -> IssuedLink:
    """Make a link, audited, and deliver it; if delivery fails, nothing is kept."""
    token = secrets.token_urlsafe(32)
    expires = link_expiry(purpose, now, current_settings().invitation_days)
    db.session.add(Invitation(user=user, token_hash=_hash(token), purpose=purpose,
                              created_at=now, expires_at=expires))
    record_change(actor, "user", user.id, f"{purpose.value}_sent", None,
                  {"email": user.email, "link_expires_at": expires.isoformat()})
    link = IssuedLink(user.email, user.name, purpose, token, expires, _role_words(user))
    try:
        db.session.flush()
        deliver(link)
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()
    return link


def _role_words(user: User) -> str:
    kind = kind_of(user.role, user.block is not None)
    blocks = [user.block] if user.block else user.led_blocks
    words = KIND_WORDS[kind]
    return f"{words} for {', '.join(block.name for block in blocks)}" if blocks else words


def invite_again(actor: Actor, user: User, now: datetime, deliver: Deliver) -> IssuedLink:
    """A fresh invitation for someone who has not set a password, or lost the first one."""
    if not user.active:
        raise LinkRefused(f"{user.email}'s account is deactivated: reactivate it first")
    return issue_link(actor, user, LinkPurpose.INVITATION, now, deliver)


def invite_by_email(actor: Actor, email: str, now: datetime, deliver: Deliver) -> IssuedLink:
    """An invitation for an account that exists but has no password, like one from create-user."""
    email = normalise_email(email)
    user = db.session.scalar(db.select(User).filter_by(email=email))
    if user is None:
        raise LinkRefused(f"There is no user with the email {email}: create the account with "
                          "create-user first, then invite them")
    if user.password_hash:
        raise LinkRefused(f"{email} can already sign in: if they have forgotten their "
                          "password, they can reset it from the sign-in page")
    return invite_again(actor, user, now, deliver)


def request_reset(email: str, now: datetime, deliver: Deliver) -> bool:
    """Send a reset link to an active account with this email; False, and nothing sent, else."""
    user = db.session.scalar(db.select(User).filter_by(email=normalise_email(email)))
    if user is None or not user.is_active:
        return False
    issue_link(Actor.of_user(user), user, LinkPurpose.RESET, now, deliver)
    return True


def _find(token: str) -> Invitation | None:
    if not token or len(token) > _LONGEST_TOKEN or not token.isascii():
        return None
    return db.session.scalar(db.select(Invitation).filter_by(token_hash=_hash(token)))


def check_link(token: str, now: datetime) -> LinkCheck:
    """Whether the link can set a password now, and if not, why not."""
    link = _find(token)
    if link is None:
        return LinkCheck(False, None, LinkProblem.UNKNOWN)
    state = link_state(link.expires_at, link.used_at, now)
    if state != LinkState.USABLE:
        return LinkCheck(False, link.purpose, state, link.user.email)
    if not link.user.is_active:
        problem = LinkProblem.DEACTIVATED if not link.user.active else LinkProblem.ACCESS_ENDED
        return LinkCheck(False, link.purpose, problem, link.user.email)
    return LinkCheck(True, link.purpose, None, link.user.email)


def set_password(token: str, password: str, now: datetime) -> LinkCheck:
    """Set the password if the link still works; every other open link of the user is spent."""
    check = check_link(token, now)
    if not check.usable:
        return check
    link = _find(token)
    # Spent in one statement, so that of two requests racing with the same link only one wins.
    spent = db.session.execute(
        sa.update(Invitation).where(Invitation.id == link.id, Invitation.used_at.is_(None))
        .values(used_at=now).execution_options(synchronize_session=False))
    if spent.rowcount != 1:
        db.session.rollback()
        return LinkCheck(False, check.purpose, LinkState.USED, check.email)
    user = link.user
    before = describe_user(user)
    user.password_hash = hash_password(password)
    db.session.execute(
        sa.update(Invitation).where(Invitation.user_id == user.id, Invitation.used_at.is_(None))
        .values(used_at=now).execution_options(synchronize_session=False))
    record_change(Actor.of_user(user), "user", user.id, "password_set", before,
                  describe_user(user))
    db.session.commit()
    return check
