"""The pages of the call and visit journeys: which apply, which are done, and what they add up to.

Plain Python over a draft's data, so every rule here can be read and tested without a request:
the facts and answers a draft holds so far, and where the shopper goes next.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from shopper.domain.applicability import asked_items, implied_answers
from shopper.domain.enums import Answer, Away, Channel, Outcome
from shopper.domain.facts import CallFacts, Facts, VisitFacts
from shopper.domain.standards import ItemSpec, StandardSpec

CALL_FACT_STEPS = ("number", "service", "when", "outcome", "rings", "held", "away", "message",
                   "message-time", "callback", "callback-when", "callback-details")
VISIT_FACT_STEPS = ("reception", "visit-service", "arrival", "acknowledged", "seen",
                    "seen-minutes")
CHECK = "check"
ITEMS_PREFIX = "items-"

# Which page asks for each fact, so a problem found at the end can send the shopper back to it.
FACT_STEPS = {
    "call": {"occurred_at": "when", "rings": "rings", "message_left_at": "message-time",
             "callback_at": "callback-when", "callback_never": "callback",
             "callback_withheld": "callback-details",
             "callback_answering_machine": "callback-details"},
    "visit": {"occurred_at": "arrival", "acknowledged_minutes": "acknowledged",
              "seen_minutes": "seen-minutes"},
}


@dataclass(frozen=True)
class Journey:
    """A draft's data with what the pages need to know about it."""

    channel: Channel
    data: Mapping
    # The channel's standards in force when the shop occurred (or now, before that is known).
    standards: tuple[StandardSpec, ...]
    # True once the shop exists: the callback can then be recorded.
    submitted: bool = False
    family_reception: bool = False

    def get(self, key: str, default=None):
        return self.data.get(key, default)

    def yes(self, key: str) -> bool:
        return self.data.get(key) == "yes"


def parse_time(text: str | None) -> datetime | None:
    """A time stored in a draft (ISO 8601 with its offset) as an aware datetime."""
    if not text:
        return None
    at = datetime.fromisoformat(text)
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def store_time(at: datetime | None) -> str | None:
    return None if at is None else at.astimezone(UTC).isoformat()


def parse_minutes(text) -> Decimal | None:
    if text in (None, ""):
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return None


def facts(journey: Journey, now: datetime) -> Facts:
    """The facts the draft holds; facts not given yet take harmless stand-ins (now, no answer)."""
    data = journey.data
    occurred_at = parse_time(data.get("occurred_at")) or now
    if journey.channel == Channel.VISIT:
        seen = journey.yes("seen")
        return VisitFacts(occurred_at=occurred_at,
                          acknowledged_minutes=parse_minutes(data.get("acknowledged_minutes")),
                          seen_minutes=parse_minutes(data.get("seen_minutes")) if seen else None,
                          family_reception=journey.family_reception)
    outcome = Outcome(data.get("outcome") or Outcome.NO_ANSWER)
    engaged, voicemail = outcome is Outcome.ENGAGED, outcome is Outcome.VOICEMAIL
    message = voicemail and journey.yes("message")
    callback = message and journey.submitted and journey.yes("callback")
    return CallFacts(
        occurred_at=occurred_at, outcome=outcome,
        rings=None if engaged else data.get("rings"),
        held_or_transferred=not engaged and journey.yes("held"),
        officer_away=Away(data.get("away") or Away.UNKNOWN) if voicemail else Away.UNKNOWN,
        message_left_at=parse_time(data.get("message_left_at")) if message else None,
        callback_at=parse_time(data.get("callback_at")) if callback else None,
        callback_never=message and journey.submitted and data.get("callback") == "no",
        callback_withheld=journey.yes("callback_withheld") if callback else None,
        callback_answering_machine=(journey.yes("callback_answering_machine")
                                    if callback else None))


def asked(journey: Journey, now: datetime) -> dict[str, tuple[ItemSpec, ...]]:
    """Each standard's items the shopper answers, given the facts so far; none-asked left out.

    An item whose answer follows from the facts (VM7 once a message was left) is not asked again.
    """
    shop_facts = facts(journey, now)
    implied = implied_answers(shop_facts)
    by_standard = {standard.code: tuple(item for item in asked_items(standard, shop_facts)
                                        if item.code not in implied)
                   for standard in journey.standards}
    return {code: items for code, items in by_standard.items() if items}


def implied(journey: Journey, now: datetime) -> dict[str, tuple[ItemSpec, Answer]]:
    """The items that apply whose answer follows from the facts, with that answer, by code."""
    shop_facts = facts(journey, now)
    answers_implied = implied_answers(shop_facts)
    return {item.code: (item, answers_implied[item.code])
            for standard in journey.standards for item in asked_items(standard, shop_facts)
            if item.code in answers_implied}


def overridden(journey: Journey, now: datetime) -> dict[str, tuple[ItemSpec, Answer, Answer]]:
    """Answers the shopper gave that the facts now contradict: the item, their answer, the new."""
    given = journey.get("answers") or {}
    return {code: (item, Answer(given[code]), answer)
            for code, (item, answer) in implied(journey, now).items()
            if given.get(code) in (Answer.MET, Answer.NOT_MET) and given[code] != answer}


def answers(journey: Journey, now: datetime) -> dict[str, Answer]:
    """The answers given to the items now asked, and those that follow from the facts; answers
    to items no longer asked are dropped."""
    given = journey.get("answers") or {}
    chosen = {item.code: Answer(given[item.code])
              for items in asked(journey, now).values() for item in items
              if given.get(item.code) in (Answer.MET, Answer.NOT_MET)}
    return {**chosen, **{code: answer for code, (_, answer) in implied(journey, now).items()}}


def items_step(standard_code: str) -> str:
    return ITEMS_PREFIX + standard_code.lower()


def standard_of_step(journey: Journey, step: str) -> StandardSpec | None:
    for standard in journey.standards:
        if items_step(standard.code) == step:
            return standard
    return None


def steps(journey: Journey, now: datetime) -> list[str]:
    """The pages that apply to this draft, in order, up to the check page."""
    fact_steps = CALL_FACT_STEPS if journey.channel == Channel.CALL else VISIT_FACT_STEPS
    applicable = [step for step in fact_steps if _applies(journey, step)]
    applicable += [items_step(code) for code in asked(journey, now)]
    return [*applicable, "notes"]


def _applies(journey: Journey, step: str) -> bool:
    outcome = journey.get("outcome")
    message = outcome == Outcome.VOICEMAIL and journey.yes("message")
    callback = message and journey.submitted
    return {
        "service": not journey.get("line_id"),
        "rings": outcome != Outcome.ENGAGED,
        "held": outcome != Outcome.ENGAGED,
        "away": outcome == Outcome.VOICEMAIL,
        "message": outcome == Outcome.VOICEMAIL,
        "message-time": message,
        "callback": callback,
        "callback-when": callback and journey.yes("callback"),
        "callback-details": callback and journey.yes("callback"),
        "visit-service": bool(journey.get("several_blocks")),
        "seen-minutes": journey.yes("seen"),
    }.get(step, True)


def is_complete(journey: Journey, step: str, now: datetime) -> bool:
    """Whether the page has everything it asks for; optional pages always do."""
    data = journey.data
    answered = data.get("outcome") in (Outcome.PERSON, Outcome.VOICEMAIL)
    checks = {
        "number": lambda: bool(data.get("line_id") or data.get("number")),
        "service": lambda: bool(data.get("block_id")),
        "visit-service": lambda: bool(data.get("block_id")),
        "reception": lambda: bool(data.get("reception_point_id")),
        "when": lambda: bool(data.get("occurred_at")),
        "arrival": lambda: bool(data.get("occurred_at")),
        "outcome": lambda: bool(data.get("outcome")),
        "rings": lambda: "rings" in data and (data["rings"] is not None or not answered),
        "held": lambda: data.get("held") in ("yes", "no"),
        "away": lambda: bool(data.get("away")),
        "message": lambda: data.get("message") in ("yes", "no"),
        "message-time": lambda: bool(data.get("message_left_at")),
        "callback-when": lambda: bool(data.get("callback_at")),
        "callback-details": lambda: (data.get("callback_withheld") in ("yes", "no")
                                     and data.get("callback_answering_machine") in ("yes", "no")),
        "acknowledged": lambda: data.get("acknowledged_minutes") not in (None, ""),
        "seen": lambda: data.get("seen") in ("yes", "no"),
        "seen-minutes": lambda: data.get("seen_minutes") not in (None, ""),
    }
    if step in checks:
        return checks[step]()
    standard = standard_of_step(journey, step)
    if standard is not None:
        given = data.get("answers") or {}
        items = asked(journey, now).get(standard.code, ())
        return all(given.get(item.code) in (Answer.MET, Answer.NOT_MET) for item in items)
    return True


def first_incomplete(journey: Journey, now: datetime) -> str | None:
    return next((step for step in steps(journey, now) if not is_complete(journey, step, now)),
                None)


def next_step(journey: Journey, step: str, now: datetime) -> str:
    """Where to go after a page: onwards, or once the answers were checked, to what is missing."""
    if journey.get("checked") or journey.submitted:
        return first_incomplete(journey, now) or CHECK
    order = steps(journey, now)
    if step in order and order.index(step) + 1 < len(order):
        return order[order.index(step) + 1]
    return first_incomplete(journey, now) or CHECK


def previous_step(journey: Journey, step: str, now: datetime) -> str | None:
    """The page before this one, for the back link; None for the first page."""
    order = [*steps(journey, now), CHECK]
    if step not in order or order.index(step) == 0:
        return None
    if journey.get("checked") or journey.submitted:
        return CHECK if step != CHECK else order[-2]
    return order[order.index(step) - 1]


def step_applies(journey: Journey, step: str, now: datetime) -> bool:
    return step == CHECK or step in steps(journey, now)
