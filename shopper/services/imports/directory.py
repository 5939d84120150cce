"""Importing the telephone directory from CSV: all or nothing, matched on number + extension."""

from dataclasses import dataclass

from shopper.domain.phones import PhoneNumberError, display_number, parse_phone_number
from shopper.domain.states import LineType
from shopper.extensions import db
from shopper.services.audit import Actor
from shopper.services.imports.csv_rows import (
    ImportRejected,
    ImportSummary,
    RowErrors,
    Source,
    optional_text,
    parse_choice,
    parse_yes_no,
    read_rows,
    required_text,
)
from shopper.services.imports.directory_store import (
    DirectoryPlan,
    LineChange,
    StoredDirectory,
    apply_plan,
    describe,
)

__all__ = ["COLUMNS", "DirectoryPlan", "ImportRejected", "ImportSummary", "LineChange",
           "DirectoryRow", "StoredDirectory", "apply_directory", "import_directory",
           "plan_directory", "plan_rows", "read_and_plan", "summary_of"]

COLUMNS = ("service_grouping", "service_block", "team", "officer", "number", "extension",
           "line_type", "active")
LINE_TYPES = [line_type.value for line_type in LineType]

@dataclass(frozen=True)
class DirectoryRow:
    """One valid row of the file: a line as the council's directory describes it."""

    row: int
    grouping: str
    block: str
    team: str
    officer: str
    number: str  # E.164
    extension: str
    line_type: LineType
    active: bool

    @property
    def key(self) -> tuple[str, str]:
        return self.number, self.extension


def import_directory(source: Source, dry_run: bool = False, *, actor: Actor) -> ImportSummary:
    """Create or update every line in the file, or ImportRejected listing every problem."""
    stored = StoredDirectory.load()
    plan = plan_directory(source, stored)
    if not dry_run:
        apply_directory(plan, stored, actor)
    return summary_of(plan)


def apply_directory(plan: DirectoryPlan, stored: StoredDirectory, actor: Actor) -> None:
    """Write a plan made against `stored` and commit it, or write nothing."""
    try:
        apply_plan(plan, stored, actor)
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()


def summary_of(plan: DirectoryPlan) -> ImportSummary:
    return ImportSummary(len(plan.created), len(plan.updated), plan.unchanged)


def plan_directory(source: Source, stored: StoredDirectory | None = None) -> DirectoryPlan:
    """What importing the file would change, or ImportRejected listing every problem."""
    return read_and_plan(source, stored)[1]


def read_and_plan(source: Source, stored: StoredDirectory | None = None
                  ) -> tuple[list[DirectoryRow], DirectoryPlan]:
    """The file's checked rows and what they would change, or ImportRejected."""
    errors = RowErrors()
    rows = [_parse_row(number, values, errors)
            for number, values in read_rows(source, COLUMNS, errors)]
    valid = [row for row in rows if row is not None]
    _check_duplicates(valid, errors)
    return valid, plan_rows(valid, stored, errors)


def plan_rows(rows: list[DirectoryRow], stored: StoredDirectory | None = None,
              errors: RowErrors | None = None) -> DirectoryPlan:
    """What rows already read from a file would change now, or ImportRejected."""
    stored = stored or StoredDirectory.load()
    errors = errors if errors is not None else RowErrors()
    _check_groupings(rows, stored, errors)
    errors.raise_if_any()
    return _plan(rows, stored)


def _parse_row(row: int, values: dict[str, str], errors: RowErrors) -> DirectoryRow | None:
    """The row's values checked and normalised, or None after recording its problems."""
    found = len(errors)
    grouping = errors.check(row, "service_grouping", lambda text: required_text(
        text, "the service grouping", "Resources"), values["service_grouping"])
    block = errors.check(row, "service_block", lambda text: required_text(
        text, "the service block the line belongs to", "Revenues & Benefits"),
        values["service_block"])
    team = errors.check(row, "team", lambda text: optional_text(text, "the team"),
                        values["team"])
    officer = errors.check(row, "officer", lambda text: optional_text(
        text, "the officer's name"), values["officer"])
    phone = _parse_number(row, values["number"], values["extension"], errors)
    line_type = errors.check(row, "line_type", lambda text: parse_choice(text, LINE_TYPES),
                             values["line_type"])
    active = errors.check(row, "active", parse_yes_no, values["active"])
    if len(errors) > found or phone is None:
        return None
    return DirectoryRow(row, grouping, block, team, officer, phone[0], phone[1],
                        LineType(line_type), active)


def _parse_number(row: int, number: str, extension: str,
                  errors: RowErrors) -> tuple[str, str] | None:
    """The number in E.164 and its extension, from the two columns, or None with problems."""
    if extension and not (extension.isdigit() and len(extension) <= 10):
        errors.add(row, "extension",
                   f"Enter the extension as up to 10 digits, like 2201, not '{extension}'")
        return None
    try:
        phone = parse_phone_number(number)
    except PhoneNumberError as error:
        errors.add(row, "number", str(error))
        return None
    if extension and phone.extension and phone.extension != extension:
        errors.add(row, "extension", (
            f"The number says extension {phone.extension} but this column says {extension}: "
            "give the extension in this column only"))
        return None
    return phone.e164, extension or phone.extension


def _check_duplicates(rows: list[DirectoryRow], errors: RowErrors) -> None:
    """A number and extension may appear once in the file: rows are matched on them."""
    first_row: dict[tuple[str, str], int] = {}
    for row in rows:
        if row.key in first_row:
            errors.add(row.row, "number", (
                f"{display_number(*row.key)} is already on row {first_row[row.key]}: "
                "give each number and extension once"))
        else:
            first_row[row.key] = row.row


def _check_groupings(rows: list[DirectoryRow], stored: StoredDirectory,
                     errors: RowErrors) -> None:
    """A service block is in one grouping: the one it is in now, or its first in the file."""
    grouping_of = {name: grouping for name, (_, grouping) in stored.blocks.items()}
    for row in rows:
        expected = grouping_of.setdefault(row.block, row.grouping)
        if expected != row.grouping:
            errors.add(row.row, "service_grouping", (
                f"{row.block} is in the service grouping '{expected}', not '{row.grouping}': "
                f"give '{expected}' for every line of {row.block}"))


def _plan(rows: list[DirectoryRow], stored: StoredDirectory) -> DirectoryPlan:
    """Compare each row with the line stored under its number and extension."""
    plan = DirectoryPlan()
    groupings, blocks, teams = set(stored.groupings), set(stored.blocks), set(stored.teams)
    for row in rows:
        if row.grouping not in groupings:
            groupings.add(row.grouping)
            plan.new_groupings.append(row.grouping)
        if row.block not in blocks:
            blocks.add(row.block)
            plan.new_blocks.append((row.block, row.grouping))
        if row.team and (row.block, row.team) not in teams:
            teams.add((row.block, row.team))
            plan.new_teams.append((row.block, row.team))
        after = describe(row.number, row.extension, str(row.line_type), row.officer or None,
                         row.team or None, row.block, row.grouping, row.active)
        line = stored.lines.get(row.key)
        if line is None:
            plan.created.append(LineChange(row.row, None, None, after))
        elif line.description != after:
            plan.updated.append(LineChange(row.row, line.id, line.description, after))
        else:
            plan.unchanged += 1
    return plan
