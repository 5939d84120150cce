from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from shopper.domain import (
    LONDON,
    Answer,
    CallFacts,
    Outcome,
    Settings,
    VisitFacts,
    derive_answers,
)

MET, NOT_MET = Answer.MET, Answer.NOT_MET
CALLED = datetime(2026, 12, 24, 9, 58, tzinfo=LONDON)
LEFT = datetime(2026, 12, 24, 10, 0, tzinfo=LONDON)
DEADLINE = datetime(2026, 12, 29, 17, 0, tzinfo=LONDON)
LATER = datetime(2027, 1, 31, tzinfo=LONDON)
DEFAULTS = Settings()


def call(outcome: Outcome = Outcome.PERSON, rings: int | None = 3, **changes) -> CallFacts:
    return CallFacts(CALLED, outcome, rings, **changes)


def derived(facts, settings: Settings = DEFAULTS, now: datetime = LATER) -> dict[str, Answer]:
    return derive_answers(facts, settings, now)


@pytest.mark.parametrize(("outcome", "rings", "ta1", "ta2"), [
    (Outcome.PERSON, 0, MET, MET),
    (Outcome.PERSON, 5, MET, MET),
    (Outcome.PERSON, 6, NOT_MET, MET),
    (Outcome.VOICEMAIL, 5, MET, MET),
    (Outcome.VOICEMAIL, 7, NOT_MET, MET),
    (Outcome.NO_ANSWER, 3, NOT_MET, NOT_MET),
    (Outcome.NO_ANSWER, None, NOT_MET, NOT_MET),
    (Outcome.ENGAGED, None, NOT_MET, NOT_MET),
])
def test_ta1_and_ta2(outcome, rings, ta1, ta2):
    assert derived(call(outcome, rings)) == {"TA1": ta1, "TA2": ta2}


def test_ta1_follows_the_ring_target():
    assert derived(call(rings=4), Settings(ring_target=3))["TA1"] is NOT_MET
    assert derived(call(rings=7), Settings(ring_target=8))["TA1"] is MET


def voicemail(**changes) -> CallFacts:
    return call(Outcome.VOICEMAIL, 2, message_left_at=LEFT, **changes)


def test_vm8_met_within_the_deadline():
    facts = voicemail(callback_at=DEADLINE, callback_withheld=False)
    assert derived(facts) == {"TA1": MET, "TA2": MET, "VM8": MET, "VM9": MET}


def test_vm8_not_met_when_late():
    facts = voicemail(callback_at=DEADLINE + timedelta(minutes=1), callback_withheld=False)
    assert derived(facts)["VM8"] is NOT_MET


def test_vm8_not_met_when_never():
    assert derived(voicemail())["VM8"] is NOT_MET
    assert derived(voicemail(callback_never=True), now=LEFT)["VM8"] is NOT_MET


def test_vm8_while_awaiting_is_what_it_becomes_without_a_callback():
    assert derived(voicemail(), now=DEADLINE) == {"TA1": MET, "TA2": MET, "VM8": NOT_MET}


def test_vm8_follows_the_working_days_setting():
    facts = voicemail(callback_at=DEADLINE + timedelta(days=1), callback_withheld=False)
    assert derived(facts, Settings(callback_working_days=2))["VM8"] is MET


def test_vm9_not_met_when_the_number_was_withheld():
    facts = voicemail(callback_at=DEADLINE, callback_withheld=True)
    assert derived(facts)["VM9"] is NOT_MET


def test_no_vm8_or_vm9_without_a_message():
    assert set(derived(call(Outcome.VOICEMAIL, 2))) == {"TA1", "TA2"}


def visit(acknowledged: str | None, seen: str | None) -> VisitFacts:
    return VisitFacts(CALLED, None if acknowledged is None else Decimal(acknowledged),
                      None if seen is None else Decimal(seen), False)


@pytest.mark.parametrize(("acknowledged", "seen", "rc1", "rc2"), [
    ("0", "0", MET, MET),
    ("2", "10", MET, MET),
    ("2.01", "10.01", NOT_MET, NOT_MET),
    ("1.5", "12", MET, NOT_MET),
    ("1.5", None, MET, NOT_MET),
    (None, None, NOT_MET, NOT_MET),
])
def test_rc1_and_rc2(acknowledged, seen, rc1, rc2):
    assert derived(visit(acknowledged, seen)) == {"RC1": rc1, "RC2": rc2}


def test_rc_targets_follow_settings():
    settings = Settings(greeting_target_minutes=Decimal(1), waiting_target_minutes=Decimal(15))
    assert derived(visit("1.5", "12"), settings) == {"RC1": NOT_MET, "RC2": MET}
