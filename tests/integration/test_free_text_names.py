"""Dispute and decision reasons may name officers: like notes, only coordinators and the block's
team lead read them."""

from datetime import UTC, datetime

from shopper.domain.states import DisputeStatus
from shopper.extensions import db
from shopper.models import Dispute
from tests.conftest import parse
from tests.integration import test_actions as shared

council, as_user = shared.council, shared.as_user
REASON = "Grace Jones was on approved leave"
DECISION = "Leave confirmed by Grace Jones's manager"


def test_dispute_reasons_are_for_the_coordinator_and_the_blocks_team_lead(council, as_user):
    shop = council.add_shop(council.planning, line=council.planning_line)
    db.session.add(Dispute(shop_id=shop, raised_by_id=council.users["lead.planning"],
                           reason=REASON, status=DisputeStatus.REJECTED,
                           decision_reason=DECISION,
                           decided_by_id=council.users["coordinator"],
                           decided_at=datetime.now(UTC)))
    db.session.commit()
    for reader in ("coordinator", "lead.planning"):
        page = parse(as_user(reader).get(f"/disputes/shops/{shop}"))
        assert REASON in page.text and DECISION in page.text, reader
    page = parse(as_user("assessor").get(f"/disputes/shops/{shop}"))
    assert "Grace Jones" not in page.text
    assert "Rejected" in page.text
