"""Large exports made in the background: a page says how far they have got, then offers them."""

import io
import time

import openpyxl
import pytest

from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import AuditEvent
from shopper.services.exports.jobs import ExportJobs
from tests.conftest import parse
from tests.integration.test_export_json import council  # noqa: F401  (the council fixture)
from tests.integration.test_exports import download, sheet_rows
from tests.integration.test_exports import shops as shops  # noqa: F401  (a fixture)

PERIOD = {"from": "2026-04-01", "to": "2026-06-30"}


@pytest.fixture
def large_from_one_shop(app, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "EXPORT_JOBS_FOLDER", str(tmp_path / "jobs"))
    monkeypatch.setitem(app.config, "EXPORT_BACKGROUND_FROM_SHOPS", 1)
    monkeypatch.setitem(app.config, "EXPORT_JOBS_INLINE", True)
    return ExportJobs(tmp_path / "jobs")


def test_a_large_workbook_is_made_in_the_background_then_offered(app, client, shops,  # noqa: F811
                                                                 make_user, sign_in,
                                                                 large_from_one_shop):
    make_user()
    sign_in("coordinator@example.org")
    response = download(client, file_format="xlsx", **PERIOD)
    assert response.status_code == 302
    page_address = response.headers["Location"]
    assert page_address.startswith("/evidence/files/")
    page = parse(client.get(page_address))
    assert page.h1.text.strip() == "Your spreadsheet is ready"
    assert page.title.text.startswith("Your spreadsheet is ready")
    link = page.select_one("a.govuk-button")["href"]
    made = client.get(link)
    assert made.status_code == 200 and "attachment" in made.headers["Content-Disposition"]
    assert "shopper-evidence-2026-04-01-to-2026-06-30.xlsx" in made.headers[
        "Content-Disposition"]
    [event] = db.session.scalars(db.select(AuditEvent).filter_by(entity="export")).all()
    assert event.after["format"] == "xlsx"

    app.config["EXPORT_BACKGROUND_FROM_SHOPS"] = 10**9
    direct = download(client, file_format="xlsx", **PERIOD)
    assert direct.status_code == 200
    background_shops = sheet_rows(openpyxl.load_workbook(io.BytesIO(made.data)), "Shops")
    assert background_shops == sheet_rows(openpyxl.load_workbook(io.BytesIO(direct.data)),
                                          "Shops")
    assert len(background_shops) > 30

    make_user("other@example.org")
    sign_in("other@example.org")
    assert client.get(page_address).status_code == 404
    assert client.get(link).status_code == 404
    assert client.get("/evidence/files/not-a-token").status_code == 404


def test_the_page_says_how_far_the_export_has_got_until_it_is_ready(app, client, make_user,
                                                                     sign_in,
                                                                     large_from_one_shop):
    coordinator = make_user()
    sign_in("coordinator@example.org")
    job = large_from_one_shop.start(coordinator.id, "xlsx", "a.xlsx", "application/x", 2000)
    progress = []

    def write(file, told):
        told(800)
        progress.append(parse(client.get(f"/evidence/files/{job.token}")))
        file.write(b"made")
    large_from_one_shop.run(job, write)

    [making] = progress
    assert making.title.text.startswith("Making your spreadsheet: 40% done")
    assert "800 of 2,000 shops written" in making.text
    check = making.select_one("a.govuk-button")
    assert check.text.strip() == "Check progress"
    assert check["href"] == f"/evidence/files/{job.token}"
    ready = parse(client.get(f"/evidence/files/{job.token}"))
    assert ready.h1.text.strip() == "Your spreadsheet is ready"
    assert client.get(f"/evidence/files/{job.token}/download").data == b"made"


def test_an_export_that_fails_says_so_and_offers_no_file(app, client, make_user, sign_in,
                                                         large_from_one_shop):
    assessor = make_user("assessor@example.org", Role.ASSESSOR)
    sign_in("assessor@example.org")
    job = large_from_one_shop.start(assessor.id, "pdf", "a.pdf", "application/pdf", 10)

    def write(file, told):
        raise RuntimeError("the disk is full")
    large_from_one_shop.run(job, write)

    page = parse(client.get(f"/evidence/files/{job.token}"))
    assert page.h1.text.strip() == "Your evidence pack could not be made"
    assert "Ask for it again" in [a.text.strip() for a in page.select("a[href='/evidence']")]
    assert client.get(f"/evidence/files/{job.token}/download").status_code == 404


def test_a_background_export_runs_in_a_thread_of_its_own(app, client, shops,  # noqa: F811
                                                         make_user, sign_in,
                                                         large_from_one_shop):
    app.config["EXPORT_JOBS_INLINE"] = False
    make_user()
    sign_in("coordinator@example.org")
    page_address = download(client, file_format="xlsx", **PERIOD).headers["Location"]
    for _ in range(600):
        page = parse(client.get(page_address))
        if not page.h1.text.startswith("Making"):
            break
        time.sleep(0.1)
    assert page.h1.text.strip() == "Your spreadsheet is ready"
    made = client.get(page.select_one("a.govuk-button")["href"])
    assert "Shops" in openpyxl.load_workbook(io.BytesIO(made.data)).sheetnames
