from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from shopper.domain import (
    LONDON,
    Away,
    CallFacts,
    Channel,
    FactError,
    Outcome,
    VisitFacts,
    fact_errors,
)

CALLED = datetime(2026, 3, 2, 14, 5, tzinfo=LONDON)
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=LONDON)


def call(**changes) -> CallFacts:
    facts = {"occurred_at": CALLED, "outcome": Outcome.PERSON, "rings": 3}
    return CallFacts(**{**facts, **changes})


def voicemail(**changes) -> CallFacts:
    left = CALLED + timedelta(minutes=1)
    return call(outcome=Outcome.VOICEMAIL, message_left_at=left, **changes)


def called_back(**changes) -> CallFacts:
    facts = {"callback_at": CALLED + timedelta(hours=2), "callback_withheld": False,
             "callback_answering_machine": False}
    return voicemail(**{**facts, **changes})


def visit(**changes) -> VisitFacts:
    facts = {"occurred_at": CALLED, "acknowledged_minutes": Decimal("1.5"),
             "seen_minutes": Decimal(12), "family_reception": False}
    return VisitFacts(**{**facts, **changes})


def fields_in_error(facts) -> list[str]:
    return [error.field for error in fact_errors(facts, NOW)]


@pytest.mark.parametrize("facts", [
    call(), call(held_or_transferred=True, officer_away=Away.YES), voicemail(),
    called_back(), called_back(callback_withheld=True, callback_answering_machine=True),
    voicemail(callback_never=True), call(outcome=Outcome.NO_ANSWER, rings=None),
    call(outcome=Outcome.NO_ANSWER, rings=12), call(outcome=Outcome.ENGAGED, rings=None),
    call(rings=0), call(rings=99), visit(), visit(seen_minutes=None),
    visit(acknowledged_minutes=Decimal(0), seen_minutes=Decimal(0)),
])
def test_consistent_facts_pass(facts):
    assert fact_errors(facts, NOW) == []


def test_channels():
    assert call().channel is Channel.CALL
    assert visit().channel is Channel.VISIT


def test_naive_times_are_a_programming_error():
    with pytest.raises(ValueError):
        call(occurred_at=datetime(2026, 3, 2, 14, 5))
    with pytest.raises(ValueError):
        fact_errors(call(), datetime(2026, 3, 10))


def test_strings_are_read_as_enums():
    facts = call(outcome="voicemail", officer_away="yes")
    assert facts.outcome is Outcome.VOICEMAIL
    assert facts.officer_away is Away.YES


@pytest.mark.parametrize("outcome", [Outcome.PERSON, Outcome.VOICEMAIL])
def test_rings_are_needed_when_answered(outcome):
    assert fact_errors(call(outcome=outcome, rings=None), NOW) == [FactError(
        "rings", "Enter the number of rings before the call was answered, like 3")]


@pytest.mark.parametrize("rings", [-1, 100])
def test_rings_must_be_in_range(rings):
    assert fact_errors(call(rings=rings), NOW) == [FactError(
        "rings", "Enter the number of rings as a whole number from 0 to 99")]


def test_no_rings_when_engaged():
    assert fact_errors(call(outcome=Outcome.ENGAGED, rings=2), NOW) == [FactError(
        "rings", "Leave the number of rings blank — the line was engaged")]


def test_future_call_is_refused_beyond_clock_drift():
    assert fields_in_error(call(occurred_at=NOW + timedelta(minutes=5))) == []
    assert fact_errors(call(occurred_at=NOW + timedelta(minutes=6)), NOW) == [FactError(
        "occurred_at", "Enter a time for the call that is not in the future")]


@pytest.mark.parametrize("outcome", [Outcome.PERSON, Outcome.NO_ANSWER, Outcome.ENGAGED])
def test_message_only_after_voicemail(outcome):
    facts = call(outcome=outcome, rings=None if outcome is Outcome.ENGAGED else 3,
                 message_left_at=CALLED)
    assert fact_errors(facts, NOW) == [FactError(
        "message_left_at",
        "Leave the time the message was left blank — the call did not reach voicemail")]


def test_message_not_before_the_call():
    facts = call(outcome=Outcome.VOICEMAIL, message_left_at=CALLED - timedelta(minutes=1))
    assert fields_in_error(facts) == ["message_left_at"]
    assert fields_in_error(call(outcome=Outcome.VOICEMAIL, message_left_at=CALLED)) == []


def test_message_not_in_future():
    facts = call(occurred_at=NOW, outcome=Outcome.VOICEMAIL,
                 message_left_at=NOW + timedelta(hours=1))
    assert fact_errors(facts, NOW) == [FactError(
        "message_left_at", "Enter a time the message was left that is not in the future")]


def test_callback_needs_a_message():
    facts = call(outcome=Outcome.VOICEMAIL, callback_at=CALLED + timedelta(hours=1),
                 callback_withheld=False, callback_answering_machine=False)
    assert fact_errors(facts, NOW) == [
        FactError("callback_at", "Leave the callback time blank — no message was left")]


def test_callback_not_before_the_message():
    facts = called_back(callback_at=CALLED)
    assert fact_errors(facts, NOW) == [FactError(
        "callback_at", "Enter a callback time that is not before the time the message was left")]


def test_callback_not_in_future():
    assert fields_in_error(called_back(callback_at=NOW + timedelta(days=1))) == ["callback_at"]


def test_never_needs_a_message_and_no_callback_time():
    assert fields_in_error(call(callback_never=True)) == ["callback_never"]
    assert fact_errors(called_back(callback_never=True), NOW) == [FactError(
        "callback_never",
        "Either enter the callback time or say the callback never came, not both")]


def test_callback_details_are_needed_with_a_callback():
    facts = called_back(callback_withheld=None, callback_answering_machine=None)
    assert fact_errors(facts, NOW) == [
        FactError("callback_withheld", "Select whether the callback number was withheld"),
        FactError("callback_answering_machine",
                  "Select whether the callback reached your answering machine"),
    ]


def test_callback_details_only_with_a_callback():
    facts = voicemail(callback_withheld=False, callback_answering_machine=True)
    assert fact_errors(facts, NOW) == [
        FactError("callback_withheld", "Leave whether the callback number was withheld blank "
                  "— no callback was recorded"),
        FactError("callback_answering_machine", "Leave whether the callback reached your "
                  "answering machine blank — no callback was recorded"),
    ]


def test_times_in_other_zones_compare_as_instants():
    left = datetime(2026, 3, 2, 14, 6, tzinfo=UTC)
    assert fields_in_error(call(outcome=Outcome.VOICEMAIL, message_left_at=left)) == []


def test_visit_needs_minutes_acknowledged():
    assert fact_errors(visit(acknowledged_minutes=None), NOW) == [FactError(
        "acknowledged_minutes", "Enter the minutes until you were acknowledged, like 1.5")]
    assert fields_in_error(visit(acknowledged_minutes=Decimal(-1))) == ["acknowledged_minutes"]
    assert fields_in_error(visit(acknowledged_minutes=Decimal("NaN"))) == [
        "acknowledged_minutes"]


def test_seen_not_before_acknowledged():
    assert fact_errors(visit(acknowledged_minutes=Decimal(3), seen_minutes=Decimal(2)), NOW) == [
        FactError("seen_minutes", "Enter minutes until you were seen that are no fewer than "
                  "minutes until acknowledged")]
    assert fields_in_error(visit(seen_minutes=Decimal(-1))) == ["seen_minutes"]


def test_visit_minutes_from_numbers_become_decimals():
    facts = visit(acknowledged_minutes=1.5, seen_minutes=12)
    assert facts.acknowledged_minutes == Decimal("1.5")
    assert facts.seen_minutes == Decimal(12)


def test_future_visit_is_refused():
    assert fact_errors(visit(occurred_at=NOW + timedelta(hours=1)), NOW) == [FactError(
        "occurred_at", "Enter a time for the visit that is not in the future")]
