"""The councils' headline: how many blocks are fully compliant, partially compliant and so on.

Counted from the blocks' overall ratings (SPEC section 5), so it moves only when they do. A
block "with an action plan" is one with an action not yet done.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from shopper.domain.enums import Rating


@dataclass(frozen=True)
class BlockStanding:
    overall: str
    has_open_action: bool


@dataclass(frozen=True)
class Headline:
    blocks: int
    compliant: int
    partially: tuple[int, int]  # blocks, and how many of them have an action plan
    non_compliant: tuple[int, int]
    insufficient: int

    @property
    def sentence(self) -> str:
        noun = "service block" if self.blocks == 1 else "service blocks"
        parts = [f"{self.compliant} of {self.blocks} {noun} fully compliant"]
        for words, (count, planned) in (("partially compliant", self.partially),
                                         ("non-compliant", self.non_compliant)):
            if count:
                parts.append(f"{count} {words}{_plans(count, planned)}")
        if self.insufficient:
            parts.append(f"{self.insufficient} without enough shops for a rating")
        return "; ".join(parts) + "."


def headline(standings: Iterable[BlockStanding]) -> Headline:
    standings = list(standings)

    def counted(rating: Rating) -> tuple[int, int]:
        rated = [s for s in standings if s.overall == rating]
        return len(rated), sum(s.has_open_action for s in rated)

    return Headline(len(standings), counted(Rating.COMPLIANT)[0],
                    counted(Rating.PARTIALLY_COMPLIANT), counted(Rating.NON_COMPLIANT),
                    counted(Rating.INSUFFICIENT_EVIDENCE)[0])


def _plans(count: int, planned: int) -> str:
    if planned == count:
        return ", with an action plan" if count == 1 else ", with action plans"
    if planned == 0:
        return ", none yet with an action plan" if count > 1 else ", not yet with an action plan"
    return f", {planned} of them with an action plan"
