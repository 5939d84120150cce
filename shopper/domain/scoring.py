"""Scoring one shop against its standards, and saying the result in plain English."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from shopper.domain.applicability import applicable_items
from shopper.domain.deadlines import WorkingCalendar, callback_deadline, callback_state
from shopper.domain.derived import derive_answers
from shopper.domain.enums import Answer, CallbackState
from shopper.domain.facts import CallFacts, Facts
from shopper.domain.settings import Settings
from shopper.domain.standards import ItemSpec, StandardSpec


def format_percentage(fraction: Fraction) -> str:
    """A fraction as a percentage to one decimal place, rounding halves up, like "87.5%"."""
    exact = Fraction(fraction)
    # Rounded on the exact fraction, in whole numbers: floor(|n/d| * 1000 + 1/2). A float or
    # a finite Decimal could land on the wrong side.
    magnitude = (2000 * abs(exact.numerator) + exact.denominator) // (2 * exact.denominator)
    sign = "-" if exact < 0 and magnitude else ""
    return f"{sign}{magnitude // 10}.{magnitude % 10}%"


@dataclass(frozen=True)
class StandardScore:
    """One shop's score against one standard."""

    standard_code: str
    met_weight: Fraction
    applicable_weight: Fraction
    passed: bool | None
    not_met: tuple[str, ...]
    critical_failures: tuple[str, ...]

    @property
    def score(self) -> Fraction | None:
        """Met weight over applicable weight; None when nothing applied."""
        if self.applicable_weight == 0:
            return None
        return self.met_weight / self.applicable_weight

    @property
    def percentage(self) -> str | None:
        """The score as shown, like "87.5%"; None when nothing applied."""
        score = self.score
        return None if score is None else format_percentage(score)


# Scores remembered per standard (held on the standard itself, so they go with it) for so
# many combinations of its answers and pass mark at most: imports score the same few often.
SCORES_REMEMBERED = 4096


def score_standard(standard: StandardSpec, answers: Mapping[str, Answer],
                   pass_mark: Fraction) -> StandardScore:
    """Score the answers to one standard; a pass needs every critical item met and the mark."""
    remembered = standard.__dict__.get("_scores")
    if remembered is None:
        remembered = {}
        object.__setattr__(standard, "_scores", remembered)  # a cache, not one of its fields
    key = (pass_mark, *(answers.get(item.code) for item in standard.items))
    score = remembered.get(key)
    if score is None:
        if len(remembered) >= SCORES_REMEMBERED:
            remembered.clear()
        score = remembered[key] = _score(standard, answers, pass_mark)
    return score


def _score(standard: StandardSpec, answers: Mapping[str, Answer],
           pass_mark: Fraction) -> StandardScore:
    met_weight = applicable_weight = Fraction(0)
    not_met: list[str] = []
    critical_failures: list[str] = []
    for item in standard.items:
        answer = answers.get(item.code)
        if answer == Answer.MET:
            met_weight += item.weight
        elif answer == Answer.NOT_MET:
            not_met.append(item.code)
            if item.critical:
                critical_failures.append(item.code)
        else:
            continue
        applicable_weight += item.weight
    passed = None
    if applicable_weight > 0:
        passed = not critical_failures and met_weight / applicable_weight >= pass_mark
    return StandardScore(standard.code, met_weight, applicable_weight, passed, tuple(not_met),
                         tuple(critical_failures))


@dataclass(frozen=True)
class ShopAssessment:
    """Everything a shop's facts and answers add up to."""

    answers: dict[str, Answer]
    scores: dict[str, StandardScore]
    callback_state: CallbackState
    callback_deadline: datetime | None

    @property
    def awaiting_callback(self) -> bool:
        """True while a message left is unanswered and its deadline has not passed."""
        return self.callback_state is CallbackState.AWAITING


def assess_shop(standards: Sequence[StandardSpec], facts: Facts, asked: Mapping[str, Answer],
                settings: Settings, now: datetime) -> ShopAssessment:
    """Answers for every item of the channel's standards, their scores and the callback's state.

    Expects answers that passed answer_errors; an asked item left without met or not met is
    treated as n/a, so a draft can be previewed.
    """
    standards = [standard for standard in standards if standard.channel == facts.channel]
    derived = derive_answers(facts, settings, now)
    answers: dict[str, Answer] = {}
    for standard in standards:
        applicable = {item.code for item in applicable_items(standard, facts)}
        for item in standard.items:
            source = derived if item.derived else asked
            answers[item.code] = _answer(source.get(item.code), item.code in applicable)
    scores = {}
    for standard in standards:
        score = score_standard(standard, answers, settings.pass_mark)
        if score.applicable_weight > 0:
            scores[standard.code] = score
    state, deadline = CallbackState.NOT_APPLICABLE, None
    if isinstance(facts, CallFacts) and facts.message_left_at is not None:
        calendar = WorkingCalendar.from_settings(settings)
        state = callback_state(facts, calendar, now)
        deadline = callback_deadline(facts.message_left_at, calendar)
    return ShopAssessment(answers, scores, state, deadline)


def _answer(value: Answer | None, applicable: bool) -> Answer:
    if applicable and value in (Answer.MET, Answer.NOT_MET):
        return Answer(value)
    return Answer.NA


def describe_result(standard: StandardSpec, score: StandardScore) -> str:
    """One shop's result against a standard in a sentence, naming what was missing."""
    if score.percentage is None:
        return f"{standard.name}: no score — none of its items applied to this shop."
    verdict = "meets the standard" if score.passed else "does not meet the standard"
    sentence = f"{standard.name}: {score.percentage} — {verdict}."
    if not score.not_met:
        return sentence
    items = {item.code: item for item in standard.items}
    missing = [_missing(items[code], code in score.critical_failures) if code in items else code
               for code in score.not_met]
    # Semicolons, because phrases like "service standards, opening hours and …" hold commas.
    return f"{sentence} Missing: {'; '.join(missing)}."


def _missing(item: ItemSpec, critical: bool) -> str:
    phrase = item.missing_phrase or f"{item.code} ({item.question})"
    return f"{phrase} (critical)" if critical else phrase

