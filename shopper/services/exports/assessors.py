"""Assessors' read-only access: the coordinator sets its first and last day; it ends by itself."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa

from shopper.domain.access import access_window
from shopper.domain.deadlines import local_date
from shopper.domain.people import access_day_problem, access_last_day
from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import User
from shopper.services.audit import Actor, record_change
from shopper.services.errors import NotFound
from shopper.services.review.periods import PeriodError, parse_date, parse_period


class AccessError(ValueError):
    """The access cannot be set as asked; field is "from" or "to", message what to enter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class AssessorAccess:
    id: int
    email: str
    name: str
    first_day: date | None
    last_day: date | None
    open_now: bool


def access_days(from_text: str | None, until_text: str | None,
                today: date | None = None) -> tuple[date, date]:
    """The first and last day of access, checked like a period and like the People pages'
    last day (today or later, within 2 years); from defaults to today."""
    today = today or local_date(datetime.now(UTC))
    try:
        last = parse_date(until_text, "to")
        problem = access_day_problem(last, today)
        if problem:
            raise AccessError("to", problem)
        return parse_period(from_text or today.isoformat(), until_text)
    except PeriodError as error:
        raise AccessError(error.field or "to", error.message) from None


def set_access(actor: Actor, user: User, first_day: date, last_day: date) -> None:
    """Give an assessor access from the start of first_day to the end of last_day."""
    if user.role != Role.ASSESSOR:
        raise AccessError("to", f"{user.email} is not an assessor: only an assessor's access "
                                "has dates")
    before = _describe(user)
    user.access_starts_at, user.access_expires_at = access_window(first_day, last_day)
    record_change(actor, "user", user.id, "access set", before, _describe(user))
    db.session.commit()


def assessor_by_email(email: str) -> User:
    user = db.session.scalar(sa.select(User).filter_by(email=email.strip().lower()))
    if user is None or user.role != Role.ASSESSOR:
        raise AccessError("email", f"There is no assessor with the email {email.strip()}")
    return user


def assessor(user_id: int) -> User:
    """The assessor with this id; NotFound for anyone else."""
    user = db.session.get(User, user_id)
    if user is None or user.role != Role.ASSESSOR:
        raise NotFound
    return user


def assessors() -> list[AssessorAccess]:
    """Every assessor with their access, in email order."""
    users = db.session.scalars(sa.select(User).filter_by(role=Role.ASSESSOR)
                               .order_by(User.email))
    return [AssessorAccess(u.id, u.email, u.name, *_days(u), u.is_active) for u in users]


def _days(user: User) -> tuple[date | None, date | None]:
    first = local_date(user.access_starts_at) if user.access_starts_at else None
    last = access_last_day(user.access_expires_at) if user.access_expires_at else None
    return first, last


def _describe(user: User) -> dict:
    first, last = _days(user)
    return {"access_from": first.isoformat() if first else None,
            "access_until": last.isoformat() if last else None}
