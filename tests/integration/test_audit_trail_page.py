"""Coordinators read the audit trail, filtered by who, what and when; nobody else can."""

import pytest

from shopper.domain.states import Role
from shopper.extensions import db
from shopper.services.audit import Actor, record_change
from tests.conftest import parse


@pytest.fixture
def trail(make_user):
    coordinator = make_user()
    record_change(Actor("flask shopper import-shops, run by deploy"), "shop", 7, "create",
                  None, {"ref": "H-1"})
    record_change(Actor.of_user(coordinator), "setting", "ring_target", "update",
                  {"value": "5"}, {"value": "4"})
    db.session.commit()


def rows(page) -> list[list[str]]:
    return [[" ".join(cell.text.split()) for cell in row.select("td")]
            for row in page.select("table.app-audit tbody tr")]


def test_a_coordinator_reads_and_filters_the_trail(client, sign_in, trail):
    sign_in("coordinator@example.org")
    page = parse(client.get("/audit"))
    assert page.title.text.startswith(page.h1.text)
    found = rows(page)
    # The newest first; the last is the tests creating the coordinator's account.
    assert [row[1] for row in found] == ["coordinator@example.org",
                                         "flask shopper import-shops, run by deploy",
                                         "the tests"]
    assert any("create" in row[3] and '"ref": "H-1"' in row[3] for row in found)
    assert [row[2] for row in rows(parse(client.get("/audit?who=import-shops")))] == ["shop 7"]
    assert [row[2] for row in rows(parse(client.get("/audit?what=setting")))] == [
        "setting ring_target"]
    assert rows(parse(client.get("/audit?from=2000-01-01&to=2000-12-31"))) == []


@pytest.mark.parametrize(("query", "message"), [
    ("from=2026-02-30", "Enter a real start date"),
    ("what=nonsense", "Select what was changed from the list"),
    ("who=%00", "Remove the invisible control characters"),
    ("from=2026-05-01&to=2026-04-01", "Enter a To date the same as or after the From date"),
])
def test_a_bad_filter_says_what_to_do(client, sign_in, trail, query, message):
    sign_in("coordinator@example.org")
    response = client.get(f"/audit?{query}")
    assert response.status_code == 200
    assert message in parse(response).select_one(".govuk-error-message").text


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.SHOPPER])
def test_only_coordinators_read_the_trail(client, make_user, sign_in, role):
    make_user("someone@example.org", role)
    sign_in("someone@example.org")
    assert client.get("/audit").status_code == 403
    assert client.get("/audit.csv").status_code == 403


def test_the_trail_cannot_be_changed_through_the_app(app):
    writers = [rule.rule for rule in app.url_map.iter_rules()
               if rule.rule.startswith("/audit") and rule.methods - {"GET", "HEAD", "OPTIONS"}]
    assert writers == []


def test_a_coordinator_downloads_the_filtered_trail_and_the_download_is_kept(client, sign_in,
                                                                             trail):
    import csv
    import io

    sign_in("coordinator@example.org")
    page = parse(client.get("/audit?what=shop"))
    link = page.select_one("a[download]")
    assert link["href"] == "/audit.csv?what=shop"
    response = client.get(link["href"])
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="audit-trail.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(row["who"], row["entity"], row["entity_id"], row["action"], row["after"])
            for row in rows] == [("flask shopper import-shops, run by deploy", "shop", "7",
                                  "create", '{"ref": "H-1"}')]
    exported = rows_of(client, "what=export")
    assert [row[3].split()[0] for row in exported] == ["exported"]
    assert '"what": "shop"' in exported[0][3]


def rows_of(client, query: str) -> list[list[str]]:
    return rows(parse(client.get(f"/audit?{query}")))


def test_a_bad_filter_downloads_nothing_and_says_what_to_do(client, sign_in, trail):
    sign_in("coordinator@example.org")
    response = client.get("/audit.csv?from=2026-02-30")
    assert response.status_code == 200
    assert "Enter a real start date" in parse(response).select_one(".govuk-error-message").text
    assert rows_of(client, "what=export") == []


def test_a_formula_in_the_trail_stays_text_in_the_download(client, sign_in, trail):
    record_change(Actor("=HYPERLINK(\"http://evil\")"), "setting", "x", "update", None, None)
    db.session.commit()
    sign_in("coordinator@example.org")
    text = client.get("/audit.csv?what=setting").get_data(as_text=True)
    assert "'=HYPERLINK" in text
