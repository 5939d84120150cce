"""Time `flask shopper export --format json` over a year of shops (target: under 2 seconds).

Loads the demo council with 100,000 shops into a scratch database (once: a second run on the
same database reuses them), then times the export of that year in-process and as a command.

    .venv/bin/python -m bench.export_json                    # SQLite in a scratch folder
    createdb -h 127.0.0.1 -U postgres shopper_bench_export
    .venv/bin/python -m bench.export_json \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/shopper_bench_export
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from shopper import create_app
from shopper.extensions import db
from shopper.models import Shop
from shopper.services.demo.load import existing_council, load_demo

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="A scratch database (default: SQLite in /tmp)")
    parser.add_argument("--shops", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
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
    print(f"{db_name(url)}: {counted:,} shops from {start} to {end}")

    command = ["shopper", "export", "--format", "json", "--from", start.isoformat(),
               "--to", end.isoformat(), "-o", os.devnull]
    _time_export(app, command, args.repeats)
    with app.app_context():
        analysed = _analyse_if_never_analysed()
    if analysed:
        print("PostgreSQL had no statistics for the shops (autovacuum off or not yet run); "
              "after ANALYZE:")
        _time_export(app, command, args.repeats)

    began = time.perf_counter()
    subprocess.run([str(ROOT / ".venv/bin/flask"), "--app", "shopper", *command], check=True,
                   cwd=ROOT, env={**os.environ, "DATABASE_URL": url},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"export as a command (process start-up included): "
          f"{time.perf_counter() - began:.3f} s")
    print(f"load average {' '.join(f'{n:.1f}' for n in os.getloadavg())} "
          f"on {os.cpu_count()} CPUs")


def _time_export(app, command: list[str], repeats: int) -> None:
    runner = app.test_cli_runner()
    timings = []
    with app.app_context(), _statement_timer(db.engine) as statements:
        for _ in range(repeats):
            statements.clear()
            began = time.perf_counter()
            result = runner.invoke(args=command)
            timings.append(time.perf_counter() - began)
            if result.exit_code:
                sys.exit(result.output)
    print(f"export in-process: best {min(timings):.3f} s, median "
          f"{statistics.median(timings):.3f} s over {repeats} runs "
          f"(target {TARGET_SECONDS:.0f} s); the last run's slowest statements:")
    for seconds, sql in sorted(statements, reverse=True)[:2]:
        print(f"  {seconds:.3f} s  {' '.join(sql.split())[:100]}")


def _analyse_if_never_analysed() -> bool:
    """ANALYZE a PostgreSQL database whose shops table has never been analysed."""
    if db.engine.dialect.name != "postgresql":
        return False
    analysed = db.session.execute(sa.text(
        "SELECT coalesce(last_analyze, last_autoanalyze) FROM pg_stat_user_tables "
        "WHERE relname = 'shops'")).scalar()
    if analysed is not None:
        return False
    db.session.execute(sa.text("ANALYZE"))
    db.session.commit()
    return True


def db_name(url: str) -> str:
    parsed = make_url(url)
    return f"{parsed.get_backend_name()} {parsed.database}"


def _ensure_shops(shops: int, today: date) -> None:
    held = existing_council()
    if held is None:
        began = time.perf_counter()
        summary = load_demo(shops, 1, today)
        print(f"Loaded {summary.shops:,} demo shops in {time.perf_counter() - began:.1f} s")
        return
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Shop))
    if count != shops:
        sys.exit(f"The database already has data ({held}); give an empty scratch database")


@contextmanager
def _statement_timer(engine: sa.Engine):
    """Collect (seconds, sql) for every statement run while the block lasts."""
    statements: list[tuple[float, str]] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def after(conn, cursor, statement, parameters, context, executemany):
        statements.append((time.perf_counter() - conn.info["bench_started"].pop(), statement))

    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
        sa.event.remove(engine, "after_cursor_execute", after)


if __name__ == "__main__":
    main()
