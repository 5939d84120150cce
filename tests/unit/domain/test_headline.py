"""The councils' headline sentence, counted from blocks' overall ratings."""

import pytest

from shopper.domain.headline import BlockStanding, headline

C, P, N, U = "compliant", "partially compliant", "non-compliant", "insufficient evidence"


@pytest.mark.parametrize(("standings", "sentence"), [
    ([(C, False)] * 9 + [(P, True)] * 4,
     "9 of 13 service blocks fully compliant; 4 partially compliant, with action plans."),
    ([(C, True), (P, False)],
     "1 of 2 service blocks fully compliant; 1 partially compliant, not yet with an action plan."),
    ([(P, False), (P, False), (N, True), (U, True)],
     "0 of 4 service blocks fully compliant; 2 partially compliant, none yet with an action "
     "plan; 1 non-compliant, with an action plan; 1 without enough shops for a rating."),
    ([(N, True), (N, False), (N, True)],
     "0 of 3 service blocks fully compliant; 3 non-compliant, 2 of them with an action plan."),
    ([], "0 of 0 service blocks fully compliant."),
])
def test_the_headline_counts_blocks_by_overall_rating(standings, sentence):
    assert headline(BlockStanding(*s) for s in standings).sentence == sentence
