"""Which items apply to a shop, which of those are asked, and checks on the answers given."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from shopper.domain.enums import Answer, Away, Condition, Outcome
from shopper.domain.facts import CallFacts, Facts
from shopper.domain.standards import DERIVED_FROM, ItemSpec, StandardSpec, index_items


def conditions_holding(facts: Facts) -> frozenset[Condition]:
    """The conditions of docs/recording.md that these facts satisfy."""
    if not isinstance(facts, CallFacts):
        family = {Condition.FAMILY_RECEPTION} if facts.family_reception else set()
        return frozenset({Condition.ALWAYS, *family})
    voicemail = facts.outcome is Outcome.VOICEMAIL
    callback = facts.callback_at is not None
    holding = {
        Condition.ALWAYS: True,
        Condition.PERSON: facts.outcome is Outcome.PERSON,
        Condition.HELD_OR_TRANSFERRED: facts.held_or_transferred,
        Condition.VOICEMAIL: voicemail,
        Condition.OFFICER_AWAY: voicemail and facts.officer_away is Away.YES,
        Condition.MESSAGE_LEFT: facts.message_left_at is not None,
        Condition.CALLBACK_RECEIVED: callback,
        Condition.CALLBACK_ANSWERING_MACHINE: callback and bool(facts.callback_answering_machine),
    }
    return frozenset(condition for condition, holds in holding.items() if holds)


def applies(item: ItemSpec, facts: Facts) -> bool:
    """Whether the item's condition holds; the caller checks its standard suits the channel."""
    return item.condition in conditions_holding(facts)


def applicable_items(standard: StandardSpec, facts: Facts) -> tuple[ItemSpec, ...]:
    """The items of the standard that apply to the shop, derived ones included."""
    if standard.channel != facts.channel:
        return ()
    holding = conditions_holding(facts)
    return tuple(item for item in standard.items if item.condition in holding)


def asked_items(standard: StandardSpec, facts: Facts) -> tuple[ItemSpec, ...]:
    """The items the shopper answers: those that apply and are not worked out from facts."""
    return tuple(item for item in applicable_items(standard, facts) if not item.derived)


@dataclass(frozen=True)
class AnswerError:
    """A problem with one item's answer, naming the item and the fact that decides it."""

    item_code: str
    message: str


def implied_answers(facts: Facts) -> dict[str, Answer]:
    """Answers that follow from the facts, so a shop cannot say both: a message left could be."""
    if isinstance(facts, CallFacts) and facts.message_left_at is not None:
        return {"VM7": Answer.MET}
    return {}


def answer_errors(standards: Iterable[StandardSpec], facts: Facts,
                  answers: Mapping[str, Answer | None]) -> list[AnswerError]:
    """Every problem with a shop's answers, in item order; n/a counts as blank for unasked items."""
    standards = tuple(standards)
    index = index_items(standards)
    implied = implied_answers(facts)
    errors = []
    for standard in standards:
        asked = {item.code for item in asked_items(standard, facts)}
        for item in standard.items:
            value = answers.get(item.code)
            if item.code in asked and value in (Answer.MET, Answer.NOT_MET):
                message = _contradiction(item, implied.get(item.code), value)
            else:
                message = _item_error(standard, item, item.code in asked, facts, value)
            if message:
                errors.append(AnswerError(item.code, f"{item.code}: {message}"))
    for code in sorted(set(answers) - set(index)):
        if answers[code] is not None:
            errors.append(AnswerError(
                code, f"{code}: leave blank — there is no item {code} in the standards in force"))
    return errors


def _contradiction(item: ItemSpec, implied: Answer | None, value: object) -> str | None:
    if implied is None or value == implied:
        return None
    # Only VM7 follows from a fact today; name both answers so either can be put right.
    return (f"answer {implied.value}, or leave message_left_at blank — you said you left a "
            f"message (message_left_at is set), so {item.code} cannot be {Answer(value).value}")


def _item_error(standard: StandardSpec, item: ItemSpec, asked: bool, facts: Facts,
                value: object) -> str | None:
    if asked:
        if value in (Answer.MET, Answer.NOT_MET):
            return None
        return f"answer met or not met — it applies {_because(item.condition, facts)}"
    if value is None or value == Answer.NA:
        return None
    if standard.channel != facts.channel:
        return (f"leave blank — {standard.name} is for {standard.channel.value}s, "
                f"not {facts.channel.value}s")
    if item.derived:
        return f"leave blank — it is worked out from {DERIVED_FROM.get(item.code, 'the facts')}"
    return f"leave blank — it applies only when {_only_when(item.condition, facts)}"


def _because(condition: Condition, facts: Facts) -> str:
    if condition is Condition.ALWAYS:
        return f"to every {facts.channel.value}"
    what, fact = _describe(condition, facts)
    return f"because {what} ({fact})"


def _only_when(condition: Condition, facts: Facts) -> str:
    what, fact = _describe(condition, facts)
    return f"{what} ({fact})"


def _describe(condition: Condition, facts: Facts) -> tuple[str, str]:
    """What the condition means, and the fact that decides it for this shop."""
    if not isinstance(facts, CallFacts):
        if condition is Condition.FAMILY_RECEPTION:
            family = _yes_no(facts.family_reception)
            return "the reception is a family reception", f"family_reception is {family}"
        return f"the call's facts say so ({condition.value})", "this shop is a visit"
    outcome = f"outcome is {facts.outcome.value}"
    callback = "callback_at is " + _set_or_blank(facts.callback_at)
    match condition:
        case Condition.PERSON:
            return "the call was answered by a person", outcome
        case Condition.VOICEMAIL:
            return "the call reached voicemail", outcome
        case Condition.HELD_OR_TRANSFERRED:
            held = _yes_no(facts.held_or_transferred)
            return "the call was held or transferred", f"held_or_transferred is {held}"
        case Condition.OFFICER_AWAY if facts.outcome is not Outcome.VOICEMAIL:
            return "the call reached voicemail and the officer was away that day", outcome
        case Condition.OFFICER_AWAY:
            return "the officer was away that day", f"officer_away is {facts.officer_away.value}"
        case Condition.MESSAGE_LEFT:
            left = _set_or_blank(facts.message_left_at)
            return "a message was left", f"message_left_at is {left}"
        case Condition.CALLBACK_RECEIVED:
            return "a callback came", callback
        case Condition.CALLBACK_ANSWERING_MACHINE if facts.callback_at is not None:
            machine = _yes_no(bool(facts.callback_answering_machine))
            return ("the callback reached your answering machine",
                    f"callback_answering_machine is {machine}")
        case Condition.CALLBACK_ANSWERING_MACHINE:
            return "the callback reached your answering machine", callback
    return f"the visit's facts say so ({condition.value})", "this shop is a call"


def _set_or_blank(value: object) -> str:
    return "blank" if value is None else "set"


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"
