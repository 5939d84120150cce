"""Long exports made in the background: each file is written beside a small status file.

The status is a JSON file in a folder every worker process can read, so the page that shows
progress may be served by any of them. Only the person who asked can see or fetch a file.
"""

import json
import logging
import os
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import BinaryIO

from shopper.services.errors import NotFound

MAKING, READY, FAILED = "making", "ready", "failed"
# A job whose status has not moved for this long was stopped (its process ended): say so
# rather than keep someone waiting for ever.
STALLED_AFTER_SECONDS = 300
KEPT_FOR_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")
log = logging.getLogger(__name__)

Progress = Callable[[int], None]


@dataclass(frozen=True)
class JobStatus:
    token: str
    owner_id: int
    file_format: str
    name: str
    media_type: str
    shops: int
    written: int
    state: str
    started_at: float
    updated_at: float

    @property
    def stalled(self) -> bool:
        return (self.state == MAKING
                and time.time() - self.updated_at > STALLED_AFTER_SECONDS)

    @property
    def percent(self) -> int:
        """Shops written as a whole percentage, never 100 until the file is ready."""
        if self.state == READY:
            return 100
        return min(99, self.written * 100 // self.shops) if self.shops else 0


class ExportJobs:
    """The background exports kept in one folder."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def start(self, owner_id: int, file_format: str, name: str, media_type: str,
              shops: int) -> JobStatus:
        """A new job, noted as being made; old jobs' files are removed first."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self._tidy()
        now = time.time()
        status = JobStatus(secrets.token_urlsafe(16), owner_id, file_format, name,
                           media_type, shops, 0, MAKING, now, now)
        self._save(status)
        return status

    def run(self, status: JobStatus, write: Callable[[BinaryIO, Progress], None]) -> None:
        """Write the file with write(file, progress), then mark it ready (or failed)."""
        part = self._path(status.token, ".part")
        last_saved = 0.0

        def progress(written: int) -> None:
            nonlocal status, last_saved
            status = replace(status, written=written, updated_at=time.time())
            if status.updated_at - last_saved >= 1:
                self._save(status)
                last_saved = status.updated_at
        try:
            with part.open("wb") as file:
                write(file, progress)
            part.replace(self._path(status.token, ".file"))
        except Exception:
            log.exception("The %s export %s failed", status.file_format, status.token)
            part.unlink(missing_ok=True)
            self._save(replace(status, state=FAILED, updated_at=time.time()))
            return
        self._save(replace(status, written=status.shops, state=READY, updated_at=time.time()))

    def status(self, token: str, owner_id: int) -> JobStatus:
        """The job, if it is this person's; NotFound for any other token."""
        if not _TOKEN.match(token):
            raise NotFound
        try:
            found = JobStatus(**json.loads(self._path(token, ".json").read_text()))
        except (OSError, ValueError, TypeError):
            raise NotFound from None
        if found.owner_id != owner_id:
            raise NotFound
        return found

    def file_path(self, status: JobStatus) -> Path:
        """Where a ready job's file is; NotFound while it is being made or if it failed."""
        path = self._path(status.token, ".file")
        if status.state != READY or not path.exists():
            raise NotFound
        return path

    def _path(self, token: str, suffix: str) -> Path:
        return self.folder / f"{token}{suffix}"

    def _save(self, status: JobStatus) -> None:
        # Written whole then moved into place, so a reader never sees half a status.
        temporary = self._path(status.token, f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(asdict(status)))
        temporary.replace(self._path(status.token, ".json"))

    def _tidy(self) -> None:
        too_old = time.time() - KEPT_FOR_SECONDS
        for path in self.folder.iterdir():
            try:
                if path.stat().st_mtime < too_old:
                    path.unlink()
            except OSError:
                continue
