"""Uploading the directory in the app: a preview of every change, then a confirm step.

The file is checked by the same import as `import-directory`. Between the preview and the
confirmation its checked rows wait in a folder the caller names (the app's instance folder),
under a random token; confirming plans them again against the directory as it is then, and
writes them only if the changes are still those the coordinator saw.
"""

import contextlib
import hashlib
import json
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from shopper.domain.states import LineType
from shopper.services.audit import Actor
from shopper.services.errors import NotFound
from shopper.services.imports.csv_rows import ImportRejected, ImportSummary
from shopper.services.imports.directory import (
    DirectoryPlan,
    DirectoryRow,
    StoredDirectory,
    apply_directory,
    plan_rows,
    read_and_plan,
    summary_of,
)

__all__ = ["ImportRejected", "PlanChanged", "Preview", "confirm_upload", "preview_upload"]

MAX_BYTES = 20 * 1024 * 1024


class PlanChanged(Exception):
    """The directory changed since the preview: `preview` is what the file would do now."""

    def __init__(self, preview: "Preview") -> None:
        super().__init__("The directory has changed since the preview")
        self.preview = preview


@dataclass(frozen=True)
class Preview:
    token: str
    plan: DirectoryPlan

    @property
    def fingerprint(self) -> str:
        """A digest of the changes, to tell whether a confirmation still means the same."""
        plan = self.plan
        text = repr((plan.new_groupings, plan.new_blocks, plan.new_teams,
                     [change.after for change in plan.created],
                     [(change.line_id, change.after) for change in plan.updated]))
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def summary(self) -> ImportSummary:
        return summary_of(self.plan)


def preview_upload(data: bytes, folder: Path) -> Preview:
    """Check the file and keep its rows for confirmation; ImportRejected lists every problem."""
    rows, plan = read_and_plan(data)
    token = secrets.token_hex(16)
    folder.mkdir(parents=True, exist_ok=True)
    _forget_abandoned(folder)
    # The checked rows, not the file: confirming need not parse 50,000 numbers again.
    _path(folder, token).write_text(json.dumps([asdict(row) for row in rows]),
                                    encoding="utf-8")
    return Preview(token, plan)


def confirm_upload(token: str, fingerprint: str, folder: Path, actor: Actor) -> ImportSummary:
    """Import the kept file if it still makes the changes previewed; then forget it."""
    path = _path(folder, token)
    if not path.is_file():
        raise NotFound("No uploaded directory waits under this token")
    rows = [DirectoryRow(**{**row, "line_type": LineType(row["line_type"])})
            for row in json.loads(path.read_text(encoding="utf-8"))]
    stored = StoredDirectory.load()
    try:
        plan = plan_rows(rows, stored)
    except ImportRejected:
        path.unlink(missing_ok=True)
        raise
    if Preview(token, plan).fingerprint != fingerprint:
        raise PlanChanged(Preview(token, plan))
    apply_directory(plan, stored, actor)
    path.unlink(missing_ok=True)
    return summary_of(plan)


def _forget_abandoned(folder: Path) -> None:
    """Delete files previewed more than a day ago and never confirmed."""
    day_ago = time.time() - 24 * 60 * 60
    for path in folder.glob("directory-*.json"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < day_ago:
                path.unlink()


def _path(folder: Path, token: str) -> Path:
    if not (len(token) == 32 and all(c in "0123456789abcdef" for c in token)):
        raise NotFound("Not an upload token")
    return folder / f"directory-{token}.json"
