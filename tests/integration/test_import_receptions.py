"""`flask shopper import-receptions`: reception points from CSV, all or nothing."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from shopper.extensions import db
from shopper.models import AuditEvent, ReceptionPoint, reception_point_blocks
from shopper.services.audit import Actor
from shopper.services.imports.csv_rows import ImportSummary
from shopper.services.imports.directory import import_directory
from shopper.services.imports.receptions import ImportRejected, import_receptions

TESTS = Actor("the tests")

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
HEADER = "name,address,service_blocks,family_reception"
GOOD_ROW = "Civic Centre,\"Town Square, Anytown AN3 3CC\",Planning,no"


@pytest.fixture
def example_text() -> str:
    return (EXAMPLES / "receptions.csv").read_text(encoding="utf-8")


@pytest.fixture
def directory(app):
    """The example directory, whose blocks the reception points serve."""
    import_directory((EXAMPLES / "directory.csv").read_bytes(), actor=TESTS)


@pytest.fixture
def run(app, tmp_path):
    """Run the command on a file holding `content` (text, or bytes as they are)."""

    def invoke(content: str | bytes, *options: str, name: str = "receptions.csv"):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return app.test_cli_runner().invoke(
            args=["shopper", "import-receptions", str(path), *options])

    return invoke


def csv_file(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def counts() -> dict[str, int]:
    """Reception points, the links to their blocks, and audit events."""
    return {
        "points": db.session.scalar(sa.select(sa.func.count()).select_from(ReceptionPoint)),
        "links": db.session.scalar(sa.select(sa.func.count()).select_from(reception_point_blocks)),
        "events": db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)),
    }


def point(name: str) -> ReceptionPoint:
    return db.session.scalar(sa.select(ReceptionPoint).filter_by(name=name))


def test_the_example_reception_points_import(run, directory, example_text):
    before = counts()

    result = run(example_text)

    assert result.exit_code == 0, result.output
    assert result.output == (
        "Imported receptions.csv: 2 reception points — 2 created, 0 updated, 0 unchanged\n")
    municipal, hub = point("Municipal Buildings"), point("Family Hub")
    assert municipal.address == "Church Road, Anytown AN1 1AA"
    assert [block.name for block in municipal.blocks] == ["Planning", "Revenues & Benefits"]
    assert municipal.family_reception is False
    assert [block.name for block in hub.blocks] == ["Revenues & Benefits"]
    assert hub.family_reception is True
    assert counts() == {"points": 2, "links": 3, "events": before["events"] + 2}


def test_importing_the_same_file_again_changes_nothing(run, directory, example_text):
    run(example_text)
    before = counts()

    result = run(example_text)

    assert result.output == (
        "Imported receptions.csv: 2 reception points — 0 created, 0 updated, 2 unchanged\n")
    assert counts() == before


def test_the_order_of_the_blocks_and_spaces_around_them_do_not_matter(run, directory,
                                                                      example_text):
    run(example_text)

    result = run(example_text.replace("Revenues & Benefits;Planning",
                                      " Planning ; Revenues & Benefits;"))

    assert "0 created, 0 updated, 2 unchanged" in result.output


def test_a_changed_row_updates_its_reception_point(run, directory, example_text):
    run(example_text)
    changed = example_text.replace("Revenues & Benefits;Planning,no", "Planning,yes")

    result = run(changed)

    assert result.output == (
        "Imported receptions.csv: 2 reception points — 0 created, 1 updated, 1 unchanged\n")
    municipal = point("Municipal Buildings")
    assert [block.name for block in municipal.blocks] == ["Planning"]
    assert municipal.family_reception is True
    event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.entity, event.entity_id, event.action) == (
        "reception_point", str(municipal.id), "updated")
    assert event.before["service_blocks"] == ["Planning", "Revenues & Benefits"]
    assert event.after["service_blocks"] == ["Planning"]


def test_a_dry_run_counts_but_saves_nothing(run, directory, example_text):
    before = counts()

    result = run(example_text, "--dry-run")

    assert result.exit_code == 0
    assert result.output == ("Checked receptions.csv (dry run, nothing saved): "
                             "2 reception points — 2 to create, 0 to update, 0 unchanged\n")
    assert counts() == before


@pytest.mark.parametrize(("row", "problem"), [
    ("Civic Centre,\"Town Square\",Plannning,no",
     "row 2: service_blocks: 'Plannning' is not a service block: check the spelling, "
     "or import the directory first"),
    ("Civic Centre,\"Town Square\",Housing;Planning;Waste,no",
     "row 2: service_blocks: 'Housing', 'Waste' are not service blocks: check the spelling, "
     "or import the directory first"),
    ("Civic Centre,\"Town Square\", ; ,no",
     "row 2: service_blocks: Enter the service blocks the reception point serves, separated "
     "by semicolons, like 'Revenues & Benefits;Planning'"),
    ("Civic Centre,\"Town Square\",Planning,sometimes",
     "row 2: family_reception: Enter yes or no, not 'sometimes'"),
    (",\"Town Square\",Planning,no",
     "row 2: name: Enter the name of the reception point, like Municipal Buildings"),
    ("Civic Centre,,Planning,no",
     "row 2: address: Enter the address of the reception point, like "
     "'Church Road, Anytown AN1 1AA'"),
    ("Civic Centre,Town Square,Anytown,Planning,no",
     "row 2: row: This row has 5 values but the header has 4 columns: "
     "put any commas inside a value in double quotes"),
])
def test_each_problem_is_one_line_naming_its_row_and_column(run, directory, row, problem):
    result = run(csv_file(row))

    assert result.exit_code == 1
    assert result.stderr == (f"{problem}\nError: receptions.csv was not imported: 1 problem. "
                             "Correct the file and import it again\n")
    assert counts()["points"] == 0


def test_a_name_twice_in_the_file_is_reported_on_its_second_row(run, directory):
    result = run(csv_file(GOOD_ROW, GOOD_ROW.replace(",no", ",yes")))

    assert result.stderr.splitlines()[0] == (
        "row 3: name: Civic Centre is already on row 2: give each reception point once")


def test_one_bad_row_among_good_ones_leaves_the_database_exactly_as_it_was(run, directory,
                                                                           example_text):
    run(example_text)
    before = counts()
    changed = (example_text.replace("Family Hub,\"High Street", "Family Hub,\"Market Street")
               + GOOD_ROW + "\n" + "Library,\"Book Lane\",Libraries,no\n")

    result = run(changed)

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "row 5: service_blocks: 'Libraries' is not a service block: check the spelling, "
        "or import the directory first",
        "Error: receptions.csv was not imported: 1 problem. Correct the file and import it again",
    ]
    assert counts() == before
    assert point("Family Hub").address == "High Street, Anytown AN2 2BB"


@pytest.mark.parametrize(("content", "problem"), [
    ("name,address,family_reception\n",
     "row 1: header: Add the column 'service_blocks': the columns are name, address, "
     "service_blocks, family_reception"),
    ("",
     "row 1: header: The file is empty: add a first row naming the columns name, address, "
     "service_blocks, family_reception, then one row for each record"),
    (f"{HEADER}\nCaf\xe9,Town Square,Planning,no\n".encode("cp1252"),
     "row 2: file: Save the file as 'CSV UTF-8' and import it again: this row has a character "
     "that is not UTF-8 (byte 0xE9)"),
])
def test_a_file_that_cannot_be_read_as_reception_points_is_rejected(run, content, problem):
    result = run(content)

    assert result.exit_code == 1
    assert result.stderr == (f"{problem}\nError: receptions.csv was not imported: 1 problem. "
                             "Correct the file and import it again\n")


def test_an_address_over_several_lines_is_one_row(run, directory):
    result = run(csv_file("Civic Centre,\"Town Square\nAnytown\",Planning,no",
                          "Depot,\"Yard Lane\",Planning,maybe"))

    assert result.stderr.splitlines()[0] == "row 3: family_reception: Enter yes or no, not 'maybe'"


def test_the_service_takes_bytes_and_returns_the_counts(directory, example_text):
    assert import_receptions(example_text.encode(), dry_run=True,
                             actor=TESTS) == ImportSummary(2, 0, 0)
    assert import_receptions(example_text, actor=TESTS) == ImportSummary(2, 0, 0)

    with pytest.raises(ImportRejected) as rejected:
        import_receptions(csv_file("Civic Centre,Town Square,Planning,"), actor=TESTS)
    assert [str(error) for error in rejected.value.errors] == [
        "row 2: family_reception: Enter yes or no"]
