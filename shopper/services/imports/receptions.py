"""Importing reception points from CSV: all or nothing, matched on name."""

from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import selectinload

from shopper.extensions import db
from shopper.models import ReceptionPoint, ServiceBlock
from shopper.services.audit import Actor, record_change
from shopper.services.imports.csv_rows import (
    ImportRejected,
    ImportSummary,
    RowErrors,
    Source,
    parse_yes_no,
    read_rows,
    required_text,
)

__all__ = ["COLUMNS", "ImportRejected", "ImportSummary", "describe_reception_point",
           "import_receptions"]

COLUMNS = ("name", "address", "service_blocks", "family_reception")

Outcome = Literal["created", "updated", "unchanged"]


@dataclass(frozen=True)
class ReceptionRow:
    """One valid row of the file: a reception point and the blocks it serves."""

    row: int
    name: str
    address: str
    blocks: tuple[ServiceBlock, ...]
    family_reception: bool


def import_receptions(source: Source, dry_run: bool = False, *,
                      actor: Actor) -> ImportSummary:
    """Create or update every reception point in the file, or ImportRejected listing problems."""
    errors = RowErrors()
    blocks = {block.name: block for block in db.session.scalars(db.select(ServiceBlock))}
    rows = [_parse_row(number, values, blocks, errors)
            for number, values in read_rows(source, COLUMNS, errors)]
    valid = [row for row in rows if row is not None]
    _check_duplicates(valid, errors)
    errors.raise_if_any()
    try:
        summary = _apply(valid, actor)
    except Exception:
        db.session.rollback()
        raise
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    return summary


def _parse_row(row: int, values: dict[str, str], blocks: dict[str, ServiceBlock],
               errors: RowErrors) -> ReceptionRow | None:
    """The row's values checked, or None after recording its problems."""
    found = len(errors)
    name = errors.check(row, "name", lambda text: required_text(
        text, "the name of the reception point", "Municipal Buildings"), values["name"])
    address = errors.check(row, "address", lambda text: required_text(
        text, "the address of the reception point", "'Church Road, Anytown AN1 1AA'",
        max_length=500), values["address"])
    served = errors.check(row, "service_blocks", lambda text: _parse_blocks(text, blocks),
                          values["service_blocks"])
    family = errors.check(row, "family_reception", parse_yes_no, values["family_reception"])
    if len(errors) > found:
        return None
    return ReceptionRow(row, name, address, served, family)


def _parse_blocks(text: str, blocks: dict[str, ServiceBlock]) -> tuple[ServiceBlock, ...]:
    """The existing blocks named in the cell, separated by `;`, each once."""
    names = list(dict.fromkeys(name.strip() for name in text.split(";") if name.strip()))
    if not names:
        raise ValueError("Enter the service blocks the reception point serves, separated by "
                         "semicolons, like 'Revenues & Benefits;Planning'")
    unknown = [name for name in names if name not in blocks]
    if unknown:
        listed = ", ".join(f"'{name}'" for name in unknown)
        plural = "a service block" if len(unknown) == 1 else "service blocks"
        raise ValueError(f"{listed} {'is not' if len(unknown) == 1 else 'are not'} {plural}: "
                         "check the spelling, or import the directory first")
    return tuple(sorted((blocks[name] for name in names), key=lambda block: block.name))


def _check_duplicates(rows: list[ReceptionRow], errors: RowErrors) -> None:
    """A name may appear once in the file: rows are matched on it."""
    first_row: dict[str, int] = {}
    for row in rows:
        if row.name in first_row:
            errors.add(row.row, "name", (f"{row.name} is already on row {first_row[row.name]}: "
                                         "give each reception point once"))
        else:
            first_row[row.name] = row.row


def _apply(rows: list[ReceptionRow], actor: Actor) -> ImportSummary:
    """Make the stored reception points match the rows, recording each change."""
    query = db.select(ReceptionPoint).options(selectinload(ReceptionPoint.blocks))
    stored = {point.name: point for point in db.session.scalars(query)}
    changes: list[tuple[Outcome, ReceptionPoint, dict | None]] = []
    for row in rows:
        point = stored.get(row.name)
        before = describe_reception_point(point) if point else None
        if point is None:
            point = ReceptionPoint(name=row.name)
            db.session.add(point)
        point.address, point.family_reception = row.address, row.family_reception
        if [block.id for block in point.blocks] != [block.id for block in row.blocks]:
            point.blocks = list(row.blocks)
        after = describe_reception_point(point)
        outcome: Outcome = "created" if before is None else (
            "unchanged" if before == after else "updated")
        changes.append((outcome, point, before))
    db.session.flush()
    for outcome, point, before in changes:
        if outcome != "unchanged":
            record_change(actor, "reception_point", point.id, outcome, before,
                          describe_reception_point(point))
    counts = [outcome for outcome, _, _ in changes]
    return ImportSummary(counts.count("created"), counts.count("updated"),
                         counts.count("unchanged"))


def describe_reception_point(point: ReceptionPoint) -> dict:
    """What the audit trail keeps of a reception point."""
    return {
        "name": point.name, "address": point.address,
        "service_blocks": sorted(block.name for block in point.blocks),
        "family_reception": bool(point.family_reception), "active": point.active,
    }
