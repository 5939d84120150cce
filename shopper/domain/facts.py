"""What a shopper records about a call or a visit, and the checks those facts must pass."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from shopper.domain.enums import Away, Channel, Outcome

# Times a little ahead of the server are allowed: phones' clocks drift.
FUTURE_TOLERANCE = timedelta(minutes=5)
MAX_RINGS = 99
# Minutes are kept to one decimal place in a column of five digits: 0 to 9999.9.
MAX_MINUTES = Decimal("9999.9")
# The shipped standards are in force from this moment; nothing earlier can be scored.
STANDARDS_IN_FORCE_FROM = datetime(2000, 1, 1, tzinfo=UTC)


def _require_aware(name: str, value: datetime | None) -> None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{name} must be a timezone-aware datetime")


@dataclass(frozen=True)
class CallFacts:
    """The facts of one call shop; a hold or transfer can go with any outcome."""

    occurred_at: datetime
    outcome: Outcome
    rings: int | None = None
    held_or_transferred: bool = False
    officer_away: Away = Away.UNKNOWN
    message_left_at: datetime | None = None
    callback_at: datetime | None = None
    callback_never: bool = False
    callback_withheld: bool | None = None
    callback_answering_machine: bool | None = None

    def __post_init__(self) -> None:
        for name in ("occurred_at", "message_left_at", "callback_at"):
            _require_aware(name, getattr(self, name))
        object.__setattr__(self, "outcome", Outcome(self.outcome))
        object.__setattr__(self, "officer_away", Away(self.officer_away))

    @property
    def channel(self) -> Channel:
        """Calls are scored against the call standards."""
        return Channel.CALL


@dataclass(frozen=True)
class VisitFacts:
    """The facts of one visit shop; seen_minutes of None means the shopper was never seen."""

    occurred_at: datetime
    acknowledged_minutes: Decimal | None
    seen_minutes: Decimal | None
    family_reception: bool

    def __post_init__(self) -> None:
        _require_aware("occurred_at", self.occurred_at)
        for name in ("acknowledged_minutes", "seen_minutes"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Decimal):
                object.__setattr__(self, name, Decimal(str(value)))

    @property
    def channel(self) -> Channel:
        """Visits are scored against the visit standards."""
        return Channel.VISIT


Facts = CallFacts | VisitFacts


@dataclass(frozen=True)
class FactError:
    """A problem with one fact: the fact's name and what the shopper should do about it."""

    field: str
    message: str


def fact_errors(facts: Facts, now: datetime) -> list[FactError]:
    """Every problem with a shop's facts, at most one per fact, in the order facts are asked."""
    _require_aware("now", now)
    if isinstance(facts, VisitFacts):
        return _visit_errors(facts, now)
    checks = (
        ("occurred_at", _occurred_at_error(facts, now, "call")),
        ("rings", _rings_error(facts)),
        ("message_left_at", _message_left_error(facts, now)),
        ("callback_at", _callback_at_error(facts, now)),
        ("callback_never", _callback_never_error(facts)),
        ("callback_withheld", _callback_detail_error(
            facts, facts.callback_withheld, "whether the callback number was withheld")),
        ("callback_answering_machine", _callback_detail_error(
            facts, facts.callback_answering_machine,
            "whether the callback reached your answering machine")),
    )
    return [FactError(field, message) for field, message in checks if message]


def _in_future(at: datetime, now: datetime) -> bool:
    return at > now + FUTURE_TOLERANCE


def _occurred_at_error(facts: Facts, now: datetime, what: str) -> str | None:
    if facts.occurred_at < STANDARDS_IN_FORCE_FROM:
        return (f"Enter a date for the {what} in {STANDARDS_IN_FORCE_FROM.year} or later: "
                "no standards were in force before then")
    if _in_future(facts.occurred_at, now):
        return f"Enter a time for the {what} that is not in the future"
    return None


def _rings_error(facts: CallFacts) -> str | None:
    """Rings are needed when the call was answered, optional when it rang out, not when engaged."""
    answered = facts.outcome in (Outcome.PERSON, Outcome.VOICEMAIL)
    if facts.rings is None and answered:
        return "Enter the number of rings before the call was answered, like 3"
    if facts.rings is None:
        return None
    if facts.outcome is Outcome.ENGAGED:
        return "Leave the number of rings blank — the line was engaged"
    if isinstance(facts.rings, bool) or not 0 <= facts.rings <= MAX_RINGS:
        return f"Enter the number of rings as a whole number from 0 to {MAX_RINGS}"
    return None


def _message_left_error(facts: CallFacts, now: datetime) -> str | None:
    left_at = facts.message_left_at
    if left_at is None:
        return None
    if facts.outcome is not Outcome.VOICEMAIL:
        return "Leave the time the message was left blank — the call did not reach voicemail"
    if left_at < facts.occurred_at:
        return "Enter a time the message was left that is not before the time of the call"
    if _in_future(left_at, now):
        return "Enter a time the message was left that is not in the future"
    return None


def _callback_at_error(facts: CallFacts, now: datetime) -> str | None:
    if facts.callback_at is None:
        return None
    if facts.message_left_at is None:
        return "Leave the callback time blank — no message was left"
    if facts.callback_at < facts.message_left_at:
        return "Enter a callback time that is not before the time the message was left"
    if _in_future(facts.callback_at, now):
        return "Enter a callback time that is not in the future"
    return None


def _callback_never_error(facts: CallFacts) -> str | None:
    if not facts.callback_never:
        return None
    if facts.message_left_at is None:
        return "Do not say the callback never came — no message was left"
    if facts.callback_at is not None:
        return "Either enter the callback time or say the callback never came, not both"
    return None


def _callback_detail_error(facts: CallFacts, value: bool | None, what: str) -> str | None:
    if facts.callback_at is not None and value is None:
        return f"Select {what}"
    if facts.callback_at is None and value is not None:
        return f"Leave {what} blank — no callback was recorded"
    return None


def _visit_errors(facts: VisitFacts, now: datetime) -> list[FactError]:
    checks = (
        ("occurred_at", _occurred_at_error(facts, now, "visit")),
        ("acknowledged_minutes", _acknowledged_error(facts.acknowledged_minutes)),
        ("seen_minutes", _seen_error(facts)),
    )
    return [FactError(field, message) for field, message in checks if message]


def _acknowledged_error(minutes: Decimal | None) -> str | None:
    if minutes is None:
        return "Enter the minutes until you were acknowledged, like 1.5"
    if not minutes.is_finite() or minutes < 0:
        return "Enter the minutes until you were acknowledged as 0 or more, like 1.5"
    return minutes_error(minutes, "the minutes until you were acknowledged", "1.5")


def minutes_error(minutes: Decimal, what: str, example: str) -> str | None:
    """Why minutes of 0 or more cannot be kept as typed: too many, or too precise; else None."""
    if minutes > MAX_MINUTES:
        return f"Enter {what} as a number from 0 to {MAX_MINUTES}, like {example}"
    if minutes != round(minutes, 1):
        return f"Enter {what} with no more than one decimal place, like {example}"
    return None


def _seen_error(facts: VisitFacts) -> str | None:
    """Blank means never seen; being seen implies being acknowledged, so it cannot come first."""
    seen, acknowledged = facts.seen_minutes, facts.acknowledged_minutes
    if seen is None:
        return None
    if not seen.is_finite() or seen < 0:
        return ("Enter the minutes until you were seen as 0 or more, or leave it blank if you "
                "were never seen")
    too_many = minutes_error(seen, "the minutes until you were seen", "8")
    if too_many:
        return too_many
    if acknowledged is not None and acknowledged.is_finite() and seen < acknowledged:
        return "Enter minutes until you were seen that are no fewer than minutes until acknowledged"
    return None
