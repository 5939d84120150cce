"""Importing historical shops from CSV: all or nothing, matched on ref.

Rows are checked against the users, directory and standards read once up front, then by the
domain's fact_errors and answer_errors (see shop_rows); any problem rejects the whole
file and changes nothing. Valid shops are stored `submitted`, assessed by shops.shop_rows under
the standard versions in force when they occurred, at the moment of import: a message left
with no callback and a deadline still to come is awaiting callback.

Where the file format leaves a choice:
- A ref already stored with the same content is left alone. With other content the shop is
  updated in place (same id and client id): facts, answers and results are replaced, it is
  `submitted` again (a coordinator verified the old content) unless it was excluded, which
  stands, and the audit trail keeps it before and after.
- Created shops are recorded in the audit trail as one event per import, listing their refs.
"""

import csv
import io
from datetime import datetime

import sqlalchemy as sa

from shopper.domain.standards import DERIVED_FROM
from shopper.extensions import db
from shopper.models import (
    Shop,
)
from shopper.services.audit import Actor, record_change
from shopper.services.database import refresh_statistics
from shopper.services.imports.csv_rows import (
    ImportRejected,
    ImportSummary,
    Row,
    RowError,
    RowErrors,
    Source,
    check_header,
    decode_csv,
    read_rows,
)
from shopper.services.imports.shop_lookups import Lookups, load_lookups
from shopper.services.imports.shop_rows import FIXED_COLUMNS, parse_row
from shopper.services.imports.shop_store import insert_new, update_stored
from shopper.services.settings import load_settings
from shopper.services.shops import ShopRecord, ShopRows, content_hash, shop_rows, utcnow
from shopper.services.standards import Catalogue

__all__ = ["FIXED_COLUMNS", "ImportRejected", "ImportSummary", "import_shops"]

# Shops created at once after which PostgreSQL's planner is told the tables' new size.
BULK_LOAD = 10_000


def import_shops(source: Source, dry_run: bool = False, now: datetime | None = None, *,
                 actor: Actor) -> ImportSummary:
    """Create or update every shop in the file, or ImportRejected listing every problem."""
    now = now or utcnow()
    errors = RowErrors()
    lookups = load_lookups()
    rows, item_columns = _read_rows(source, lookups.catalogue, errors)
    _check_duplicate_refs(rows, errors)
    records = [parse_row(number, values, item_columns, lookups, errors)
               for number, values in rows]
    errors.raise_if_any()
    stored = {row.ref: row for row in db.session.execute(
        sa.select(Shop.ref, Shop.id, Shop.content_hash, Shop.status, Shop.service_block_id,
                  Shop.occurred_on).where(Shop.ref.is_not(None)))}
    # Each record's fingerprint, by ref (unique in the file): compared here, stored by _apply.
    fingerprints = {record.ref: content_hash(record) for record in records}
    created = [record for record in records if record.ref not in stored]
    updated = [(record, stored[record.ref]) for record in records if record.ref in stored
               and stored[record.ref].content_hash != fingerprints[record.ref]]
    summary = ImportSummary(len(created), len(updated), len(records) - len(created) - len(updated))
    if dry_run:
        db.session.rollback()
        return summary
    try:
        _apply(created, updated, fingerprints, lookups, now, actor)
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    if len(created) >= BULK_LOAD:
        refresh_statistics()
    return summary


def _read_rows(source: Source, catalogue: Catalogue,
               errors: RowErrors) -> tuple[list[Row], tuple[str, ...]]:
    """The file's rows and its item columns, once the header names the right columns."""
    text = decode_csv(source)
    items = [item for versions in catalogue.versions.values() for version in versions
             for item in version.spec.items]
    derived = {item.code for item in items if item.derived}
    asked = list(dict.fromkeys(item.code for item in items if item.code not in derived))
    header = _first_record(text)
    # Extra columns are judged here, so a derived item's column can say why it is not wanted.
    problems = check_header(header, FIXED_COLUMNS, allow_other=lambda name: True) if header else []
    for name in dict.fromkeys(header):
        if name in derived:
            problems.append(RowError(1, "header", (
                f"Remove the column '{name}': {name} is worked out from the facts "
                f"({DERIVED_FROM.get(name, 'the other columns')}), so it is not imported")))
        elif name and name not in FIXED_COLUMNS and name not in asked:
            problems.append(RowError(1, "header", (
                f"Remove the column '{name}', or rename it: the columns are "
                f"{', '.join(FIXED_COLUMNS)}, then one for each item asked ({', '.join(asked)})")))
    if problems:
        raise ImportRejected(problems)
    rows = read_rows(text, FIXED_COLUMNS, errors, allow_other=asked.__contains__)
    return rows, tuple(name for name in header if name in asked)


def _first_record(text: str) -> list[str]:
    try:
        return [cell.strip() for cell in next(csv.reader(io.StringIO(text, newline="")), [])]
    except csv.Error:
        return []  # read_rows reports an unreadable file


def _check_duplicate_refs(rows: list[Row], errors: RowErrors) -> None:
    """A ref may appear once in the file: shops are matched on it."""
    first_row: dict[str, int] = {}
    for number, values in rows:
        ref = values["ref"]
        if ref in first_row:
            errors.add(number, "ref", f"{ref} is already on row {first_row[ref]}: give each "
                                      "shop its own ref")
        elif ref:
            first_row[ref] = number


def _apply(created: list[ShopRecord], updated: list[tuple[ShopRecord, sa.Row]],
           fingerprints: dict[str, str], lookups: Lookups, now: datetime, actor: Actor) -> None:
    settings = load_settings()

    def assess(record: ShopRecord) -> ShopRows:
        return shop_rows(record, lookups.catalogue, settings, now, fingerprints[record.ref])

    if created:
        insert_new(created, assess)
        record_change(actor, "shop_import", now.strftime("%Y%m%dT%H%M%S"), "created", None,
                      {"created": [record.ref for record in created]})
    if updated:
        update_stored([(stored, assess(record)) for record, stored in updated], lookups, actor)
