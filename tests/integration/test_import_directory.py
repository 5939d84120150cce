"""`flask shopper import-directory`: the telephone directory from CSV, all or nothing."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from shopper.extensions import db
from shopper.models import AuditEvent, Line, ServiceBlock, ServiceGrouping, Team
from shopper.services.audit import Actor
from shopper.services.imports.csv_rows import ImportSummary
from shopper.services.imports.directory import ImportRejected, import_directory

TESTS = Actor("the tests")

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "directory.csv"
HEADER = "service_grouping,service_block,team,officer,number,extension,line_type,active"
GOOD_ROW = "Resources,Revenues & Benefits,Council Tax,Priya Shah,0113 496 0101,,individual,yes"


@pytest.fixture
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def run(app, tmp_path):
    """Run the command on a file holding `content` (text, or bytes as they are)."""

    def invoke(content: str | bytes, *options: str, name: str = "directory.csv"):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return app.test_cli_runner().invoke(
            args=["shopper", "import-directory", str(path), *options])

    return invoke


def csv_file(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def counts() -> dict[str, int]:
    """How many rows each table touched by the import holds."""
    return {model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Line, Team, ServiceBlock, ServiceGrouping, AuditEvent)}


def lines() -> list[Line]:
    return list(db.session.scalars(sa.select(Line).order_by(Line.number, Line.extension)))


def test_the_example_directory_imports_six_lines(run, example_text):
    result = run(example_text)

    assert result.exit_code == 0, result.output
    assert result.output == (
        "Imported directory.csv: 6 lines — 6 created, 0 updated, 0 unchanged\n")
    assert counts() == {"Line": 6, "Team": 5, "ServiceBlock": 2, "ServiceGrouping": 2,
                        "AuditEvent": 6}
    by_key = {(line.number, line.extension): line for line in lines()}
    benefits = [by_key[("+441134960100", "2201")], by_key[("+441134960100", "2202")]]
    assert [line.line_type.value for line in benefits] == ["hunt_group", "contact_centre"]
    assert {line.team.name for line in benefits} == {"Benefits Enquiries"}
    assert by_key[("+441134960101", "")].officer_name == "Priya Shah"
    assert by_key[("+442079460300", "")].officer_name is None
    building_control = by_key[("+442079460330", "")]
    assert (building_control.team.name, building_control.active) == ("Building Control", False)
    assert building_control.block.name == "Planning"
    assert building_control.block.grouping.name == "Development & Neighbourhood Services"
    assert sum(line.active for line in by_key.values()) == 5


def test_importing_the_same_file_again_changes_nothing(run, example_text):
    run(example_text)
    before = counts()

    result = run(example_text)

    assert result.exit_code == 0
    assert result.output == (
        "Imported directory.csv: 6 lines — 0 created, 0 updated, 6 unchanged\n")
    assert counts() == before


def test_a_changed_row_updates_its_line_and_the_audit_trail_keeps_both(run, example_text):
    run(example_text)
    changed = example_text.replace("Priya Shah,0113 496 0101", "Ana Cruz,0113 496 0101")

    result = run(changed)

    assert result.output == (
        "Imported directory.csv: 6 lines — 0 created, 1 updated, 5 unchanged\n")
    line = db.session.scalar(sa.select(Line).filter_by(number="+441134960101"))
    assert line.officer_name == "Ana Cruz"
    event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.entity, event.entity_id, event.action) == ("line", str(line.id), "updated")
    assert (event.before["officer"], event.after["officer"]) == ("Priya Shah", "Ana Cruz")


def test_a_line_can_move_to_another_team_and_be_retired(run, example_text):
    run(example_text)
    changed = example_text.replace(
        "Benefits Enquiries,,0113 496 0100,2202,contact_centre,yes",
        "Housing Benefit,,0113 496 0100,2202,contact_centre,no")

    result = run(changed)

    assert "0 created, 1 updated, 5 unchanged" in result.output
    line = db.session.scalar(sa.select(Line).filter_by(extension="2202"))
    assert (line.team.name, line.active) == ("Housing Benefit", False)


def test_a_dry_run_counts_but_saves_nothing(run, example_text):
    result = run(example_text, "--dry-run")

    assert result.exit_code == 0
    assert result.output == ("Checked directory.csv (dry run, nothing saved): 6 lines — "
                             "6 to create, 0 to update, 0 unchanged\n")
    assert set(counts().values()) == {0}


def test_a_dry_run_of_a_changed_file_leaves_the_stored_lines_alone(run, example_text):
    run(example_text)
    before = counts()

    result = run(example_text.replace("Tom Okafor", "Tom O'Kafor"), "--dry-run")

    assert "6 lines — 0 to create, 1 to update, 5 unchanged" in result.output
    assert counts() == before
    assert db.session.scalar(sa.select(Line).filter_by(number="+442079460321")).officer_name == (
        "Tom Okafor")


@pytest.mark.parametrize(("row", "problem"), [
    ("Resources,Revenues & Benefits,Council Tax,,01632 960001,,individual,yes",
     "row 2: number: Enter a real phone number, like 0113 496 0000: "
     "'01632 960001' is not one"),
    ("Resources,Revenues & Benefits,Council Tax,,abc,,individual,yes",
     "row 2: number: Enter a phone number, like 0113 496 0000, not 'abc'"),
    ("Resources,Revenues & Benefits,Council Tax,,,,individual,yes",
     "row 2: number: Enter a phone number, like 0113 496 0000"),
    ("Resources,Revenues & Benefits,Council Tax,,0113 496 0101,22a,individual,yes",
     "row 2: extension: Enter the extension as up to 10 digits, like 2201, not '22a'"),
    ("Resources,Revenues & Benefits,Council Tax,,0113 496 0101 ext 3,4,individual,yes",
     "row 2: extension: The number says extension 3 but this column says 4: "
     "give the extension in this column only"),
    ("Resources,Revenues & Benefits,Council Tax,,0113 496 0101,,mobile,yes",
     "row 2: line_type: Enter one of individual, hunt_group, pa_phone, contact_centre, "
     "not 'mobile'"),
    ("Resources,Revenues & Benefits,Council Tax,,0113 496 0101,,,yes",
     "row 2: line_type: Enter one of individual, hunt_group, pa_phone, contact_centre"),
    ("Resources,,Council Tax,,0113 496 0101,,individual,yes",
     "row 2: service_block: Enter the service block the line belongs to, "
     "like Revenues & Benefits"),
    (",Revenues & Benefits,Council Tax,,0113 496 0101,,individual,yes",
     "row 2: service_grouping: Enter the service grouping, like Resources"),
    ("Resources,Revenues & Benefits,Council Tax,,0113 496 0101,,individual,maybe",
     "row 2: active: Enter yes or no, not 'maybe'"),
    ("Resources,Revenues & Benefits,Council Tax,,0113 496 0101,,individual,",
     "row 2: active: Enter yes or no"),
    (f"Resources,Revenues & Benefits,{'T' * 201},,0113 496 0101,,individual,yes",
     "row 2: team: Enter the team in 200 characters or fewer"),
    ("Resources,Revenues & Benefits,Council Tax,,0113 496 0101,,individual,yes,extra",
     "row 2: row: This row has 9 values but the header has 8 columns: "
     "put any commas inside a value in double quotes"),
])
def test_each_problem_is_one_line_naming_its_row_and_column(run, row, problem):
    result = run(csv_file(row))

    assert result.exit_code == 1
    assert result.stderr == (f"{problem}\nError: directory.csv was not imported: 1 problem. "
                             "Correct the file and import it again\n")
    assert result.stdout == ""
    assert counts()["Line"] == 0


def test_a_number_twice_in_the_file_is_reported_on_its_second_row(run):
    result = run(csv_file(GOOD_ROW, GOOD_ROW.replace("Priya Shah", "Ana Cruz")))

    assert result.stderr.splitlines()[0] == (
        "row 3: number: 0113 496 0101 is already on row 2: give each number and extension once")


def test_the_same_number_with_another_extension_is_another_line(run):
    result = run(csv_file(GOOD_ROW, GOOD_ROW.replace(",,individual", ",7,individual")))

    assert "2 lines — 2 created" in result.output


def test_a_block_cannot_be_in_two_groupings(run, example_text):
    run(example_text)

    result = run(csv_file(GOOD_ROW.replace("Resources,", "Place,")))

    assert result.stderr.splitlines()[0] == (
        "row 2: service_grouping: Revenues & Benefits is in the service grouping 'Resources', "
        "not 'Place': give 'Resources' for every line of Revenues & Benefits")


def test_a_block_new_in_the_file_keeps_its_first_grouping(run):
    result = run(csv_file(GOOD_ROW, GOOD_ROW.replace("Resources,", "Place,").replace(
        "0101", "0102")))

    assert result.stderr.splitlines()[0] == (
        "row 3: service_grouping: Revenues & Benefits is in the service grouping 'Resources', "
        "not 'Place': give 'Resources' for every line of Revenues & Benefits")


def test_every_problem_in_the_file_is_listed_in_row_order(run):
    result = run(csv_file(
        "Resources,Revenues & Benefits,Council Tax,,abc,,mobile,yes",
        GOOD_ROW,
        "Resources,,Council Tax,,01632 960001,,individual,perhaps",
    ))

    assert result.stderr.splitlines() == [
        "row 2: number: Enter a phone number, like 0113 496 0000, not 'abc'",
        "row 2: line_type: Enter one of individual, hunt_group, pa_phone, contact_centre, "
        "not 'mobile'",
        "row 4: service_block: Enter the service block the line belongs to, "
        "like Revenues & Benefits",
        "row 4: number: Enter a real phone number, like 0113 496 0000: "
        "'01632 960001' is not one",
        "row 4: active: Enter yes or no, not 'perhaps'",
        "Error: directory.csv was not imported: 5 problems. Correct the file and import it again",
    ]


def test_one_bad_row_among_good_ones_leaves_the_database_exactly_as_it_was(run, example_text):
    run(example_text)
    before = counts()
    changed = (example_text.replace("Priya Shah", "Ana Cruz")
               .replace("Planning,Building Control", "Planning,Enforcement")
               + "Place,Highways,Streets,,0113 496 0999,,individual,yes\n"
               + "Place,Highways,Streets,,01632 960001,,individual,yes\n")

    result = run(changed)

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "row 9: number: Enter a real phone number, like 0113 496 0000: "
        "'01632 960001' is not one")
    assert counts() == before
    assert db.session.scalar(sa.select(Line).filter_by(number="+441134960101")).officer_name == (
        "Priya Shah")


@pytest.mark.parametrize(("content", "problem"), [
    ("service_grouping,service_block,team,officer,number,line_type,active\n" + GOOD_ROW,
     "row 1: header: Add the column 'extension': the columns are service_grouping, "
     "service_block, team, officer, number, extension, line_type, active"),
    (HEADER.replace("line_type", "line type") + "\n",
     "row 1: header: Add the column 'line_type': the columns are service_grouping, "
     "service_block, team, officer, number, extension, line_type, active\n"
     "row 1: header: Remove the column 'line type', or rename it: the columns are "
     "service_grouping, service_block, team, officer, number, extension, line_type, active"),
    (HEADER + ",team\n",
     "row 1: header: The column 'team' appears more than once: keep only one"),
    ("",
     "row 1: header: The file is empty: add a first row naming the columns service_grouping, "
     "service_block, team, officer, number, extension, line_type, active, then one row for "
     "each record"),
    ((HEADER + "\nResources,Revenues & Benefits,Caf\xe9,,0113 496 0101,,individual,yes\n")
     .encode("latin-1"),
     "row 2: file: Save the file as 'CSV UTF-8' and import it again: this row has a character "
     "that is not UTF-8 (byte 0xE9)"),
])
def test_a_file_that_cannot_be_read_as_a_directory_is_rejected(run, content, problem):
    result = run(content)

    assert result.exit_code == 1
    count = len(problem.splitlines())
    assert result.stderr == (
        f"{problem}\nError: directory.csv was not imported: {count} "
        f"problem{'s' if count > 1 else ''}. Correct the file and import it again\n")


def test_a_file_saved_by_excel_with_a_byte_order_mark_and_blank_rows_imports(run, example_text):
    content = "\ufeff" + example_text.replace("\n", "\r\n") + ",,,,,,,\r\n\r\n"

    result = run(content.encode("utf-8"))

    assert result.output == (
        "Imported directory.csv: 6 lines — 6 created, 0 updated, 0 unchanged\n")


def test_a_header_without_rows_imports_nothing(run):
    result = run(csv_file())

    assert result.exit_code == 0
    assert result.output == (
        "Imported directory.csv: 0 lines — 0 created, 0 updated, 0 unchanged\n")


def test_a_missing_file_is_one_clear_line(app, tmp_path):
    result = app.test_cli_runner().invoke(
        args=["shopper", "import-directory", str(tmp_path / "missing.csv")])

    assert result.exit_code == 1
    assert result.stderr == (f"Error: Cannot read {tmp_path / 'missing.csv'}: No such file or "
                             "directory. Check the file name and try again\n")


def test_the_service_takes_text_and_returns_the_counts(app, example_text):
    assert import_directory(example_text, actor=TESTS) == ImportSummary(6, 0, 0)
    assert import_directory(example_text.encode(), dry_run=True,
                            actor=TESTS) == ImportSummary(0, 0, 6)


def test_the_service_rejects_with_every_row_error(app):
    with pytest.raises(ImportRejected) as rejected:
        import_directory(csv_file(GOOD_ROW, GOOD_ROW), actor=TESTS)

    assert str(rejected.value) == "1 problem"
    [error] = rejected.value.errors
    assert (error.row, error.column) == (3, "number")
    assert str(error).startswith("row 3: number: 0113 496 0101 is already on row 2")


def test_two_active_lines_cannot_share_a_number_but_an_inactive_one_can(app, example_text):
    import_directory(example_text, actor=TESTS)
    line = db.session.scalar(sa.select(Line).filter_by(number="+441134960101"))

    db.session.add(Line(number=line.number, extension="", line_type=line.line_type,
                        service_block_id=line.service_block_id, active=False,
                        officer_name="Previous holder"))
    db.session.commit()
    db.session.add(Line(number=line.number, extension="", line_type=line.line_type,
                        service_block_id=line.service_block_id, active=True))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()

    # Matched to the active line, so the older inactive one is left as it is.
    assert import_directory(example_text, actor=TESTS) == ImportSummary(0, 0, 6)
    holders = db.session.scalars(sa.select(Line.officer_name).filter_by(number=line.number))
    assert sorted(holders) == ["Previous holder", "Priya Shah"]
