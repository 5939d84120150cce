from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from shopper.domain import (
    LONDON,
    SHIPPED_STANDARDS,
    Answer,
    AnswerError,
    Away,
    CallFacts,
    Condition,
    Outcome,
    VisitFacts,
    answer_errors,
    applies,
    asked_items,
    conditions_holding,
    implied_answers,
)

TA, VM, RC = SHIPPED_STANDARDS
CALLED = datetime(2026, 3, 2, 14, 5, tzinfo=LONDON)


def call(**changes) -> CallFacts:
    facts = {"occurred_at": CALLED, "outcome": Outcome.PERSON, "rings": 3}
    return CallFacts(**{**facts, **changes})


def voicemail(**changes) -> CallFacts:
    return call(outcome=Outcome.VOICEMAIL, **changes)


def called_back(**changes) -> CallFacts:
    facts = {"message_left_at": CALLED, "callback_at": CALLED + timedelta(hours=1),
             "callback_withheld": False, "callback_answering_machine": False}
    return voicemail(**{**facts, **changes})


def visit(family: bool = False) -> VisitFacts:
    return VisitFacts(CALLED, Decimal(1), Decimal(5), family)


def asked(standard, facts) -> list[str]:
    return [item.code for item in asked_items(standard, facts)]


def test_person_call_conditions():
    assert conditions_holding(call()) == {Condition.ALWAYS, Condition.PERSON}
    assert conditions_holding(call(held_or_transferred=True)) == {
        Condition.ALWAYS, Condition.PERSON, Condition.HELD_OR_TRANSFERRED}


def test_voicemail_call_conditions():
    facts = called_back(officer_away=Away.YES, callback_answering_machine=True)
    assert conditions_holding(facts) == {
        Condition.ALWAYS, Condition.VOICEMAIL, Condition.OFFICER_AWAY, Condition.MESSAGE_LEFT,
        Condition.CALLBACK_RECEIVED, Condition.CALLBACK_ANSWERING_MACHINE}


def test_visit_conditions():
    assert conditions_holding(visit()) == {Condition.ALWAYS}
    assert conditions_holding(visit(family=True)) == {Condition.ALWAYS, Condition.FAMILY_RECEPTION}


def test_answered_by_a_person_asks_ta3_to_ta6_only():
    assert asked(TA, call()) == ["TA3", "TA4", "TA5", "TA6"]
    assert asked(VM, call()) == []


def test_held_or_transferred_asks_ta7():
    assert asked(TA, call(held_or_transferred=True)) == ["TA3", "TA4", "TA5", "TA6", "TA7"]
    assert asked(TA, voicemail(held_or_transferred=True)) == ["TA7"]


@pytest.mark.parametrize("outcome", [Outcome.NO_ANSWER, Outcome.ENGAGED])
def test_unanswered_call_asks_nothing(outcome):
    facts = call(outcome=outcome, rings=None)
    assert asked(TA, facts) == []
    assert asked(VM, facts) == []
    assert [item.code for item in TA.items if applies(item, facts)] == ["TA1", "TA2"]


def test_voicemail_asks_vm1_to_vm5_and_vm7():
    assert asked(TA, voicemail()) == []
    assert asked(VM, voicemail()) == ["VM1", "VM2", "VM3", "VM4", "VM5", "VM7"]


@pytest.mark.parametrize(("away", "expected"), [(Away.YES, True), (Away.NO, False),
                                                (Away.UNKNOWN, False)])
def test_vm6_only_when_the_officer_was_away(away, expected):
    assert applies(VM.item("VM6"), voicemail(officer_away=away)) is expected


def test_vm6_needs_voicemail_as_well():
    assert not applies(VM.item("VM6"), call(officer_away=Away.YES))


def test_vm8_and_vm9_apply_but_are_never_asked():
    facts = called_back()
    assert applies(VM.item("VM8"), facts)
    assert applies(VM.item("VM9"), facts)
    assert "VM8" not in asked(VM, facts)
    assert not applies(VM.item("VM8"), voicemail())
    assert not applies(VM.item("VM9"), voicemail(message_left_at=CALLED))


def test_vm10_when_the_callback_reached_an_answering_machine():
    assert asked(VM, called_back(callback_answering_machine=True))[-1] == "VM10"
    assert "VM10" not in asked(VM, called_back())


def test_reception_asks_rc3_to_rc10_but_rc8_only_at_a_family_reception():
    assert asked(RC, visit()) == ["RC3", "RC4", "RC5", "RC6", "RC7", "RC9", "RC10"]
    assert asked(RC, visit(family=True)) == [f"RC{n}" for n in range(3, 11)]


def test_nothing_is_asked_across_channels():
    assert asked(RC, call()) == []
    assert asked(TA, visit()) == []


def test_all_answered_gives_no_errors():
    answers = {"TA3": Answer.MET, "TA4": Answer.NOT_MET, "TA5": Answer.MET, "TA6": Answer.MET}
    assert answer_errors(SHIPPED_STANDARDS, call(), answers) == []


def test_answer_given_for_an_item_that_does_not_apply():
    answers = {"VM1": Answer.MET, "VM2": Answer.MET, "VM3": Answer.MET, "VM4": Answer.MET,
               "VM5": Answer.MET, "VM6": Answer.MET, "VM7": Answer.MET}
    assert answer_errors(SHIPPED_STANDARDS, voicemail(officer_away=Away.NO), answers) == [
        AnswerError("VM6", "VM6: leave blank — it applies only when the officer was away that "
                    "day (officer_away is no)")]


def test_missing_answer_names_the_deciding_fact():
    errors = answer_errors(SHIPPED_STANDARDS, call(), {"TA4": "met", "TA5": "met", "TA6": "met"})
    assert errors == [AnswerError("TA3", "TA3: answer met or not met — it applies because the "
                                  "call was answered by a person (outcome is person)")]


def test_na_is_not_an_answer_to_an_asked_item():
    answers = {"TA3": Answer.NA, "TA4": None, "TA5": "maybe", "TA6": Answer.MET}
    assert [error.item_code for error in answer_errors(SHIPPED_STANDARDS, call(), answers)] == [
        "TA3", "TA4", "TA5"]


def test_na_counts_as_blank_for_items_not_asked():
    answers = {"TA3": "met", "TA4": "met", "TA5": "met", "TA6": "met", "TA7": Answer.NA,
               "TA1": Answer.NA, "VM1": Answer.NA, "RC3": Answer.NA}
    assert answer_errors(SHIPPED_STANDARDS, call(), answers) == []


def test_derived_items_are_never_answered():
    answers = {"TA1": Answer.MET, "TA3": "met", "TA4": "met", "TA5": "met", "TA6": "met"}
    assert answer_errors(SHIPPED_STANDARDS, call(), answers) == [
        AnswerError("TA1", "TA1: leave blank — it is worked out from rings")]


def test_derived_item_named_with_its_facts():
    answers = {"RC1": "met", **{f"RC{n}": "met" for n in (3, 4, 5, 6, 7, 9, 10)}}
    assert answer_errors(SHIPPED_STANDARDS, visit(), answers)[0].message == (
        "RC1: leave blank — it is worked out from acknowledged_minutes")


def test_items_of_the_other_channel():
    answers = {"TA3": "met", "TA4": "met", "TA5": "met", "TA6": "met", "RC3": "met"}
    assert answer_errors(SHIPPED_STANDARDS, call(), answers) == [
        AnswerError("RC3", "RC3: leave blank — Reception is for visits, not calls")]


def test_unknown_item_code():
    answers = {"TA3": "met", "TA4": "met", "TA5": "met", "TA6": "met", "ZZ9": "met"}
    assert answer_errors(SHIPPED_STANDARDS, call(), answers) == [AnswerError(
        "ZZ9", "ZZ9: leave blank — there is no item ZZ9 in the standards in force")]


@pytest.mark.parametrize(("facts", "code", "message"), [
    (call(), "TA7", "TA7: leave blank — it applies only when the call was held or transferred "
     "(held_or_transferred is no)"),
    (call(), "VM1", "VM1: leave blank — it applies only when the call reached voicemail "
     "(outcome is person)"),
    (call(officer_away=Away.YES), "VM6", "VM6: leave blank — it applies only when the call "
     "reached voicemail and the officer was away that day (outcome is person)"),
    (called_back(), "VM10", "VM10: leave blank — it applies only when the callback reached your "
     "answering machine (callback_answering_machine is no)"),
    (voicemail(), "VM10", "VM10: leave blank — it applies only when the callback reached your "
     "answering machine (callback_at is blank)"),
    (visit(), "RC8", "RC8: leave blank — it applies only when the reception is a family "
     "reception (family_reception is no)"),
])
def test_message_for_an_item_that_does_not_apply(facts, code, message):
    errors = answer_errors(SHIPPED_STANDARDS, facts, {code: Answer.NOT_MET})
    assert AnswerError(code, message) in errors


@pytest.mark.parametrize(("facts", "code", "message"), [
    (voicemail(held_or_transferred=True), "TA7", "TA7: answer met or not met — it applies "
     "because the call was held or transferred (held_or_transferred is yes)"),
    (voicemail(officer_away=Away.YES), "VM6", "VM6: answer met or not met — it applies because "
     "the officer was away that day (officer_away is yes)"),
    (called_back(callback_answering_machine=True), "VM10", "VM10: answer met or not met — it "
     "applies because the callback reached your answering machine "
     "(callback_answering_machine is yes)"),
    (visit(), "RC3", "RC3: answer met or not met — it applies to every visit"),
    (visit(family=True), "RC8", "RC8: answer met or not met — it applies because the reception "
     "is a family reception (family_reception is yes)"),
])
def test_message_for_an_item_left_blank(facts, code, message):
    assert AnswerError(code, message) in answer_errors(SHIPPED_STANDARDS, facts, {})


def test_a_message_left_means_one_could_be_left():
    assert implied_answers(voicemail(message_left_at=CALLED)) == {"VM7": Answer.MET}
    assert implied_answers(voicemail()) == {}


def test_a_shop_cannot_say_a_message_was_left_and_could_not_be():
    answers = dict.fromkeys(("VM1", "VM2", "VM3", "VM4", "VM5"), Answer.MET)
    left = voicemail(message_left_at=CALLED)
    assert answer_errors([VM], left, {**answers, "VM7": Answer.MET}) == []
    assert answer_errors([VM], left, {**answers, "VM7": Answer.NOT_MET}) == [AnswerError(
        "VM7", "VM7: answer met, or leave message_left_at blank — you said you left a message "
               "(message_left_at is set), so VM7 cannot be not_met")]
    # Without a message, a mailbox that was full and one the shopper chose not to use both stand.
    for answer in (Answer.MET, Answer.NOT_MET):
        assert answer_errors([VM], voicemail(), {**answers, "VM7": answer}) == []
