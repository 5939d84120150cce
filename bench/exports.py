"""Time the XLSX, CSV and PDF exports over a year of shops, with their peak memory.

Targets: XLSX of 100,000 shops under 20 s and 300 MB; CSV at 50,000 rows/s or more; the PDF
pack for a year of 40 service blocks under 30 s. Loads the demo council with 100,000 shops
into a scratch database, spreads its shops over 40 blocks (once: a second run on the same
database reuses them), then runs each export as a command under /usr/bin/time and times the
CSV rows in-process.

    .venv/bin/python -m bench.exports                          # SQLite in a scratch folder
    createdb -h 127.0.0.1 -U postgres shopper_bench_exports
    .venv/bin/python -m bench.exports \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/shopper_bench_exports

On PostgreSQL the CSV is formatted by the database server (COPY), so its CPU seconds are
counted beside this process's; on a busy machine they say more than the wall time.
--csv-only --csv-runs 3 times the CSV three times and skips the commands.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from shopper import create_app
from shopper.extensions import db
from shopper.models import ServiceBlock, Shop
from shopper.services.demo.load import existing_council, load_demo
from shopper.services.exports.evidence import ExportChoice, gather_evidence
from shopper.services.exports.files import csv_chunks
from shopper.services.review.tallies import recount_every_tally

ROOT = Path(__file__).resolve().parent.parent
BLOCKS = 40


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="A scratch database (default: SQLite in /tmp)")
    parser.add_argument("--shops", type=int, default=100_000)
    parser.add_argument("--csv-runs", type=int, default=1, help="Time the CSV this many times")
    parser.add_argument("--csv-only", action="store_true", help="Skip the export commands")
    parser.add_argument("--serial", action="store_true",
                        help="No parallel workers on PostgreSQL, so all its CPU is counted")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='shopper-bench-')}/b.sqlite"
    if make_url(url).database in ("test", "shopper"):
        sys.exit(f"Refusing to use the {make_url(url).database!r} database: give a scratch one")
    app = create_app("development", SQLALCHEMY_DATABASE_URI=url)
    today = date.today()
    start, end = today - timedelta(days=364), today
    with app.app_context():
        upgrade()
        _ensure_shops(args.shops, today)
        counted = db.session.scalar(sa.select(sa.func.count()).select_from(Shop).where(
            Shop.occurred_on.between(start, end)))
        blocks = db.session.scalar(sa.select(sa.func.count()).select_from(ServiceBlock))
        print(f"{make_url(url).get_backend_name()}: {counted:,} shops in {blocks} blocks, "
              f"{start} to {end}")
        for _ in range(args.csv_runs):
            _time_csv(start, end, args.serial)
    if args.csv_only:
        return _print_load()
    for file_format, target in (("xlsx", "20 s, 300 MB"), ("csv", ""), ("pdf", "30 s")):
        elapsed, cpu, peak, size = _run(url, file_format, start, end)
        print(f"{file_format} as a command: {elapsed:.1f} s ({cpu:.1f} s of CPU), peak "
              f"{peak / 1024:.0f} MB, {size / 1e6:.1f} MB written"
              + (f" (target {target})" if target else ""))
    _print_load()


def _print_load() -> None:
    print(f"load average {' '.join(f'{n:.1f}' for n in os.getloadavg())} "
          f"on {os.cpu_count()} CPUs")


def _time_csv(start: date, end: date, serial: bool) -> None:
    """The CSV in-process, gathering the evidence included: rows a second of wall time, and
    a second of CPU (this process's, plus on PostgreSQL the server process's when it runs on
    this machine: COPY does the formatting there; its parallel workers' time is counted only
    if there are none, with serial)."""
    server = _server_process()
    if serial and server:
        db.session.execute(sa.text("SET max_parallel_workers_per_gather = 0"))
    began, cpu, server_cpu = time.perf_counter(), time.process_time(), _cpu_seconds(server)
    evidence = gather_evidence(ExportChoice(start, end), datetime.now(UTC))
    gathered = time.perf_counter() - began
    rows = sum(chunk.count(b"\r\n") for chunk in csv_chunks(evidence, datetime.now(UTC))) - 1
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    server_cpu = _cpu_seconds(server) - server_cpu
    db.session.rollback()
    print(f"CSV in-process{' (serial)' if serial else ''}: {rows:,} rows in {seconds:.2f} s "
          f"({gathered:.2f} s gathering the evidence) = {rows / seconds:,.0f} rows/s "
          f"(target 50,000); CPU {cpu:.2f} s here + "
          f"{server_cpu:.2f} s in the database server = {rows / (cpu + server_cpu):,.0f} rows "
          f"per CPU second; load average {os.getloadavg()[0]:.1f}")


def _server_process() -> int | None:
    if db.engine.dialect.name != "postgresql":
        return None
    pid = db.session.scalar(sa.text("SELECT pg_backend_pid()"))
    return pid if Path(f"/proc/{pid}/stat").exists() else None


def _cpu_seconds(pid: int | None) -> float:
    """User and system CPU seconds of a process on this machine (0 if none)."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _run(url: str, file_format: str, start: date,
         end: date) -> tuple[float, float, int, int]:
    """Seconds, CPU seconds, peak resident kilobytes and bytes written by one export command;
    on a busy machine the CPU seconds say more than the seconds."""
    target = Path(tempfile.mkdtemp(prefix="shopper-bench-")) / f"evidence.{file_format}"
    command = ["/usr/bin/time", "-f", "%e %U %S %M", str(ROOT / ".venv/bin/flask"), "--app",
               "shopper", "shopper", "export", "--format", file_format, "--from",
               start.isoformat(), "--to", end.isoformat(), "-o", str(target)]
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, "DATABASE_URL": url},
                          capture_output=True, text=True, check=True)
    elapsed, user, system, peak = done.stderr.strip().splitlines()[-1].split()
    return float(elapsed), float(user) + float(system), int(peak), target.stat().st_size


def _ensure_shops(shops: int, today: date) -> None:
    if existing_council() is None:
        began = time.perf_counter()
        summary = load_demo(shops, 1, today)
        print(f"Loaded {summary.shops:,} demo shops in {time.perf_counter() - began:.1f} s")
    blocks = db.session.scalars(sa.select(ServiceBlock).order_by(ServiceBlock.id)).all()
    if len(blocks) >= BLOCKS:
        return
    grouping = blocks[0].grouping_id
    extra = [ServiceBlock(name=f"Bench block {n}", grouping_id=grouping)
             for n in range(len(blocks) + 1, BLOCKS + 1)]
    db.session.add_all(extra)
    db.session.flush()
    # Every 40th shop goes to each new block, so all 40 blocks have a year of results.
    ids = [block.id for block in [*blocks, *extra]]
    for index, block_id in enumerate(ids[len(blocks):], start=len(blocks)):
        db.session.execute(sa.update(Shop).where(Shop.id % BLOCKS == index)
                           .values(service_block_id=block_id))
    db.session.commit()
    recount_every_tally()


if __name__ == "__main__":
    main()
