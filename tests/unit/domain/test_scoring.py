from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from shopper.domain import (
    LONDON,
    SHIPPED_STANDARDS,
    Answer,
    Away,
    CallbackState,
    CallFacts,
    Channel,
    Condition,
    ItemSpec,
    Outcome,
    Settings,
    StandardScore,
    StandardSpec,
    VisitFacts,
    assess_shop,
    describe_result,
    format_percentage,
    score_standard,
)

MET, NOT_MET, NA = Answer.MET, Answer.NOT_MET, Answer.NA
TA, VM, RC = SHIPPED_STANDARDS
NOW = datetime(2027, 2, 1, 12, 0, tzinfo=LONDON)


def answers(text: str) -> dict[str, Answer]:
    """Answers written like "VM1=met VM4=not_met"."""
    return {code: Answer(value) for code, value in (pair.split("=") for pair in text.split())}


def worked_example(callback_at: datetime | None) -> CallFacts:
    """EX-1, the worked example of docs/scoring.md: a hunt group's voicemail after 7 rings."""
    return CallFacts(
        occurred_at=datetime(2026, 12, 24, 9, 58, tzinfo=LONDON), outcome=Outcome.VOICEMAIL,
        rings=7, held_or_transferred=False, officer_away=Away.NO,
        message_left_at=datetime(2026, 12, 24, 10, 0, tzinfo=LONDON), callback_at=callback_at,
        callback_withheld=False if callback_at else None,
        callback_answering_machine=False if callback_at else None,
    )


EX1_ASKED = answers("VM1=met VM2=met VM3=met VM4=not_met VM5=met VM7=met")


def test_worked_example_end_to_end():
    facts = worked_example(datetime(2026, 12, 29, 11, 30, tzinfo=LONDON))
    shop = assess_shop(SHIPPED_STANDARDS, facts, EX1_ASKED, Settings(), NOW)
    assert shop.answers == answers(
        "TA1=not_met TA2=met TA3=n/a TA4=n/a TA5=n/a TA6=n/a TA7=n/a VM1=met VM2=met VM3=met "
        "VM4=not_met VM5=met VM6=n/a VM7=met VM8=met VM9=met VM10=n/a")
    assert set(shop.scores) == {"TA", "VM"}
    ta, vm = shop.scores["TA"], shop.scores["VM"]
    assert (ta.score, ta.percentage, ta.passed, ta.not_met) == (
        Fraction(1, 2), "50.0%", False, ("TA1",))
    assert (vm.score, vm.percentage, vm.passed, vm.not_met) == (
        Fraction(7, 8), "87.5%", True, ("VM4",))
    assert shop.callback_state is CallbackState.MET
    assert shop.callback_deadline == datetime(2026, 12, 29, 17, 0, tzinfo=LONDON)
    assert not shop.awaiting_callback


def test_worked_example_results_in_words():
    facts = worked_example(datetime(2026, 12, 29, 11, 30, tzinfo=LONDON))
    shop = assess_shop(SHIPPED_STANDARDS, facts, EX1_ASKED, Settings(), NOW)
    assert describe_result(VM, shop.scores["VM"]) == (
        "Voicemail: 87.5% — meets the standard. Missing: the extension number.")
    assert describe_result(TA, shop.scores["TA"]) == (
        "Telephone answering: 50.0% — does not meet the standard. "
        "Missing: an answer within the ring target.")


def test_worked_example_while_awaiting_the_callback():
    before_deadline = datetime(2026, 12, 29, 9, 0, tzinfo=LONDON)
    shop = assess_shop(SHIPPED_STANDARDS, worked_example(None), EX1_ASKED, Settings(),
                       before_deadline)
    assert shop.awaiting_callback
    assert shop.callback_state is CallbackState.AWAITING
    assert shop.answers["VM8"] is NOT_MET
    assert shop.answers["VM9"] is NA


def test_worked_example_when_the_deadline_passes_without_a_callback():
    shop = assess_shop(SHIPPED_STANDARDS, worked_example(None), EX1_ASKED, Settings(), NOW)
    assert shop.callback_state is CallbackState.NEVER
    vm = shop.scores["VM"]
    assert (vm.percentage, vm.passed, vm.not_met) == ("71.4%", False, ("VM4", "VM8"))


def test_ex2_answered_in_three_rings_held_with_warning_not_resolved():
    facts = CallFacts(
        occurred_at=datetime(2026, 3, 2, 14, 5, tzinfo=UTC), outcome=Outcome.PERSON, rings=3,
        held_or_transferred=True, officer_away=Away.NO)
    asked = answers("TA3=met TA4=met TA5=met TA6=not_met TA7=met")
    shop = assess_shop(SHIPPED_STANDARDS, facts, asked, Settings(), NOW)
    assert set(shop.scores) == {"TA"}
    ta = shop.scores["TA"]
    assert (ta.score, ta.percentage, ta.passed) == (Fraction(6, 7), "85.7%", True)
    assert shop.callback_state is CallbackState.NOT_APPLICABLE
    assert shop.callback_deadline is None
    assert all(shop.answers[f"VM{n}"] is NA for n in range(1, 11))


def test_ex3_family_reception_exactly_at_the_pass_mark():
    facts = VisitFacts(datetime(2026, 6, 15, 11, 20, tzinfo=LONDON), Decimal("1.5"),
                       Decimal(12), family_reception=True)
    asked = answers("RC3=met RC4=met RC5=not_met RC6=met RC7=met RC8=met RC9=met RC10=met")
    shop = assess_shop(SHIPPED_STANDARDS, facts, asked, Settings(), NOW)
    assert set(shop.scores) == {"RC"}
    assert set(shop.answers) == {f"RC{n}" for n in range(1, 11)}
    rc = shop.scores["RC"]
    assert (rc.score, rc.percentage, rc.passed) == (Fraction(4, 5), "80.0%", True)
    assert rc.not_met == ("RC2", "RC5")
    assert describe_result(RC, rc) == (
        "Reception: 80.0% — meets the standard. Missing: being seen within the waiting target; "
        "a name badge or the staff member's name.")


def test_a_critical_failure_fails_whatever_the_score():
    score = score_standard(VM, answers("VM1=met VM2=met VM3=met VM4=met VM5=met VM7=not_met"),
                           Fraction(4, 5))
    assert (score.percentage, score.passed, score.critical_failures) == (
        "83.3%", False, ("VM7",))
    assert describe_result(VM, score) == (
        "Voicemail: 83.3% — does not meet the standard. "
        "Missing: the chance to leave a message (critical).")


def test_pass_mark_is_compared_on_the_exact_fraction():
    # 79.96% shows as 80.0% but is below an 80% pass mark.
    item = ItemSpec("X1", "Question?", "", Condition.ALWAYS, weight=Fraction(1999))
    other = ItemSpec("X2", "Question?", "", Condition.ALWAYS, weight=Fraction(501))
    standard = StandardSpec("X", "Example", Channel.VISIT, (item, other))
    score = score_standard(standard, {"X1": MET, "X2": NOT_MET}, Fraction(4, 5))
    assert score.percentage == "80.0%"
    assert score.passed is False


def test_weights_count():
    items = (ItemSpec("X1", "First?", "", Condition.ALWAYS, weight=Fraction(3)),
             ItemSpec("X2", "Second?", "", Condition.ALWAYS))
    standard = StandardSpec("X", "Example", Channel.CALL, items)
    score = score_standard(standard, {"X1": MET, "X2": NOT_MET}, Fraction(4, 5))
    assert (score.met_weight, score.applicable_weight, score.score) == (3, 4, Fraction(3, 4))


def test_no_applicable_items_no_score():
    score = score_standard(VM, {"VM1": NA}, Fraction(4, 5))
    assert score == StandardScore("VM", Fraction(0), Fraction(0), None, (), ())
    assert score.score is None
    assert score.percentage is None
    assert describe_result(VM, score) == (
        "Voicemail: no score — none of its items applied to this shop.")


def test_full_marks_in_words():
    score = score_standard(TA, answers("TA1=met TA2=met"), Fraction(4, 5))
    assert describe_result(TA, score) == "Telephone answering: 100.0% — meets the standard."


def test_missing_falls_back_to_code_and_question():
    item = ItemSpec("X1", "Was the door open?", "", Condition.ALWAYS)
    standard = StandardSpec("X", "Doors", Channel.VISIT, (item,))
    score = score_standard(standard, {"X1": NOT_MET}, Fraction(4, 5))
    assert describe_result(standard, score) == (
        "Doors: 0.0% — does not meet the standard. Missing: X1 (Was the door open?).")


def test_standards_of_the_other_channel_are_ignored():
    facts = VisitFacts(NOW - timedelta(days=1), Decimal(1), Decimal(2), False)
    shop = assess_shop(SHIPPED_STANDARDS, facts, answers("RC3=met"), Settings(), NOW)
    assert not any(code.startswith(("TA", "VM")) for code in shop.answers)


def test_asked_answer_missing_is_left_out_of_the_score():
    facts = VisitFacts(NOW - timedelta(days=1), Decimal(1), Decimal(2), False)
    shop = assess_shop(SHIPPED_STANDARDS, facts, answers("RC3=not_met"), Settings(), NOW)
    assert shop.answers["RC4"] is NA
    assert shop.scores["RC"].applicable_weight == 3


def test_answers_for_items_that_do_not_apply_are_ignored():
    facts = VisitFacts(NOW - timedelta(days=1), Decimal(1), Decimal(2), False)
    shop = assess_shop(SHIPPED_STANDARDS, facts, answers("RC8=not_met"), Settings(), NOW)
    assert shop.answers["RC8"] is NA


@pytest.mark.parametrize(("fraction", "text"), [
    (Fraction(1, 3), "33.3%"),
    (Fraction(2, 3), "66.7%"),
    (Fraction(1, 8), "12.5%"),
    (Fraction(1, 16), "6.3%"),
    (Fraction(1, 80), "1.3%"),
    (Fraction(7, 8), "87.5%"),
    (Fraction(6, 7), "85.7%"),
    (Fraction(0), "0.0%"),
    (Fraction(1), "100.0%"),
    (Fraction(1235, 10000), "12.4%"),
    (Fraction(12349999999, 10**11), "12.3%"),
    (Fraction(1, 2000), "0.1%"),
    (Fraction(1, 2001), "0.0%"),
])
def test_format_percentage_rounds_half_up(fraction, text):
    assert format_percentage(fraction) == text
