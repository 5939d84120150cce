"""Importing the telephone directory from CSV: all or nothing, matched on number + extension."""

from dataclasses import dataclass, field
from typing import Literal

from shopper.domain.phones import PhoneNumberError, display_number, parse_phone_number
from shopper.domain.states import LineType
from shopper.extensions import db
from shopper.models import Line, ServiceBlock, ServiceGrouping, Team
from shopper.services.audit import Actor, record_change
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
from shopper.services.review import tallies

__all__ = ["COLUMNS", "ImportRejected", "ImportSummary", "describe_line", "import_directory"]

COLUMNS = ("service_grouping", "service_block", "team", "officer", "number", "extension",
           "line_type", "active")
LINE_TYPES = [line_type.value for line_type in LineType]

Outcome = Literal["created", "updated", "unchanged"]


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
    errors = RowErrors()
    rows = [_parse_row(number, values, errors)
            for number, values in read_rows(source, COLUMNS, errors)]
    valid = [row for row in rows if row is not None]
    _check_duplicates(valid, errors)
    organisation = _Organisation.load()
    _check_groupings(valid, organisation, errors)
    errors.raise_if_any()
    try:
        summary = _apply(valid, organisation, actor)
    except Exception:
        db.session.rollback()
        raise
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    return summary


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


def _check_groupings(rows: list[DirectoryRow], organisation: "_Organisation",
                     errors: RowErrors) -> None:
    """A service block is in one grouping: the one it is in now, or its first in the file."""
    grouping_of = {name: block.grouping.name for name, block in organisation.blocks.items()}
    for row in rows:
        expected = grouping_of.setdefault(row.block, row.grouping)
        if expected != row.grouping:
            errors.add(row.row, "service_grouping", (
                f"{row.block} is in the service grouping '{expected}', not '{row.grouping}': "
                f"give '{expected}' for every line of {row.block}"))


@dataclass
class _Organisation:
    """The groupings, blocks, teams and lines already stored, found by what the file says."""

    groupings: dict[str, ServiceGrouping]
    blocks: dict[str, ServiceBlock]
    teams: dict[tuple[str, str], Team] = field(default_factory=dict)
    lines: dict[tuple[str, str], Line] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "_Organisation":
        """Read everything once, so a large directory needs a handful of queries."""
        organisation = cls(
            {group.name: group for group in db.session.scalars(db.select(ServiceGrouping))},
            {block.name: block for block in db.session.scalars(db.select(ServiceBlock))})
        block_names = {block.id: name for name, block in organisation.blocks.items()}
        for team in db.session.scalars(db.select(Team)):
            organisation.teams[(block_names[team.service_block_id], team.name)] = team
        # Where an active and older inactive lines share a number, the row is the active one.
        for line in db.session.scalars(db.select(Line).order_by(Line.active, Line.id)):
            organisation.lines[(line.number, line.extension)] = line
        return organisation

    def block(self, grouping_name: str, name: str) -> ServiceBlock:
        """The block with this name, created (with its grouping) if it is new."""
        if name not in self.blocks:
            grouping = self.groupings.get(grouping_name)
            if grouping is None:
                grouping = self.groupings[grouping_name] = ServiceGrouping(name=grouping_name)
                db.session.add(grouping)
            self.blocks[name] = ServiceBlock(name=name, grouping=grouping)
            db.session.add(self.blocks[name])
        return self.blocks[name]

    def team(self, block: ServiceBlock, name: str) -> Team | None:
        """The block's team with this name, created if it is new; None for no team."""
        if not name:
            return None
        key = (block.name, name)
        if key not in self.teams:
            self.teams[key] = Team(name=name, block=block)
            db.session.add(self.teams[key])
        return self.teams[key]


def _apply(rows: list[DirectoryRow], organisation: _Organisation, actor: Actor) -> ImportSummary:
    """Make the stored lines match the rows, recording each created or updated line."""
    changes: list[tuple[Outcome, Line, dict | None]] = []
    for row in rows:
        block = organisation.block(row.grouping, row.block)
        team = organisation.team(block, row.team)
        line = organisation.lines.get(row.key)
        before = describe_line(line) if line else None
        if line is None:
            line = Line(number=row.number, extension=row.extension)
            db.session.add(line)
        line.block, line.team, line.line_type = block, team, row.line_type
        line.officer_name, line.active = row.officer or None, row.active
        after = describe_line(line)
        outcome: Outcome = "created" if before is None else (
            "unchanged" if before == after else "updated")
        changes.append((outcome, line, before))
    db.session.flush()
    for outcome, line, before in changes:
        if outcome != "unchanged":
            record_change(actor, "line", line.id, outcome, before, describe_line(line))
    retyped = [line.id for outcome, line, before in changes
               if outcome == "updated" and before["line_type"] != str(line.line_type)]
    # The block page splits shops by the type their line has now.
    tallies.recount(tallies.keys_of_lines(retyped))
    counts = [outcome for outcome, _, _ in changes]
    return ImportSummary(counts.count("created"), counts.count("updated"),
                         counts.count("unchanged"))


def describe_line(line: Line) -> dict:
    """What the audit trail keeps of a line."""
    return {
        "number": line.number, "extension": line.extension,
        "line_type": str(line.line_type), "officer": line.officer_name,
        "team": line.team.name if line.team else None,
        "service_block": line.block.name if line.block else None,
        "service_grouping": line.block.grouping.name if line.block else None,
        "active": line.active,
    }
