"""The items worked out from a shop's facts rather than asked."""

from datetime import datetime

from shopper.domain.deadlines import WorkingCalendar, callback_state
from shopper.domain.enums import Answer, CallbackState, Outcome
from shopper.domain.facts import CallFacts, Facts, VisitFacts
from shopper.domain.settings import Settings


def _met(condition: bool) -> Answer:
    return Answer.MET if condition else Answer.NOT_MET


def derive_answers(facts: Facts, settings: Settings, now: datetime) -> dict[str, Answer]:
    """The derived items' answers for the facts' channel; VM8 and VM9 only when they apply."""
    if isinstance(facts, VisitFacts):
        return _visit_answers(facts, settings)
    return _call_answers(facts, settings, now)


def _call_answers(facts: CallFacts, settings: Settings, now: datetime) -> dict[str, Answer]:
    answered = facts.outcome in (Outcome.PERSON, Outcome.VOICEMAIL)
    in_time = facts.rings is not None and facts.rings <= settings.ring_target
    answers = {"TA1": _met(answered and in_time), "TA2": _met(answered)}
    if facts.message_left_at is not None:
        state = callback_state(facts, WorkingCalendar.from_settings(settings), now)
        # While awaiting, VM8 takes the value it will have if no callback comes.
        answers["VM8"] = _met(state is CallbackState.MET)
    if facts.callback_at is not None:
        answers["VM9"] = _met(facts.callback_withheld is not True)
    return answers


def _visit_answers(facts: VisitFacts, settings: Settings) -> dict[str, Answer]:
    """Blank minutes count as not met: never acknowledged, or never seen."""
    acknowledged, seen = facts.acknowledged_minutes, facts.seen_minutes
    return {
        "RC1": _met(acknowledged is not None and acknowledged <= settings.greeting_target_minutes),
        "RC2": _met(seen is not None and seen <= settings.waiting_target_minutes),
    }
