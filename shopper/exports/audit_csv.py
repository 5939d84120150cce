"""The audit trail as CSV: one line per change, as the coordinator filtered it."""

import csv
import io
import json
from collections.abc import Iterable, Iterator

from shopper.exports.table import neutralise

COLUMNS = ("at", "who", "entity", "entity_id", "action", "before", "after")


def audit_csv(events: Iterable) -> Iterator[bytes]:
    """A header, then each event; times in UTC (ISO 8601), before and after as JSON."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for event in events:
        writer.writerow([neutralise(value) for value in (
            event.at.isoformat(), event.actor, event.entity, event.entity_id, event.action,
            _json(event.before), _json(event.after))])
        yield out.getvalue().encode("utf-8")
        out.seek(0)
        out.truncate()
    yield out.getvalue().encode("utf-8")


def _json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
