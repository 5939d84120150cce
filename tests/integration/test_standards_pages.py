"""Standards in the app: versions seen, a draft edited and published from a date; CSE elements."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from shopper.domain.deadlines import LONDON
from shopper.domain.enums import Channel
from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import AuditEvent, CseElement, Item, Shop, StandardVersion
from shopper.services.standards import load_catalogue
from tests.conftest import parse
from tests.integration.test_import_shops import cli, council, example, shops_csv  # noqa: F401

LONDON_TODAY = datetime.now(LONDON).date()


@pytest.fixture
def coordinator(make_user, sign_in):
    make_user("coordinator@example.org", Role.COORDINATOR)
    sign_in("coordinator@example.org")


def versions(code: str) -> list[tuple[int, str]]:
    return [(v.version, str(v.status)) for v in db.session.scalars(
        sa.select(StandardVersion).join(StandardVersion.standard)
        .where(sa.text("standards.code = :code")).params(code=code)
        .order_by(StandardVersion.version))]


def edit_item(client, number: int, code: str, **values):
    data = {"question": "Was your enquiry resolved, or were you correctly redirected?",
            "guidance": "", "weight": "1", "critical": "no", "cse_elements": ["3.2.1"],
            **values}
    return client.post(f"/standards/TA/versions/{number}/items/{code}", data=data)


def publish(client, number: int, day):
    return client.post(f"/standards/TA/versions/{number}/publish", data={
        "applies_from": [str(day.day), str(day.month), str(day.year)]})


def score(shop: Shop) -> tuple[int, str, str]:
    [result] = [r for r in shop.results if r.standard_version.standard.code == "TA"]
    return (result.standard_version.version, f"{result.met_weight:.0f}",
            f"{result.applicable_weight:.0f}")


def test_a_published_standard_applies_from_its_date_and_an_older_shop_keeps_its_figure(
        client, coordinator, cli, council, tmp_path):  # noqa: F811
    path = tmp_path / "shops.csv"
    path.write_text(shops_csv(example("EX-2")), encoding="utf-8")
    assert cli("import-shops", str(path)).exit_code == 0
    older = db.session.scalar(sa.select(Shop).filter_by(ref="EX-2"))
    assert score(older) == (1, "6", "7")  # TA6 not met, of 7 items

    client.post("/standards/TA/draft")
    assert versions("TA") == [(1, "published"), (2, "draft")]
    edit_item(client, 2, "TA6", weight="3")
    page = parse(client.get("/standards/TA/versions/2"))
    assert page.select_one("#item-TA6 td:nth-of-type(2)").text == "3"
    assert page.select_one("#item-TA6").text.count("Change") == 1
    assert publish(client, 2, LONDON_TODAY + timedelta(days=1)).status_code == 302

    tomorrow = datetime.now(UTC) + timedelta(days=2)
    catalogue = load_catalogue()
    assert {v.spec.code: v.spec.version for v in catalogue.in_force(
        Channel.CALL, tomorrow)}["TA"] == 2
    assert {v.spec.code: v.spec.version for v in catalogue.current()}["TA"] == 1
    path.write_text(shops_csv(example("EX-2", ref="EX-9", occurred_at=tomorrow.isoformat(
        timespec="seconds"))), encoding="utf-8")
    assert cli("import-shops", str(path)).exit_code == 0
    db.session.expire_all()
    newer = db.session.scalar(sa.select(Shop).filter_by(ref="EX-9"))
    assert score(newer) == (2, "6", "9")
    assert score(db.session.scalar(sa.select(Shop).filter_by(ref="EX-2"))) == (1, "6", "7")
    events = db.session.scalars(sa.select(AuditEvent.action).filter_by(
        entity="standard_version")).all()
    assert events == ["drafted", "published"]


def test_a_published_version_cannot_be_changed(client, coordinator):
    before = db.session.scalar(sa.select(Item.weight).filter_by(code="TA6"))

    assert edit_item(client, 1, "TA6", weight="5").status_code == 403
    assert client.get("/standards/TA/versions/1/items/TA6").status_code == 403
    assert db.session.scalar(sa.select(Item.weight).filter_by(code="TA6")) == before


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"weight": "heavy"}, "weight", "Enter the weight as a number"),
    ({"weight": "1e9999999"}, "weight", "Enter a weight from 0 to 100"),
    ({"weight": "-1"}, "weight", "Enter a weight from 0 to 100"),
    ({"weight": "NaN"}, "weight", "Enter a weight from 0 to 100"),
    ({"question": ""}, "question", "Enter the question the shopper answers"),
    ({"question": "Tab\tinside"}, "question", "without tabs"),
    ({"cse_elements": ["9.9.9"]}, "cse_elements", "'9.9.9' is not one"),
    ({"cse_elements": ["5.2\x003"]}, "cse_elements", "is not one"),
])
def test_a_bad_item_is_refused_naming_the_field_and_nothing_changes(
        client, coordinator, values, field, message):
    client.post("/standards/TA/draft")
    events = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))

    response = edit_item(client, 2, "TA6", **values)

    assert response.status_code == 200
    page = parse(response)
    summary = page.select_one(".govuk-error-summary")
    assert message in summary.text, summary.text
    assert page.title.text.startswith("Error: Change TA6")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == events


def test_a_date_before_today_is_refused_and_the_draft_stays_a_draft(client, coordinator):
    client.post("/standards/TA/draft")

    page = parse(publish(client, 2, LONDON_TODAY - timedelta(days=30)))

    assert "Enter a date from" in page.select_one(".govuk-error-summary").text
    assert versions("TA") == [(1, "published"), (2, "draft")]


def test_a_draft_can_be_discarded(client, coordinator):
    client.post("/standards/TA/draft")

    client.post("/standards/TA/versions/2/discard")

    assert versions("TA") == [(1, "published")]


def test_the_cse_element_list_says_to_check_the_numbering_and_can_be_corrected(
        client, coordinator):
    page = parse(client.get("/standards/cse-elements"))
    assert "check it against the standard in force" in page.select_one(".govuk-warning-text").text
    element = db.session.scalar(sa.select(CseElement).filter_by(number="5.2.3"))

    refused = parse(client.post(f"/standards/cse-elements/{element.id}",
                                data={"number": "5.2.4", "title": "Prompt response"}))
    assert "5.2.4 is already in the list" in refused.select_one(".govuk-error-summary").text
    client.post(f"/standards/cse-elements/{element.id}",
                data={"number": "5.2.30", "title": "Prompt response"})

    db.session.refresh(element)
    assert (element.number, element.title) == ("5.2.30", "Prompt response")


def test_assessors_read_standards_but_change_nothing(client, make_user, sign_in):
    make_user("assessor@example.org", Role.ASSESSOR)
    sign_in("assessor@example.org")

    page = parse(client.get("/standards"))
    assert page.h1.text == "Standards" and not page.select("form[action$='/draft']")
    assert client.post("/standards/TA/draft").status_code == 403
    assert client.get("/standards/TA/versions/1").status_code == 200


def test_import_shops_asks_an_added_item_and_refuses_a_removed_one_after_publishing(
        client, coordinator, cli, council, tmp_path):  # noqa: F811
    path = tmp_path / "shops.csv"
    path.write_text(shops_csv(example("EX-2")), encoding="utf-8")
    assert cli("import-shops", str(path)).exit_code == 0
    client.post("/standards/TA/draft")
    client.post("/standards/TA/versions/2/items/new", data={
        "code": "TA8", "question": "Did the officer offer to email a summary?", "guidance": "",
        "condition": "person", "weight": "1", "critical": "no", "cse_elements": []})
    client.post("/standards/TA/versions/2/items/TA5/remove")
    publish(client, 2, LONDON_TODAY + timedelta(days=1))
    later = (datetime.now(UTC) + timedelta(days=2)).isoformat(timespec="seconds")
    header = [*shops_csv(example("EX-2")).splitlines()[0].split(","), "TA8"]

    path.write_text(shops_csv(example("EX-2", ref="EX-8", occurred_at=later), header=header),
                    encoding="utf-8")
    refused = cli("import-shops", str(path))
    path.write_text(shops_csv(example("EX-2", ref="EX-8", occurred_at=later, TA5="",
                                      TA8="not_met"), header=header), encoding="utf-8")
    imported = cli("import-shops", str(path))

    assert refused.exit_code == 1
    assert "TA8: Answer met or not met" in refused.output
    assert "no item TA5 in the standards in force" in refused.output
    assert imported.exit_code == 0, imported.output
    shop = db.session.scalar(sa.select(Shop).filter_by(ref="EX-8"))
    assert score(shop) == (2, "5", "7")  # TA5 gone, TA8 not met
    older = db.session.scalar(sa.select(Shop).filter_by(ref="EX-2"))
    assert score(older) == (1, "6", "7")  # the shop before keeps its version and figure
