"""XLSX, CSV and PDF evidence: read back and compared with the JSON export of the same data."""

import csv
import io
import json
import random
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pypdf
import pytest

from shopper.domain.enums import Outcome
from shopper.domain.facts import CallFacts
from shopper.domain.scoring import format_percentage
from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import AuditEvent, Line, Shop
from shopper.services.review.tallies import recount_every_tally
from tests.conftest import parse
from tests.integration.test_export_json import (  # noqa: F401  (the council fixture)
    RawShop,
    council,
    london,
    person_call,
    random_shop,
)

PERIOD = ["--from", "2026-04-01", "--to", "2026-06-30"]


def run(app, tmp_path, file_format: str, *args: str):
    target = tmp_path / f"evidence.{file_format}"
    result = app.test_cli_runner().invoke(
        args=["shopper", "export", "--format", file_format, *PERIOD, *args, "-o", str(target)])
    assert result.exit_code == 0, result.output
    return target


def json_report(app, tmp_path, *args: str) -> dict:
    return json.loads(run(app, tmp_path, "json", *args).read_text(encoding="utf-8"))


def sheet_rows(book, name: str) -> list[dict]:
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
def shops(council):  # noqa: F811
    rng = random.Random(10)
    made = [random_shop(rng, block, date(2026, 1, 1) + timedelta(days=rng.randint(0, 180)))
            for block in ["Planning", "Revenues & Benefits", "Customer Services"]
            for _ in range(rng.randint(30, 50))]
    council.add(*made)
    return council


def test_xlsx_figures_agree_with_the_json_export(app, shops, tmp_path):
    report = json_report(app, tmp_path)
    book = openpyxl.load_workbook(run(app, tmp_path, "xlsx"))

    assert book.sheetnames == ["Summary", "Items", "Shops", "Standards", "Actions",
                               "Evidence matrix", "Action plan"]
    summary = {(r["Service block"], r["Standard"]): r for r in sheet_rows(book, "Summary")}
    items = {(r["Service block"], r["Item"]): r for r in sheet_rows(book, "Items")}
    assert len(summary) == sum(len(b["standards"]) for b in report["blocks"])
    for block in report["blocks"]:
        for s in block["standards"]:
            row = summary[block["service_block"], s["code"]]
            assert (row["Shops (n)"], row["Passes"], row["Pass rate"], row["95% interval from"],
                    row["95% interval to"], row["Rating"], row["Overall rating"]) == (
                s["n"], s["passes"], s["pass_rate"], s["ci_low"], s["ci_high"], s["rating"],
                block["overall_rating"])
            assert row["Previous shops"] == s["previous"]["n"]
            for item in s["items"]:
                found = items[block["service_block"], item["code"]]
                assert (found["Applicable"], found["Met"], found["Met rate"]) == (
                    item["applicable"], item["met"], item["met_rate"])
    assert sum(r["Shops (n)"] for r in summary.values()) > 30
    sheet = book["Summary"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet["A2"].is_date and sheet["J2"].number_format == "0.00%"
    assert not any(isinstance(c.value, str) and c.value.startswith("=")
                   for row in sheet.iter_rows() for c in row)


def test_evidence_matrix_gives_each_element_its_standards_figures(app, shops, tmp_path):
    report = json_report(app, tmp_path)
    book = openpyxl.load_workbook(run(app, tmp_path, "xlsx"))
    matrix = sheet_rows(book, "Evidence matrix")

    ta = {b["service_block"]: s for b in report["blocks"] for s in b["standards"]
          if s["code"] == "TA"}
    rows = [r for r in matrix if r["Element ref"] == "5.2.3"]
    assert {r["Service block"] for r in rows} == set(ta)
    for row in rows:
        assert row["Standard"] == "TA" and row["Items"] == "TA1"
        assert row["Shops (n)"] == ta[row["Service block"]]["n"]
        assert row["Pass rate"] == ta[row["Service block"]]["pass_rate"]
    refs = [r["Element ref"] for r in matrix]
    assert refs == sorted(refs, key=lambda ref: [int(p) for p in ref.split(".")])


def test_shops_csv_has_every_shop_without_names_by_default(app, council, tmp_path):  # noqa: F811
    line = Line(number="+441134960100", line_type="individual", officer_name="Olive Officer",
                service_block_id=council.blocks["Planning"])
    db.session.add(line)
    db.session.commit()
    council.add(person_call("Planning", london(date(2026, 5, 5)), not_met=1),
                person_call("Planning", london(date(2026, 5, 6))))
    db.session.execute(db.update(Shop).values(line_id=line.id, notes="Spoke to Olive"))
    db.session.commit()
    recount_every_tally()

    data = run(app, tmp_path, "csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert {r["Service block"] for r in rows} == {"Planning"}
    assert {r["TA score"] for r in rows} == {"0.8333", "1.0"}
    assert rows[0]["Number"] == "0113 496 0100"
    assert "Olive" not in data.decode("utf-8-sig")
    assert "Shopper" not in rows[0]

    named = run(app, tmp_path, "csv", "--with-names").read_text(encoding="utf-8-sig")
    assert "Olive Officer" in named and "Spoke to Olive" in named
    events = db.session.scalars(
        db.select(AuditEvent).filter_by(entity="export").order_by(AuditEvent.id)).all()
    assert [e.after["with_names"] for e in events] == [False, True]


def test_text_that_would_run_as_a_formula_is_neutralised(app, council, tmp_path):  # noqa: F811
    from shopper.models import ServiceBlock

    db.session.get(ServiceBlock, council.blocks["Planning"]).name = "=HYPERLINK(\"x\")"
    db.session.commit()
    council.add(person_call("Planning", london(date(2026, 5, 5))))

    rows = list(csv.reader(io.StringIO(run(app, tmp_path, "csv").read_text("utf-8-sig"))))
    assert rows[1][rows[0].index("Service block")] == "'=HYPERLINK(\"x\")"
    book = openpyxl.load_workbook(run(app, tmp_path, "xlsx"))
    blocks = [r["Service block"] for r in sheet_rows(book, "Summary")]
    assert "'=HYPERLINK(\"x\")" in blocks
    assert all(c.data_type != "f" for ws in book for row in ws.iter_rows() for c in row)


def test_pdf_pack_is_tagged_and_its_figures_agree_with_the_json(app, shops, tmp_path):
    report = json_report(app, tmp_path)
    reader = pypdf.PdfReader(run(app, tmp_path, "pdf"))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")

    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    tags = structure(root["/StructTreeRoot"])
    figures = [node for node in tags if node.get("/S") == "/Figure"]
    assert len(figures) == len(report["blocks"])  # a trend chart per block
    assert all("pass rate by month" in node["/Alt"] for node in figures)
    assert {"/H1", "/H2", "/H3", "/H4"} <= {str(node.get("/S")) for node in tags}
    assert "Customer Service Excellence evidence pack" in text
    assert "Methodology" in text and "Councillors' involvement" in text
    for block in report["blocks"]:
        assert block["service_block"] in text
        for s in block["standards"]:
            if s["n"]:
                from fractions import Fraction

                shown = format_percentage(Fraction(s["passes"], s["n"]))
                assert shown in text
    assert "names and free text are left out" in text


def structure(node) -> list:
    """Every element of a tagged PDF's structure tree."""
    node = node.get_object()
    if isinstance(node, pypdf.generic.ArrayObject):
        return [found for child in node for found in structure(child)]
    if not isinstance(node, pypdf.generic.DictionaryObject):
        return []
    return [node, *(structure(node["/K"]) if "/K" in node else [])]


def test_an_unanswered_call_counts_the_same_in_the_workbook_as_in_the_json(app, council, tmp_path):  # noqa: F811
    at = london(date(2026, 5, 5))
    council.add(RawShop("Planning", CallFacts(occurred_at=at, outcome=Outcome.NO_ANSWER), {}))
    report = json_report(app, tmp_path)
    book = openpyxl.load_workbook(run(app, tmp_path, "xlsx"))
    [row] = [r for r in sheet_rows(book, "Summary")
             if r["Service block"] == "Planning" and r["Standard"] == "TA"]
    [ta] = [s for b in report["blocks"] if b["service_block"] == "Planning"
            for s in b["standards"] if s["code"] == "TA"]
    assert (row["Shops (n)"], row["Passes"]) == (ta["n"], ta["passes"]) == (1, 0)


def test_a_bad_format_or_period_fails_and_writes_nothing(app, council, tmp_path):  # noqa: F811
    runner = app.test_cli_runner()
    target = tmp_path / "x.xlsx"
    for args, words in ((["--format", "docx"], "Choose the format"),
                        (["--format", "xlsx", "--from", "2026-13-01", "--to", "2026-12-31"],
                         "--from"),
                        (["--format", "pdf", "--from", "\x00", "--to", "2026-12-31"], "--from")):
        result = runner.invoke(args=["shopper", "export", *args, "-o", str(target)])
        assert result.exit_code != 0 and words in result.output, result.output
    assert not target.exists()
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).filter_by(
        entity="export")) == 0


# -- The download page ---------------------------------------------------------------------

def download(client, **data):
    page = parse(client.get("/evidence"))
    token = page.select_one("input[name=csrf_token]")["value"]
    return client.post("/evidence", data={"csrf_token": token, **data})


def test_coordinator_downloads_the_workbook_from_the_page(app, client, shops, make_user,
                                                          sign_in):
    make_user()
    sign_in("coordinator@example.org")
    page = parse(client.get("/"))
    assert page.select_one("a[href='/evidence']")
    page = parse(client.get("/evidence"))
    assert page.title.text.startswith(page.h1.text.strip())
    assert page.select("input[name=with_names]")

    response = download(client, file_format="xlsx", **{"from": "2026-04-01", "to": "2026-06-30"})
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert "Evidence matrix" in book.sheetnames
    [event] = db.session.scalars(
        db.select(AuditEvent).filter_by(entity="export").order_by(AuditEvent.id)).all()
    assert event.after["format"] == "xlsx" and event.after["with_names"] is False


def test_bad_dates_keep_what_was_typed_and_say_what_to_do(app, client, council, make_user,  # noqa: F811
                                                          sign_in):
    make_user()
    sign_in("coordinator@example.org")
    response = download(client, file_format="pdf", **{"from": "1 April\x00", "to": "9" * 40})
    assert response.status_code == 200
    page = parse(response)
    assert page.title.text.startswith("Error:")
    assert page.select_one(".govuk-error-summary")
    assert page.select_one("input[name=to]")["value"] == "9" * 40
    response = download(client, **{"from": "2026-04-01", "to": ""})
    summary = parse(response).select_one(".govuk-error-summary").text
    assert "Select the kind of file to download" in summary
    assert "Enter the end date as YYYY-MM-DD" in summary
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).filter_by(
        entity="export")) == 0


def test_team_lead_exports_only_their_own_blocks(app, client, shops, make_user, sign_in):
    make_user("lead@example.org", Role.TEAM_LEAD, block_names=["Planning"])
    sign_in("lead@example.org")
    page = parse(client.get("/evidence"))
    assert [i.parent.label.text.strip() for i in page.select("input[name=blocks]")] == [
        "Planning"]
    assert not page.select("input[name=with_names]")

    response = download(client, file_format="csv", with_names="y",
                        **{"from": "2026-04-01", "to": "2026-06-30"})
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows and {r["Service block"] for r in rows} == {"Planning"}
    assert "Shopper" not in rows[0]
    other = str(council_block_id(shops, "Customer Services"))
    response = download(client, file_format="csv", blocks=other,
                        **{"from": "2026-04-01", "to": "2026-06-30"})
    assert "Select service blocks from the list" in parse(response).text


def council_block_id(council, name: str) -> int:  # noqa: F811
    return council.blocks[name]


def test_assessor_exports_are_logged_and_stop_when_access_ends(app, client, council,  # noqa: F811
                                                               make_user, sign_in):
    assessor = make_user("assessor@example.org", Role.ASSESSOR)
    assessor.access_expires_at = datetime.now(UTC) + timedelta(hours=1)
    db.session.commit()
    sign_in("assessor@example.org")
    response = download(client, file_format="json",
                        **{"from": "2026-04-01", "to": "2026-06-30"})
    assert response.status_code == 200 and json.loads(response.data)["blocks"]
    [event] = db.session.scalars(
        db.select(AuditEvent).filter_by(entity="export").order_by(AuditEvent.id)).all()
    assert event.user_id == assessor.id

    assessor.access_expires_at = datetime.now(UTC) - timedelta(days=1)
    db.session.commit()
    response = client.get("/evidence")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_shoppers_cannot_export(app, client, council, make_user, sign_in):  # noqa: F811
    make_user("shopper@example.org", Role.SHOPPER)
    sign_in("shopper@example.org")
    assert client.get("/evidence").status_code == 403
