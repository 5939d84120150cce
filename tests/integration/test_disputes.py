"""Disputes, verification and the shop page reviewers see."""

from datetime import UTC, date, datetime, timedelta

import pytest

from shopper.domain.states import DisputeStatus, ShopStatus
from shopper.extensions import db
from shopper.models import AuditEvent, Dispute, Shop
from shopper.services.review.reports import compliance_report
from tests.conftest import parse
from tests.integration import test_actions as shared
from tests.integration.test_actions import errors, summary

# The same small council and sign-in helper as the action tests.
council, as_user = shared.council, shared.as_user

DISPUTE = {"reason": "wrong_number", "other_reason": ""}


def counted(block: str, code: str = "VM") -> int:
    """The shops the compliance report counts for a block and standard this year."""
    today = date.today()
    report = compliance_report(today - timedelta(days=365), today, datetime.now(UTC))
    [found] = [b for b in report["blocks"] if b["service_block"] == block]
    [standard] = [s for s in found["standards"] if s["code"] == code]
    return standard["n"]


def events(entity: str) -> list[tuple[str, dict | None, dict | None, int | None]]:
    return [(e.action, e.before, e.after, e.user_id) for e in db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.entity == entity).order_by(AuditEvent.id))]


def open_dispute(council, shop: int, reason: str = "The shopper rang the wrong number") -> int:
    dispute = Dispute(shop_id=shop, raised_by_id=council.users["lead.housing"], reason=reason,
                      status=DisputeStatus.OPEN)
    db.session.add(dispute)
    db.session.commit()
    return dispute.id


# -- The shop page ------------------------------------------------------------------------

def test_shop_page_shows_facts_every_answer_and_the_result(council, as_user):
    shop = council.add_shop(council.planning, line=council.planning_line, not_met=("VM4",),
                            notes="Greeting was cut short")
    page = parse(as_user("coordinator").get(f"/disputes/shops/{shop}"))
    assert page.h1.text == f"Shop {shop}"
    facts = summary(page)
    assert facts["Status"] == "Submitted"
    assert facts["Line"] == "0113 496 0002 (Individual handset, Grace Jones)"
    assert facts["What happened"] == "Voicemail"
    assert facts["Rings before answer"] == "3"
    assert facts["Shopper"] == "Cllr Alun Jones"
    assert facts["Shopper's notes"] == "Greeting was cut short"
    captions = [" ".join(c.text.split()) for c in page.select("table caption")]
    assert captions == ["Telephone answering: 100.0%, passed", "Voicemail: 83.3%, passed"]
    voicemail = page.select("table")[1]
    answers = {row.th.strong.text: (row.th.text.strip(), row.td.text.strip())
               for row in voicemail.select("tbody tr")}
    assert answers["VM4"] == ("VM4 Did the greeting give the extension or a direct number?",
                              "Not met")
    assert answers["VM1"][1] == "Met"
    assert answers["VM6"][1] == "Not applicable"
    buttons = [b.text.strip() for b in page.select(".govuk-button")]
    assert buttons == ["Verify shop", "Dispute this shop", "Raise an action"]
    assert page.find("a", string="Raise an action")["href"] == (
        f"/actions/new?block={council.planning}&shop={shop}")


def test_names_and_notes_only_for_the_coordinator_and_the_blocks_team_lead(council, as_user):
    shop = council.add_shop(council.planning, line=council.planning_line,
                            notes="Greeting was cut short")
    page = parse(as_user("lead.planning").get(f"/disputes/shops/{shop}"))
    assert "Grace Jones" in page.text and "Greeting was cut short" in page.text
    assert "Cllr Alun Jones" not in page.text  # the mystery shopper stays a mystery
    assert [b.text.strip() for b in page.select(".govuk-button")] == [
        "Dispute this shop", "Raise an action"]

    page = parse(as_user("assessor").get(f"/disputes/shops/{shop}"))
    assert "Grace Jones" not in page.text and "Greeting was cut short" not in page.text
    assert page.select(".govuk-button") == []
    assert "Voicemail: 100.0%, passed" in page.text


@pytest.mark.parametrize("url", ["/disputes/shops/{shop}", "/disputes/shops/{shop}/dispute"])
def test_other_team_leads_get_not_found(council, as_user, url):
    shop = council.add_shop(council.planning, line=council.planning_line)
    client = as_user("lead.housing")
    assert client.get(url.format(shop=shop)).status_code == 404
    assert client.post(url.format(shop=shop), data=DISPUTE).status_code in (404, 405)
    assert db.session.scalar(db.select(db.func.count()).select_from(Dispute)) == 0


@pytest.mark.parametrize("url", [
    "/disputes/shops/4242", "/disputes/shops/99999999999999999999", "/disputes/shops/abc",
    "/disputes/shops/4242/dispute", "/disputes/4242", "/disputes/99999999999999999999",
])
def test_missing_or_garbage_ids_are_not_found(council, as_user, url):
    assert as_user("coordinator").get(url).status_code == 404


def test_drafts_are_not_shown_and_shoppers_may_not_look(council, as_user):
    draft = council.add_shop(council.housing, line=council.housing_line,
                             status=ShopStatus.DRAFT)
    shop = council.add_shop(council.housing, line=council.housing_line)
    assert as_user("coordinator").get(f"/disputes/shops/{draft}").status_code == 404
    client = as_user("cllr")
    assert client.get(f"/disputes/shops/{shop}").status_code == 403
    assert client.get("/disputes").status_code == 403


# -- Disputes -------------------------------------------------------------------------------

def test_an_upheld_dispute_excludes_the_shop_from_every_figure(council, as_user):
    shop = council.add_shop(council.housing, line=council.housing_line)
    council.add_shop(council.housing, line=council.housing_line)
    before = counted("Housing")
    assert before == 2

    client = as_user("lead.housing")
    page = parse(client.get(f"/disputes/shops/{shop}/dispute"))
    assert page.h1.text.strip() == "Why are you disputing this shop?"
    response = client.post(f"/disputes/shops/{shop}/dispute", data=DISPUTE)
    assert response.status_code == 302
    page = parse(client.get(response.headers["Location"]))
    assert "Dispute sent to the coordinator" in page.text
    assert "Waiting for a decision" in page.text
    assert page.find("a", string="Dispute this shop") is None

    client = as_user("coordinator")
    page = parse(client.get("/disputes"))
    waiting = page.find("caption", string="Waiting for a decision").find_parent("table")
    assert waiting.a.text == f"Shop {shop}"
    assert "The shopper rang the wrong number" in waiting.text
    decide = waiting.find(lambda tag: tag.name == "a" and tag.text.startswith("Decide"))
    page = parse(client.get(decide["href"]))
    assert summary(page)["Reason"] == "The shopper rang the wrong number"
    assert summary(page)["Raised"].endswith("by Hana Housing")
    response = client.post(decide["href"], data={"decision": "uphold",
                                                 "reason": "The number was mistyped"})
    assert response.status_code == 302

    assert counted("Housing") == before - 1
    stored = db.session.get(Shop, shop)
    assert (stored.status, stored.excluded_reason) == (ShopStatus.EXCLUDED,
                                                       "The shopper rang the wrong number")
    page = parse(client.get(f"/disputes/shops/{shop}"))
    assert summary(page)["Status"] == (
        "Excluded Counts in no figure. Reason: The shopper rang the wrong number")
    assert "The number was mistyped" in page.text
    assert page.select(".govuk-button") == [page.find("a", string="Raise an action")]

    coordinator, lead = council.users["coordinator"], council.users["lead.housing"]
    assert events("dispute") == [
        ("raised", None, {"shop": shop, "reason": "The shopper rang the wrong number",
                          "status": "open", "decision_reason": None}, lead),
        ("upheld", {"shop": shop, "reason": "The shopper rang the wrong number",
                    "status": "open", "decision_reason": None},
         {"shop": shop, "reason": "The shopper rang the wrong number", "status": "upheld",
          "decision_reason": "The number was mistyped"}, coordinator)]
    [(action, before_shop, after_shop, who)] = events("shop")
    assert (action, who) == ("excluded", coordinator)
    assert before_shop["status"] == "submitted" and before_shop["excluded_reason"] is None
    assert after_shop == {**before_shop, "status": "excluded",
                          "excluded_reason": "The shopper rang the wrong number"}

    # The team lead sees the decision and its reason.
    page = parse(as_user("lead.housing").get("/disputes"))
    decided = page.find("caption", string="Decided").find_parent("table")
    assert "Upheld" in decided.text and "The number was mistyped" in decided.text
    # An excluded shop cannot be disputed again.
    response = as_user("lead.housing").post(f"/disputes/shops/{shop}/dispute", data=DISPUTE)
    assert response.status_code == 409
    assert "This shop is already excluded from every figure." in parse(response).text


def test_a_rejected_dispute_leaves_the_shop_counted(council, as_user):
    shop = council.add_shop(council.housing, line=council.housing_line)
    before = counted("Housing")
    dispute = open_dispute(council, shop)
    client = as_user("coordinator")
    response = client.post(f"/disputes/{dispute}", data={
        "decision": "reject", "reason": "The directory shows this is your line"})
    assert response.status_code == 302
    assert counted("Housing") == before
    assert db.session.get(Shop, shop).status == ShopStatus.SUBMITTED
    assert events("shop") == []
    assert [e[0] for e in events("dispute")] == ["rejected"]
    page = parse(client.get(f"/disputes/shops/{shop}"))
    assert "Rejected" in page.text
    assert "The directory shows this is your line" in page.text
    # Once rejected, the shop may be disputed again, with new evidence.
    assert page.find("a", string="Dispute this shop") is not None


def test_a_shop_cannot_be_disputed_twice_while_one_is_open(council, as_user):
    shop = council.add_shop(council.housing, line=council.housing_line)
    open_dispute(council, shop)
    client = as_user("lead.housing")
    for response in (client.get(f"/disputes/shops/{shop}/dispute"),
                     client.post(f"/disputes/shops/{shop}/dispute", data=DISPUTE)):
        assert response.status_code == 409
        assert "This shop already has a dispute waiting for a decision." in parse(response).text
    assert db.session.scalar(db.select(db.func.count()).select_from(Dispute)) == 1


def test_dispute_form_says_what_to_do(council, as_user):
    shop = council.add_shop(council.housing, line=council.housing_line)
    client = as_user("lead.housing")
    url = f"/disputes/shops/{shop}/dispute"
    assert errors(parse(client.post(url, data={}))) == ["Select why you are disputing this shop"]
    assert errors(parse(client.post(url, data={"reason": "bribe"}))) == [
        "Select one of the reasons, or another reason"]
    page = parse(client.post(url, data={"reason": "other", "other_reason": " "}))
    assert errors(page) == ["Enter the reason you are disputing this shop"]
    assert page.select_one("input[value=other]").has_attr("checked")
    page = parse(client.post(url, data={"reason": "other", "other_reason": "x" * 2001}))
    assert errors(page) == ["Enter a reason of 2,000 characters or fewer"]
    assert client.post(url, data={"reason": "other", "other_reason": "The officer retired"}
                       ).status_code == 302
    assert db.session.scalar(db.select(Dispute.reason)) == "The officer retired"


def test_decision_form_says_what_to_do_and_a_decision_is_made_once(council, as_user):
    shop = council.add_shop(council.housing, line=council.housing_line)
    dispute = open_dispute(council, shop)
    client = as_user("coordinator")
    page = parse(client.post(f"/disputes/{dispute}", data={"reason": "  "}))
    assert errors(page) == ["Select whether you uphold or reject the dispute",
                            "Enter the reason for your decision"]
    page = parse(client.post(f"/disputes/{dispute}", data={"decision": "maybe",
                                                            "reason": "Typed"}))
    assert errors(page) == ["Select whether you uphold or reject the dispute"]
    assert page.select_one("#reason").text.strip() == "Typed"
    client.post(f"/disputes/{dispute}", data={"decision": "reject", "reason": "No"})
    response = client.post(f"/disputes/{dispute}", data={"decision": "uphold", "reason": "Yes"})
    assert response.status_code == 409
    assert "This dispute has been decided." in parse(response).text
    assert db.session.get(Shop, shop).status == ShopStatus.SUBMITTED


def test_only_the_coordinator_decides(council, as_user):
    shop = council.add_shop(council.housing, line=council.housing_line)
    dispute = open_dispute(council, shop)
    client = as_user("lead.housing")
    assert client.post(f"/disputes/{dispute}", data={"decision": "uphold",
                                                     "reason": "Mine"}).status_code == 403
    assert db.session.get(Dispute, dispute).status == DisputeStatus.OPEN


# -- Verification -----------------------------------------------------------------------------

def test_the_coordinator_verifies_a_submitted_shop(council, as_user):
    shop = council.add_shop(council.housing, line=council.housing_line)
    client = as_user("coordinator")
    page = parse(client.get("/disputes"))
    assert "1 submitted shop is waiting to be verified." in page.text
    page = parse(client.get("/disputes/shops-to-verify"))
    assert [a.text for a in page.select("tbody a")] == [f"Shop {shop}"]

    response = client.post(f"/disputes/shops/{shop}/verify")
    assert response.status_code == 302
    page = parse(client.get(response.headers["Location"]))
    assert f"Shop {shop} verified" in page.text
    assert "There are no shops to verify." in page.text
    stored = db.session.get(Shop, shop)
    assert stored.status == ShopStatus.VERIFIED
    assert stored.verified_by_id == council.users["coordinator"]
    assert abs(stored.verified_at - datetime.now(UTC)) < timedelta(minutes=1)
    [(action, before, after, who)] = events("shop")
    assert (action, before["status"], after["status"], who) == (
        "verified", "submitted", "verified", council.users["coordinator"])
    assert after["verified_by"] == council.users["coordinator"]

    page = parse(client.get(f"/disputes/shops/{shop}"))
    assert summary(page)["Status"].startswith("Verified")
    assert "by Carys Coordinator" in summary(page)["Status"]
    assert page.find("button", string="Verify shop") is None
    response = client.post(f"/disputes/shops/{shop}/verify")
    assert response.status_code == 409
    assert "This shop has already been verified." in parse(response).text
    assert counted("Housing") == 1  # verified shops count as submitted ones do


def test_shops_waiting_for_a_callback_or_a_decision_are_not_verified(council, as_user):
    awaiting = council.add_shop(council.housing, line=council.housing_line, days_ago=0,
                                message_left=True)
    disputed = council.add_shop(council.housing, line=council.housing_line)
    open_dispute(council, disputed)
    client = as_user("coordinator")
    assert "There are no shops to verify." in parse(client.get("/disputes/shops-to-verify")).text
    response = client.post(f"/disputes/shops/{awaiting}/verify")
    assert response.status_code == 409
    assert "waiting for a callback" in parse(response).text
    response = client.post(f"/disputes/shops/{disputed}/verify")
    assert "Decide the open dispute on this shop before verifying it." in parse(response).text
    assert {s.status for s in db.session.scalars(db.select(Shop))} == {ShopStatus.SUBMITTED}
    assert events("shop") == []


def test_only_the_coordinator_verifies(council, as_user):
    shop = council.add_shop(council.housing, line=council.housing_line)
    client = as_user("lead.housing")
    assert client.post(f"/disputes/shops/{shop}/verify").status_code == 403
    assert client.get("/disputes/shops-to-verify").status_code == 403
    assert db.session.get(Shop, shop).status == ShopStatus.SUBMITTED


def test_the_count_to_verify_leaves_out_disputed_and_awaiting_shops(council, as_user):
    council.add_shop(council.housing, line=council.housing_line)
    council.add_shop(council.housing, line=council.housing_line, days_ago=0, message_left=True)
    open_dispute(council, council.add_shop(council.housing, line=council.housing_line))
    page = parse(as_user("coordinator").get("/disputes"))
    assert "1 submitted shop is waiting to be verified." in page.text
