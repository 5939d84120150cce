from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from shopper.domain import (
    LONDON,
    SHIPPED_STANDARDS,
    Answer,
    Away,
    CallFacts,
    Channel,
    Condition,
    ItemSpec,
    Nation,
    Outcome,
    Settings,
    StandardSpec,
    WorkingCalendar,
    answer_errors,
    asked_items,
    assess_shop,
    callback_deadline,
    fact_errors,
    format_percentage,
    implied_answers,
    score_standard,
)
from shopper.domain.report import round_rate

PASS_MARK = Fraction(4, 5)


@st.composite
def standards(draw, min_weight: int = 0) -> StandardSpec:
    size = draw(st.integers(min_value=1, max_value=12))
    items = tuple(
        ItemSpec(f"X{n}", "Question?", "", Condition.ALWAYS,
                 weight=Fraction(draw(st.integers(min_weight, 5)), draw(st.integers(1, 4))),
                 critical=draw(st.booleans()))
        for n in range(size))
    return StandardSpec("X", "Example", Channel.CALL, items)


def answer_sets(standard: StandardSpec):
    codes = [item.code for item in standard.items]
    return st.dictionaries(st.sampled_from(codes), st.sampled_from(list(Answer)))


@given(st.data())
def test_score_is_between_0_and_1(data):
    standard = data.draw(standards())
    answers = data.draw(answer_sets(standard))
    score = score_standard(standard, answers, PASS_MARK)
    if score.score is None:
        assert score.passed is None
    else:
        assert 0 <= score.score <= 1
        assert score.passed == (not score.critical_failures and score.score >= PASS_MARK)


@given(st.data())
def test_an_na_answer_never_changes_a_score(data):
    standard = data.draw(standards())
    answers = data.draw(answer_sets(standard))
    unanswered = [item.code for item in standard.items if item.code not in answers]
    assume(unanswered)
    code = data.draw(st.sampled_from(unanswered))
    before = score_standard(standard, answers, PASS_MARK)
    after = score_standard(standard, {**answers, code: Answer.NA, "Y1": Answer.NA}, PASS_MARK)
    assert after == before


@given(st.data())
def test_a_critical_item_not_met_always_fails(data):
    standard = data.draw(standards(min_weight=1))
    critical = [item.code for item in standard.items if item.critical]
    assume(critical)
    answers = data.draw(answer_sets(standard))
    answers[data.draw(st.sampled_from(critical))] = Answer.NOT_MET
    assert score_standard(standard, answers, PASS_MARK).passed is False


@given(st.fractions(min_value=0, max_value=1, max_denominator=10**6))
def test_format_percentage_matches_decimal_rounding(fraction):
    with localcontext() as context:
        context.prec = 60
        exact = Decimal(fraction.numerator) * 100 / Decimal(fraction.denominator)
        expected = exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert format_percentage(fraction) == f"{expected}%"


@given(st.fractions(min_value=0, max_value=1, max_denominator=10**6))
def test_report_rates_are_rounded_half_up_to_4_decimals(fraction):
    with localcontext() as context:
        context.prec = 60
        exact = Decimal(fraction.numerator) / Decimal(fraction.denominator)
        expected = exact.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    assert round_rate(fraction) == float(expected)


@given(st.dates(date(2020, 1, 1), date(2030, 12, 31)), st.sampled_from(list(Nation)),
       st.integers(1, 4), st.integers(0, 23 * 60 + 59))
def test_deadline_is_close_of_business_n_working_days_later(day, nation, days, minute):
    calendar = WorkingCalendar(nation, working_days=days)
    left = datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=LONDON)
    deadline = callback_deadline(left, calendar)
    assert deadline.timetz().replace(tzinfo=None) == calendar.close_of_business
    assert calendar.is_working_day(deadline.date())
    between = [day + timedelta(days=n) for n in range(1, (deadline.date() - day).days + 1)]
    assert sum(calendar.is_working_day(d) for d in between) == days


@st.composite
def call_facts(draw) -> CallFacts:
    called = draw(st.datetimes(datetime(2025, 1, 1), datetime(2026, 12, 31),
                               timezones=st.just(UTC)))
    outcome = draw(st.sampled_from(list(Outcome)))
    rings = None if outcome is Outcome.ENGAGED else draw(st.integers(0, 20))
    left = callback = None
    if outcome is Outcome.VOICEMAIL and draw(st.booleans()):
        left = called + timedelta(minutes=draw(st.integers(0, 5)))
        if draw(st.booleans()):
            callback = left + timedelta(minutes=draw(st.integers(0, 10 * 24 * 60)))
    return CallFacts(
        occurred_at=called, outcome=outcome, rings=rings,
        held_or_transferred=draw(st.booleans()), officer_away=draw(st.sampled_from(list(Away))),
        message_left_at=left, callback_at=callback,
        callback_never=left is not None and callback is None and draw(st.booleans()),
        callback_withheld=draw(st.booleans()) if callback else None,
        callback_answering_machine=draw(st.booleans()) if callback else None,
    )


@given(call_facts(), st.data())
def test_answering_every_asked_item_is_valid_and_scores(facts, data):
    now = datetime(2027, 6, 1, tzinfo=UTC)
    assert fact_errors(facts, now) == []
    asked = {item.code: data.draw(st.sampled_from([Answer.MET, Answer.NOT_MET]))
             for standard in SHIPPED_STANDARDS for item in asked_items(standard, facts)}
    asked.update(implied_answers(facts))
    assert answer_errors(SHIPPED_STANDARDS, facts, asked) == []
    shop = assess_shop(SHIPPED_STANDARDS, facts, asked, Settings(), now)
    assert set(shop.answers) == {f"TA{n}" for n in range(1, 8)} | {f"VM{n}" for n in range(1, 11)}
    assert "TA" in shop.scores
    assert all(0 <= score.score <= 1 for score in shop.scores.values())
    assert ("VM" in shop.scores) == (facts.outcome is Outcome.VOICEMAIL)
    assert not shop.awaiting_callback
