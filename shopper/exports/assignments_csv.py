"""An exercise's assignments as CSV (SPEC 8): the coordinator's list and what a check reads."""

import csv
import io
from collections.abc import Iterable

from shopper.exports.table import neutralise

COLUMNS = ("exercise", "shopper_email", "service_block", "number", "extension",
           "reception_point", "due_on", "state")


def assignments_csv(exercise_name: str, rows: Iterable) -> bytes:
    """One line per assignment, with a header, in UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([neutralise(str(value)) for value in (
            exercise_name, row.shopper_email, row.block, row.number, row.extension,
            row.reception_point, row.due_on.isoformat(), row.state.value)])
    return out.getvalue().encode("utf-8")
