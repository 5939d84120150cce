"""People's accounts as a coordinator keeps them: list, invite, change, deactivate, reactivate."""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import joinedload, selectinload

from shopper.domain.people import (
    AccountKind,
    AccountStatus,
    LinkPurpose,
    access_ends_at,
    access_last_day,
    account_status,
    kind_of,
    link_state,
)
from shopper.extensions import db
from shopper.models import Invitation, ServiceBlock, User
from shopper.services.admin.links import Deliver, IssuedLink, issue_link
from shopper.services.audit import Actor, record_change
from shopper.services.errors import NotAllowed, NotFound
from shopper.services.people import describe_user, normalise_email


class AccountError(ValueError):
    """An account cannot be changed as asked; `field` names the form field to blame."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class AccountChoice:
    """What a coordinator chose for an account: who they are and what they do."""

    name: str
    kind: AccountKind
    staff_block_id: int | None = None
    led_block_ids: list[int] = field(default_factory=list)
    access_until: date | None = None


@dataclass(frozen=True)
class Person:
    """One account as the list of people shows it."""

    user: User
    kind: AccountKind
    status: AccountStatus
    blocks: list[str]
    # When the latest invitation stops working, while the person has no password.
    link_expires_at: datetime | None
    access_until: date | None


def block_choices() -> list[tuple[str, str]]:
    """The active service blocks, as (id, name) choices for a form."""
    blocks = db.session.scalars(
        db.select(ServiceBlock).filter_by(active=True).order_by(ServiceBlock.name))
    return [(str(block.id), block.name) for block in blocks]


def list_people(now: datetime) -> list[Person]:
    """Everyone with an account, by name, with where their account stands."""
    users = db.session.scalars(
        db.select(User).options(joinedload(User.block), selectinload(User.led_blocks))
        .order_by(db.func.lower(User.name), User.email))
    latest = _latest_invitations()
    return [describe_person(user, latest.get(user.id), now) for user in users]


def person_or_404(user_id: int, now: datetime) -> Person:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound()
    return describe_person(user, _latest_invitations(user_id).get(user_id), now)


def describe_person(user: User, invitation: Invitation | None, now: datetime) -> Person:
    state = link_state(invitation.expires_at, invitation.used_at, now) if invitation else None
    status = account_status(user.active, bool(user.password_hash), user.access_expires_at,
                            state, now)
    blocks = [user.block.name] if user.block else [block.name for block in user.led_blocks]
    expires = invitation.expires_at if status == AccountStatus.INVITED else None
    until = access_last_day(user.access_expires_at) if user.access_expires_at else None
    return Person(user, kind_of(user.role, user.block is not None), status, blocks, expires,
                  until)


def _latest_invitations(user_id: int | None = None) -> dict[int, Invitation]:
    query = db.select(Invitation).filter_by(purpose=LinkPurpose.INVITATION).order_by(
        Invitation.expires_at)
    if user_id is not None:
        query = query.filter_by(user_id=user_id)
    return {invitation.user_id: invitation for invitation in db.session.scalars(query)}


def invite_person(actor: Actor, email: str, choice: AccountChoice, now: datetime,
                  deliver: Deliver) -> IssuedLink:
    """Create the account and deliver a one-time link to set its password, all or nothing."""
    email = normalise_email(email)
    if db.session.scalar(db.select(User.id).filter_by(email=email)):
        raise AccountError("email", f"{email} already has an account: find them in the list "
                                    "of people to change it or invite them again")
    user = User(email=email, role=choice.kind.role)
    db.session.add(user)
    _apply(user, choice)
    db.session.flush()
    record_change(actor, "user", user.id, "invited", None, _describe(user))
    return issue_link(actor, user, LinkPurpose.INVITATION, now, deliver)


def change_account(actor: Actor, user: User, choice: AccountChoice) -> None:
    """Change a person's name, role, blocks or access; nobody changes their own role."""
    if user.id == actor.user_id and choice.kind.role != user.role:
        raise AccountError("kind", "You cannot change your own role: ask another coordinator")
    before = _describe(user)
    _apply(user, choice)
    after = _describe(user)
    if after != before:
        record_change(actor, "user", user.id, "changed", before, after)
    db.session.commit()


def _describe(user: User) -> dict:
    """What the audit trail keeps of an account, with its access."""
    ends = user.access_expires_at
    return describe_user(user) | {"active": user.active,
                                  "access_expires_at": ends.isoformat() if ends else None}


def _apply(user: User, choice: AccountChoice) -> None:
    """Set what was chosen; a block gone since the page was shown is refused, keeping nothing."""
    try:
        _set_choice(user, choice)
    except AccountError:
        db.session.rollback()
        raise


def _set_choice(user: User, choice: AccountChoice) -> None:
    user.name = choice.name
    user.role = choice.kind.role
    user.block = _block(choice.staff_block_id) if choice.kind == AccountKind.STAFF else None
    user.led_blocks = ([_block(block_id) for block_id in choice.led_block_ids]
                       if choice.kind == AccountKind.TEAM_LEAD else [])
    user.access_expires_at = (access_ends_at(choice.access_until)
                              if choice.kind == AccountKind.ASSESSOR else None)


def _block(block_id: int | None) -> ServiceBlock:
    block = db.session.get(ServiceBlock, block_id) if block_id is not None else None
    if block is None or not block.active:
        field_name = "staff_block" if block_id is not None else "led_blocks"
        raise AccountError(field_name, "Select a service block from the list")
    return block


def set_active(actor: Actor, user: User, active: bool) -> None:
    """Deactivate an account (its sessions, links and tokens stop working) or reactivate it."""
    if user.id == actor.user_id:
        raise NotAllowed()
    if user.active == active:
        return
    before = _describe(user)
    user.active = active
    record_change(actor, "user", user.id, "reactivated" if active else "deactivated", before,
                  _describe(user))
    db.session.commit()

