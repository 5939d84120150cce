"""People's accounts: the kinds of account a coordinator gives, and one-time links' states."""

from datetime import date, datetime, time, timedelta
from enum import StrEnum

from shopper.domain.deadlines import LONDON
from shopper.domain.states import Role
from shopper.domain.text import has_control_characters as text_has_control_characters

SHORTEST_PASSWORD = 10
LONGEST_PASSWORD = 256
# A forgotten-password link is for now, not for later: it works for this long.
RESET_LINK_HOURS = 2
# An assessor's access is for an assessment, not for ever.
LONGEST_ACCESS_DAYS = 2 * 366


class AccountKind(StrEnum):
    """What a person does in Shopper: a role, shoppers told apart by whether they have a block."""

    COORDINATOR = "coordinator"
    TEAM_LEAD = "team_lead"
    COUNCILLOR = "councillor"
    STAFF = "staff"
    ASSESSOR = "assessor"

    @property
    def role(self) -> Role:
        return Role.SHOPPER if self in (AccountKind.COUNCILLOR, AccountKind.STAFF) else Role(self)

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    AccountKind.COORDINATOR: "Coordinator",
    AccountKind.TEAM_LEAD: "Team lead",
    AccountKind.COUNCILLOR: "Shopper: councillor",
    AccountKind.STAFF: "Shopper: member of staff",
    AccountKind.ASSESSOR: "Assessor",
}
# How an invitation names what the person will do.
KIND_WORDS = {
    AccountKind.COORDINATOR: "a coordinator",
    AccountKind.TEAM_LEAD: "a team lead",
    AccountKind.COUNCILLOR: "a shopper (councillor)",
    AccountKind.STAFF: "a shopper (member of staff)",
    AccountKind.ASSESSOR: "the assessor",
}
KIND_HINTS = {
    AccountKind.COORDINATOR: "Runs Shopper for the council: people, settings, standards, "
                             "exercises, every result and export",
    AccountKind.TEAM_LEAD: "Manages one or more service blocks: sees their results, raises "
                           "actions and disputes on them",
    AccountKind.COUNCILLOR: "Records shops; has no service block",
    AccountKind.STAFF: "Records shops, never of their own service block",
    AccountKind.ASSESSOR: "The external CSE assessor: reads results and evidence until their "
                          "access ends",
}


def kind_of(role: Role, has_block: bool) -> AccountKind:
    """The kind of account a user has: a shopper with a block is a member of staff."""
    if role == Role.SHOPPER:
        return AccountKind.STAFF if has_block else AccountKind.COUNCILLOR
    return AccountKind(role.value)


class LinkPurpose(StrEnum):
    """Why a one-time link to set a password was sent."""

    INVITATION = "invitation"
    RESET = "reset"


class LinkState(StrEnum):
    """Whether a one-time link can still be used."""

    USABLE = "usable"
    USED = "used"
    EXPIRED = "expired"


def link_state(expires_at: datetime, used_at: datetime | None, now: datetime) -> LinkState:
    """A link works once, until it expires; a used link says so even after it would have expired."""
    if used_at is not None:
        return LinkState.USED
    return LinkState.USABLE if now < expires_at else LinkState.EXPIRED


def link_expiry(purpose: LinkPurpose, now: datetime, invitation_days: int) -> datetime:
    """When a link sent now stops working: invitations after the setting's days, resets sooner."""
    if purpose == LinkPurpose.INVITATION:
        return now + timedelta(days=invitation_days)
    return now + timedelta(hours=RESET_LINK_HOURS)


def access_ends_at(last_day: date) -> datetime:
    """An assessor's access lasts to the end of its last day in the council's time zone."""
    return datetime.combine(last_day + timedelta(days=1), time(0), LONDON)


def access_last_day(ends_at: datetime) -> date:
    """The last day of access, as the coordinator entered it."""
    return (ends_at.astimezone(LONDON) - timedelta(microseconds=1)).date()


def access_day_problem(last_day: date, today: date) -> str | None:
    """What is wrong with an assessor's last day of access, or None."""
    if last_day < today:
        return "The last day of access must be today or in the future"
    if last_day > today + timedelta(days=LONGEST_ACCESS_DAYS):
        return "The last day of access must be within 2 years of today"
    return None


def password_problem(password: str) -> str | None:
    """What is wrong with a new password, said as what to do, or None."""
    if len(password) < SHORTEST_PASSWORD:
        return f"Enter a password of at least {SHORTEST_PASSWORD} characters"
    if len(password) > LONGEST_PASSWORD:
        return f"Enter a password of {LONGEST_PASSWORD} characters or fewer"
    if has_control_characters(password):
        return "Enter a password of letters, numbers, spaces and symbols only"
    return None


def has_control_characters(text: str) -> bool:
    """Whether one-line text holds a character no one types on purpose, such as NUL or a tab."""
    return text_has_control_characters(text, one_line=True)


class AccountStatus(StrEnum):
    """Where an account stands, as the list of people shows it."""

    ACTIVE = "Active"
    INVITED = "Invited"
    INVITATION_EXPIRED = "Invitation expired"
    NOT_INVITED = "Not invited yet"
    ACCESS_ENDED = "Access ended"
    DEACTIVATED = "Deactivated"


def account_status(active: bool, has_password: bool, access_ends: datetime | None,
                   invitation: LinkState | None, now: datetime) -> AccountStatus:
    """Deactivation and ended access come first; then whether the person can sign in yet."""
    if not active:
        return AccountStatus.DEACTIVATED
    if access_ends is not None and access_ends <= now:
        return AccountStatus.ACCESS_ENDED
    if has_password:
        return AccountStatus.ACTIVE
    if invitation == LinkState.USABLE:
        return AccountStatus.INVITED
    if invitation == LinkState.EXPIRED:
        return AccountStatus.INVITATION_EXPIRED
    return AccountStatus.NOT_INVITED
