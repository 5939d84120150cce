"""The rules in docs/ as plain Python: no Flask, no database, dataclasses in and out."""

from shopper.domain.applicability import (
    AnswerError,
    answer_errors,
    applicable_items,
    applies,
    asked_items,
    conditions_holding,
    implied_answers,
)
from shopper.domain.deadlines import (
    LONDON,
    WorkingCalendar,
    callback_deadline,
    callback_state,
    local_date,
)
from shopper.domain.derived import derive_answers
from shopper.domain.enums import (
    Answer,
    Away,
    CallbackState,
    Channel,
    Condition,
    Nation,
    Outcome,
    Rating,
)
from shopper.domain.facts import CallFacts, FactError, Facts, VisitFacts, fact_errors
from shopper.domain.ratings import (
    PassFigures,
    overall_rating,
    previous_period,
    rate,
    wilson_interval,
)
from shopper.domain.scoring import (
    ShopAssessment,
    StandardScore,
    assess_shop,
    describe_result,
    format_percentage,
    score_standard,
)
from shopper.domain.settings import SETTING_LABELS, SettingError, Settings, setting_errors
from shopper.domain.standards import (
    CSE_ELEMENTS,
    CSE_NUMBERING_NOTE,
    SHIPPED_STANDARDS,
    ItemSpec,
    StandardSpec,
    index_items,
)

__all__ = [
    "CSE_ELEMENTS", "CSE_NUMBERING_NOTE", "LONDON", "SETTING_LABELS", "SHIPPED_STANDARDS",
    "Answer", "AnswerError", "Away", "CallFacts", "CallbackState", "Channel", "Condition",
    "FactError", "Facts", "ItemSpec", "Nation", "Outcome", "PassFigures", "Rating",
    "SettingError", "Settings", "ShopAssessment", "StandardScore", "StandardSpec", "VisitFacts",
    "WorkingCalendar", "answer_errors", "applicable_items", "applies", "asked_items",
    "assess_shop", "callback_deadline", "callback_state", "conditions_holding", "derive_answers",
    "implied_answers",
    "describe_result", "fact_errors", "format_percentage", "index_items", "local_date",
    "overall_rating", "previous_period", "rate", "score_standard", "setting_errors",
    "wilson_interval",
]
