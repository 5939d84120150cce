"""Every signed-in page, and an exercise's sampling, at a national scale: 1,000,000 shops, 400
service blocks and 40,000 lines on PostgreSQL.

    .venv/bin/python -m bench.overview --sizes 1000000     # builds the million shops, once
    .venv/bin/python -m bench.national [--runs 3] [--again]

Copies bench/overview.py's database of a million shops (shopper_bench_overview_1000000) to a
new database, shopper_bench_national, dropped first if it exists. Into the copy it imports,
with `flask shopper import-directory`, a directory of 386 more service blocks (400 in all)
with 39,706 more lines (40,000 in all), then spreads the calls over every line and block (a
shop takes line `id mod 40,000`, and that line's block) and recounts the tallies, so each of
the 400 blocks has a year of results. Then it samples an exercise of every block (20 shops
each over the next 13 weeks) and crawls every page each demo role can reach from the links
(the crawl of tests/site_map.py, one page per route), fetching each through Flask's test
client once to warm up and then --runs times. It prints each page's median and slowest time
and ends with the slowest pages. --again skips the building and times the pages on the
database the last run left. Never run as a test.
"""

import argparse
import csv
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import psycopg
import sqlalchemy as sa
from flask import g

from bench.import_directory import LINE_TYPES, RANGES
from shopper import create_app
from shopper.domain.states import ExerciseStatus
from shopper.extensions import db
from shopper.models import Exercise, ServiceBlock, Standard, User
from shopper.services.audit import Actor
from shopper.services.demo.council import DEMO_PASSWORD
from shopper.services.exercises.plans import today
from shopper.services.exercises.sampling import sample_exercise
from shopper.services.review.tallies import recount_every_tally
from tests.site_map import DEMO_USERS, Crawl, prepare_demo, seed_urls, tidy_demo

SERVER = "postgresql://postgres@127.0.0.1:5432"
SOURCE, DATABASE = "shopper_bench_overview_1000000", "shopper_bench_national"
BLOCKS, LINES = 400, 40_000
SLOW_MS = 300


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--again", action="store_true",
                        help="time the pages again on the national database a run left")
    args = parser.parse_args()
    if not args.again:
        _copy_database()
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{DATABASE}"
    # The test configuration only to sign in without a CSRF token; the database is the copy.
    app = create_app("test", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        if not args.again:
            _grow_directory(app)
            _spread_calls()
            _sample_exercise()
        slow = []
        prepare_demo()
        try:
            for name, (email, role) in DEMO_USERS.items():
                slow += _time_pages(app, name, email, role, args.runs)
        finally:
            tidy_demo()
    print(f"\n== Pages slower than {SLOW_MS} ms (median): {len(slow)}")
    for median, name, url in sorted(slow, reverse=True):
        print(f"  {median:6.0f} ms  {name:<12} {url}")
    print(f"load average {' '.join(f'{n:.2f}' for n in os.getloadavg())}")


def _copy_database() -> None:
    began = time.perf_counter()
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        try:
            connection.execute(f'CREATE DATABASE "{DATABASE}" TEMPLATE "{SOURCE}"')
        except psycopg.errors.InvalidCatalogName:
            sys.exit(f"No {SOURCE}: run `python -m bench.overview --sizes 1000000` first")
    print(f"Copied {SOURCE} to {DATABASE} in {time.perf_counter() - began:.1f} s")


def _grow_directory(app) -> None:
    """Import the lines that take the directory to 400 blocks and 40,000 lines."""
    blocks = db.session.scalar(sa.select(sa.func.count()).select_from(ServiceBlock))
    lines = db.session.scalar(sa.text("SELECT count(*) FROM lines"))
    new_blocks = [f"National block {n:03d}" for n in range(1, BLOCKS - blocks + 1)]
    with tempfile.NamedTemporaryFile("w", suffix=".csv", newline="", delete=False) as file:
        writer = csv.writer(file)
        writer.writerow(["service_grouping", "service_block", "team", "officer", "number",
                         "extension", "line_type", "active"])
        for index in range(LINES - lines):
            place = index % len(new_blocks)
            block = new_blocks[place]
            line_type = LINE_TYPES[index % len(LINE_TYPES)]
            # Extensions from 3000 keep the new lines apart from the demo's own.
            writer.writerow([f"National grouping {place % 20 + 1}", block,
                             f"{block} team {index % 7 + 1}",
                             f"Officer {index}" if line_type == "individual" else "",
                             f"{RANGES[index % len(RANGES)]}{index // len(RANGES) % 1000:03d}",
                             str(3000 + index // (len(RANGES) * 1000)), line_type, "yes"])
    began = time.perf_counter()
    result = app.test_cli_runner().invoke(args=["shopper", "import-directory", file.name])
    Path(file.name).unlink()
    if result.exit_code != 0:
        sys.exit(f"import-directory failed:\n{result.output}")
    print(f"import-directory of {LINES - lines:,} lines in {len(new_blocks)} new blocks: "
          f"{time.perf_counter() - began:.1f} s ({result.output.strip().splitlines()[-1]})")


def _spread_calls() -> None:
    began = time.perf_counter()
    db.session.execute(sa.text("""
        UPDATE shops SET line_id = numbered.id, service_block_id = numbered.service_block_id
        FROM (SELECT id, service_block_id, row_number() OVER (ORDER BY id) - 1 AS place
              FROM lines) AS numbered
        WHERE shops.channel = 'call' AND shops.id % :lines = numbered.place"""),
                       {"lines": LINES})
    db.session.commit()
    rows = recount_every_tally()
    print(f"Calls spread over {LINES:,} lines and the tallies recounted ({rows:,} rows) in "
          f"{time.perf_counter() - began:.1f} s")


def _sample_exercise() -> None:
    exercise = Exercise(name="National", starts_on=today(),
                        ends_on=today() + timedelta(weeks=13), target_per_block=20,
                        status=ExerciseStatus.OPEN)
    exercise.blocks = list(db.session.scalars(sa.select(ServiceBlock)))
    exercise.standards = list(db.session.scalars(sa.select(Standard)))
    exercise.shoppers = list(db.session.scalars(sa.select(User)))
    db.session.add(exercise)
    db.session.commit()
    began = time.perf_counter()
    done = sample_exercise(Actor.command("bench"), exercise, today(), seed=1)
    print(f"Sampled an exercise of {len(exercise.blocks)} blocks × 20 shops: {done.assigned:,} "
          f"assigned, shortfall {done.shortfall:,}, in {time.perf_counter() - began:.1f} s")


def _time_pages(app, name: str, email: str, role, runs: int) -> list[tuple]:
    client = app.test_client()
    client.post("/sign-in", data={"email": email, "password": DEMO_PASSWORD})
    print(f"\n== {name} ({email})")

    def fetch(url: str) -> tuple[str, str | None]:
        response = _get(client, url, follow_redirects=True)
        query = response.request.query_string.decode()
        html = response.get_data(as_text=True) if response.mimetype == "text/html" else None
        return response.request.path + (f"?{query}" if query else ""), html

    slow = []
    for page in Crawl(app, role).run(seed_urls(app, role), fetch):
        timings, status = [], None
        for _ in range(runs):
            began = time.perf_counter()
            status = _get(client, page.url).status_code
            timings.append((time.perf_counter() - began) * 1000)
        median = statistics.median(timings)
        print(f"  {status} {median:6.0f} ms (slowest {max(timings):.0f})  {page.url}")
        if median > SLOW_MS:
            slow.append((median, name, page.url))
    return slow


def _get(client, url: str, follow_redirects: bool = False):
    for key in list(g):  # each request starts afresh, as outside tests
        g.pop(key)
    response = client.get(url, follow_redirects=follow_redirects)
    db.session.remove()
    return response


if __name__ == "__main__":
    main()
