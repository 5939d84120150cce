"""Users: creating accounts, passwords and signing in."""

from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import ServiceBlock, User
from shopper.services.audit import Actor, record_change


class UserError(ValueError):
    """A user cannot be created or changed as asked; the message says what to do."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None."""
    user = db.session.scalar(db.select(User).filter_by(email=normalise_email(email)))
    stored = user.password_hash if user and user.password_hash else _unusable_hash(_hash_method)
    password_ok = check_password_hash(stored, password)
    if user is None or not user.password_hash or not password_ok or not user.is_active:
        return None
    return user


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


# Werkzeug's scrypt; create_app sets the app's PASSWORD_HASH_METHOD (cheaper in tests).
_hash_method = "scrypt"


def use_password_hash_method(method: str) -> None:
    global _hash_method
    _hash_method = method


def hash_password(password: str) -> str:
    """A salted hash by the app's PASSWORD_HASH_METHOD: Werkzeug's scrypt in production."""
    return generate_password_hash(password, method=_hash_method)


@cache
def _unusable_hash(method: str) -> str:
    """Compared against when the email is unknown, so both paths take as long."""
    return generate_password_hash("no account has this password", method=method)


def find_blocks(names: list[str]) -> list[ServiceBlock]:
    """The service blocks with these names; UserError naming any that does not exist."""
    blocks = []
    for name in names:
        block = db.session.scalar(db.select(ServiceBlock).filter_by(name=name.strip()))
        if block is None:
            raise UserError(f"There is no service block called {name!r}")
        blocks.append(block)
    return blocks


def create_user(email: str, role: Role, *, actor: Actor, name: str = "",
                block_names: list[str] = (), password: str | None = None) -> User:
    """Create an account; staff (shoppers with a block) and team leads name their blocks."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 320:
        raise UserError(f"Enter an email address like name@example.gov.uk, not {email!r}")
    if db.session.scalar(db.select(User).filter_by(email=email)):
        raise UserError(f"A user with the email {email} already exists")
    blocks = find_blocks(list(block_names))
    if role == Role.SHOPPER and len(blocks) > 1:
        raise UserError("A member of staff belongs to one service block: give --block once")
    if role in (Role.COORDINATOR, Role.ASSESSOR) and blocks:
        raise UserError(f"A {role.label.lower()} has no service block: leave out --block")
    if role == Role.TEAM_LEAD and not blocks:
        raise UserError("A team lead leads at least one service block: give --block")
    if password is not None and len(password) < 10:
        raise UserError("Choose a password of at least 10 characters")
    user = User(email=email, name=name.strip(), role=role,
                password_hash=hash_password(password) if password else None)
    if role == Role.SHOPPER and blocks:
        user.block = blocks[0]
    if role == Role.TEAM_LEAD:
        user.led_blocks = blocks
    db.session.add(user)
    db.session.flush()
    record_change(actor, "user", user.id, "created", None, describe_user(user))
    db.session.commit()
    return user


def describe_user(user: User) -> dict:
    """What the audit trail keeps of a user: never the password hash."""
    return {
        "email": user.email, "name": user.name, "role": str(user.role),
        "block": user.block.name if user.block else None,
        "led_blocks": [block.name for block in user.led_blocks],
        "can_sign_in": bool(user.password_hash),
    }


def end_sessions(user: User) -> None:
    """End every session the user has, on every device: each must sign in again."""
    user.session_version += 1
    db.session.commit()
