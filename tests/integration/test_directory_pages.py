"""The directory in the app: a CSV uploaded, previewed and confirmed; lines kept by hand."""

import io
from pathlib import Path

import pytest
import sqlalchemy as sa

from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import AuditEvent, Line, ServiceBlock, ServiceGrouping, Team
from tests.conftest import parse

EXAMPLE = (Path(__file__).resolve().parents[2] / "docs" / "examples" / "directory.csv")


@pytest.fixture
def coordinator(make_user, sign_in):
    make_user("coordinator@example.org", Role.COORDINATOR)
    sign_in("coordinator@example.org")


def counts() -> dict[str, int]:
    """The directory's rows, and the audit events of its lines."""
    found = {model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
             for model in (Line, Team, ServiceBlock, ServiceGrouping)}
    found["AuditEvent"] = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                                            .filter_by(entity="line"))
    return found


def upload(client, content: str | bytes, name: str = "directory.csv"):
    data = content.encode() if isinstance(content, str) else content
    return client.post("/directory/upload", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def confirm(client, page):
    form = page.select_one("form[action='/directory/upload/confirm']")
    return client.post("/directory/upload/confirm", data={
        field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")})


def test_a_typo_in_a_block_name_is_seen_in_the_preview_and_nothing_is_created_until_confirmed(
        client, coordinator):
    upload(client, EXAMPLE.read_bytes())
    confirm(client, parse(upload(client, EXAMPLE.read_bytes())))
    before = counts()
    typo = EXAMPLE.read_text(encoding="utf-8").replace(
        "Revenues & Benefits,Council Tax,Priya Shah", "Revenues & Benfits,Council Tax,Priya Shah")

    page = parse(upload(client, typo))

    assert page.h1.text == "Check the changes to the directory"
    assert page.title.text.startswith("Check the changes to the directory")
    assert [li.text.split(" (")[0] for li in page.select("#new-blocks li")] == [
        "Revenues & Benfits"]
    assert "change 1 line" in page.select_one("#summary").text
    assert counts() == before

    saved = client.get(confirm(client, page).headers["Location"])
    assert "Directory saved: 0 lines added, 1 changed, 5 unchanged" in saved.get_data(
        as_text=True)
    line = db.session.scalar(sa.select(Line).filter_by(number="+441134960101"))
    assert line.block.name == "Revenues & Benfits"
    event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.actor, event.action, event.before["service_block"]) == (
        "coordinator@example.org", "updated", "Revenues & Benefits")


def test_the_first_upload_lists_every_new_grouping_and_block_then_creates_them(
        client, coordinator):
    page = parse(upload(client, EXAMPLE.read_bytes()))

    assert [li.text for li in page.select("#new-groupings li")] == [
        "Resources", "Development & Neighbourhood Services"]
    assert "add 6 lines" in page.select_one("#summary").text
    assert counts()["Line"] == 0
    confirm(client, page)
    assert counts()["Line"] == 6
    # The same confirmation sent twice saves nothing more.
    assert confirm(client, page).status_code == 404
    assert counts()["AuditEvent"] == 6


def test_a_bad_csv_lists_each_problem_by_row_and_column_and_changes_nothing(client, coordinator):
    bad = EXAMPLE.read_text(encoding="utf-8").replace("0113 496 0101", "01632 960001").replace(
        "hunt_group", "hunt group", 1)

    response = upload(client, bad)

    page = parse(response)
    assert response.status_code == 200
    rows = [[cell.text for cell in row.select("td")] for row in page.select("#problems tbody tr")]
    assert [(row, column) for row, column, _ in rows] == [("2", "number"), ("3", "line_type")]
    assert rows[0][2].startswith("Enter a real phone number")
    assert page.select_one(".govuk-error-summary").text.count("nothing has been saved") == 1
    assert set(counts().values()) == {0}


@pytest.mark.parametrize("content", [b"", b"\x00\x00\x00", b"\xff\xfe not utf-8",
                                     b"number\n" + b"9" * 5000 + b"\n"])
def test_files_that_are_not_a_directory_are_refused_with_a_problem_not_an_error(
        client, coordinator, content):
    response = upload(client, content)

    assert response.status_code == 200
    page = parse(response)
    assert page.select_one(".govuk-error-summary") is not None
    assert set(counts().values()) == {0}


def test_no_file_chosen_asks_for_one(client, coordinator):
    page = parse(client.post("/directory/upload", data={}, content_type="multipart/form-data"))

    assert "Choose the directory CSV file to upload" in page.select_one(
        ".govuk-error-summary").text


def test_a_preview_confirmed_after_the_directory_changed_shows_the_new_changes(
        client, coordinator):
    page = parse(upload(client, EXAMPLE.read_bytes()))
    confirm(client, parse(upload(client, EXAMPLE.read_bytes())))

    again = parse(confirm(client, page))

    assert "The directory changed since you checked the file" in again.text
    assert "leave 6 lines" in again.select_one("#summary").text
    assert counts()["Line"] == 6


@pytest.fixture
def directory(client, coordinator):
    confirm(client, parse(upload(client, EXAMPLE.read_bytes())))
    return {block.name: block.id for block in db.session.scalars(sa.select(ServiceBlock))}


def add_line(client, blocks, **values):
    data = {"number": "0113 496 0999", "extension": "", "line_type": "individual",
            "officer": "Sam Lee", "service_block": blocks["Planning"], "team": "",
            "active": "yes", **values}
    return client.post("/directory/lines/new", data=data)


def test_a_line_is_added_normalised_and_shown_in_national_format(client, directory):
    response = add_line(client, directory, number="+44 (0)113 4960999")

    assert response.status_code == 302
    line = db.session.scalar(sa.select(Line).filter_by(number="+441134960999"))
    assert (line.officer_name, line.block.name) == ("Sam Lee", "Planning")
    page = parse(client.get("/directory/lines?q=0113 4960999"))
    assert [a.text for a in page.select("tbody a")] == ["Change 0113 496 0999"]
    assert "Line 0113 496 0999 added" in page.text


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"number": "01632 960001"}, "number", "Enter a real phone number"),
    ({"number": "0113 496 0101"}, "number", "0113 496 0101 is already an active line of "
                                            "Revenues & Benefits"),
    ({"number": ""}, "number", "Enter the phone number"),
    ({"number": "9" * 300}, "number", "Enter the number in 200 characters or fewer"),
    ({"extension": "22a"}, "extension", "Enter the extension as up to 10 digits"),
    ({"officer": "Sam\x00Lee"}, "officer", "without tabs or other control characters"),
    ({"service_block": "999999"}, "service_block", "Choose the service block from the list"),
    ({"line_type": "fax"}, "line_type", "Select the kind of line"),
])
def test_a_bad_line_is_refused_naming_the_field_keeping_what_was_typed(
        client, directory, values, field, message):
    before = counts()

    response = add_line(client, directory, **values)

    assert response.status_code == 200
    page = parse(response)
    link = page.select_one(f".govuk-error-summary a[href='#{field}']")
    assert link is not None and message in link.text, page.select_one(".govuk-error-summary")
    assert page.title.text.startswith("Error: Add a line")
    typed = values.get("officer", "Sam Lee").replace("\x00", "\ufffd")
    assert page.select_one("#officer")["value"] in ("Sam Lee", typed, "Sam\x00Lee")
    assert counts() == before


def test_a_line_is_changed_and_taken_out_of_use_with_the_audit_trail(client, directory):
    line = db.session.scalar(sa.select(Line).filter_by(number="+441134960101"))
    page = parse(client.get(f"/directory/lines/{line.id}"))
    assert page.select_one("#number")["value"] == "0113 496 0101"

    client.post(f"/directory/lines/{line.id}", data={
        "number": "0113 496 0101", "extension": "", "line_type": "individual",
        "officer": "Ana Cruz", "service_block": directory["Revenues & Benefits"], "team": "",
        "active": "no"})

    db.session.refresh(line)
    assert (line.officer_name, line.active, line.team) == ("Ana Cruz", False, None)
    event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.before["active"], event.after["active"]) == (True, False)
    # Another line may now take the number.
    assert add_line(client, directory, number="0113 496 0101").status_code == 302


def test_lines_are_found_by_officer_team_or_block(client, directory):
    def numbers(query):
        page = parse(client.get("/directory/lines", query_string={"q": query}))
        return sorted(a.text.removeprefix("Change ") for a in page.select("tbody a"))

    assert numbers("priya") == ["0113 496 0101"]
    assert numbers("Benefits Enquiries") == ["0113 496 0100 ext. 2201", "0113 496 0100 ext. 2202"]
    assert len(numbers("Planning")) == 3
    assert numbers("Plan%_") == []


def test_the_directory_page_lists_groupings_blocks_and_teams(client, directory):
    page = parse(client.get("/directory"))

    assert [h2.text for h2 in page.select("main h2.govuk-heading-m")] == [
        "Development & Neighbourhood Services", "Resources"]
    assert "Planning" in page.select("main dl")[0].text
    assert page.title.text.startswith("Directory")


def test_only_coordinators_keep_the_directory(client, make_user, sign_in):
    make_user("cllr@example.org", Role.SHOPPER)
    sign_in("cllr@example.org")

    for path in ("/directory", "/directory/lines", "/directory/lines/new", "/directory/upload"):
        assert client.get(path).status_code == 403, path


def reception(client, blocks, path="/directory/reception-points/new", **values):
    data = {"name": "Civic Centre", "address": "1 High Street\nAnytown",
            "opening_hours": "Monday to Friday, 9am to 5pm",
            "service_blocks": [str(blocks["Planning"]), str(blocks["Revenues & Benefits"])],
            "family_reception": "yes", "active": "yes", **values}
    return client.post(path, data=data)


def test_a_reception_point_is_added_with_its_blocks_hours_and_family_reception(
        client, directory):
    from shopper.models import ReceptionPoint

    assert reception(client, directory).status_code == 302

    point = db.session.scalar(sa.select(ReceptionPoint))
    assert (point.opening_hours, point.family_reception) == ("Monday to Friday, 9am to 5pm",
                                                            True)
    assert [block.name for block in point.blocks] == ["Planning", "Revenues & Benefits"]
    page = parse(client.get("/directory/reception-points"))
    assert "Family reception" in page.select_one("dl").text
    event = db.session.scalars(sa.select(AuditEvent).filter_by(
        entity="reception_point")).one()
    assert event.after["opening_hours"] == "Monday to Friday, 9am to 5pm"
    reception(client, directory, path=f"/directory/reception-points/{point.id}",
              family_reception="no", service_blocks=[str(directory["Planning"])])
    db.session.refresh(point)
    assert ([b.name for b in point.blocks], point.family_reception) == (["Planning"], False)


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"name": ""}, "name", "Enter the reception point's name"),
    ({"name": "Civic\x07Centre"}, "name", "without tabs or other control characters"),
    ({"service_blocks": []}, "service_blocks", "Select the service blocks it serves"),
    ({"service_blocks": ["99999"]}, "service_blocks", "Choose service blocks from the list"),
    ({"service_blocks": ["x\x00"]}, "service_blocks", "Choose service blocks from the list"),
    ({"opening_hours": "9" * 600}, "opening_hours", "500 characters or fewer"),
])
def test_a_bad_reception_point_is_refused_naming_the_field(client, directory, values, field,
                                                           message):
    from shopper.models import ReceptionPoint

    response = reception(client, directory, **values)

    assert response.status_code == 200
    summary = parse(response).select_one(".govuk-error-summary")
    assert message in summary.text, summary.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReceptionPoint)) == 0


def test_two_reception_points_cannot_share_a_name(client, directory):
    reception(client, directory)

    page = parse(reception(client, directory))

    assert "There is already a reception point called Civic Centre" in page.select_one(
        ".govuk-error-summary").text


@pytest.mark.parametrize("path", [
    "/directory/lines/99999999999999", "/directory/reception-points/99999999999999",
    "/standards/T%00A/versions/1", "/standards/TA/versions/99999999999999",
    "/standards/T%00A/versions/1/items/TA6", "/standards/cse-elements/99999999999999"])
def test_made_up_addresses_are_not_found_not_a_server_error(client, coordinator, path):
    assert client.get(path).status_code == 404


def test_a_search_with_a_control_character_says_what_to_do(client, coordinator):
    page = parse(client.get("/directory/lines", query_string={"q": "Plan\x00ning"}))

    assert "Search without tabs or other control characters" in page.select_one(
        ".govuk-error-summary").text


def test_a_block_name_with_a_control_character_is_named_by_row_and_column(client, coordinator):
    bad = EXAMPLE.read_text(encoding="utf-8").replace("Planning,Director", "Plan\x00ning,Director")

    page = parse(upload(client, bad))

    rows = [[cell.text for cell in row.select("td")] for row in page.select("#problems tbody tr")]
    assert rows == [["6", "service_block", "Remove the invisible control characters from this "
                     "value: retype it, or paste it as plain text"]]
    assert set(counts().values()) == {0}


def test_a_reception_point_posted_without_its_optional_boxes_is_saved_with_them_empty(
        client, directory):
    # Found by fuzzing: a post leaving the boxes out altogether was a 500.
    from shopper.models import ReceptionPoint

    data = {"name": "Civic Centre", "service_blocks": [str(directory["Planning"])],
            "family_reception": "no", "active": "yes"}
    assert client.post("/directory/reception-points/new", data=data).status_code == 302
    point = db.session.scalar(sa.select(ReceptionPoint))
    assert (point.address, point.opening_hours) == ("", "")
