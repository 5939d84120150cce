"""Time the signed-in pages of the demo council, as each role sees them, on a database you have.

Run it on the database bench/overview.py builds (1,000,000 shops), or on any database holding
the demo council (`flask --app shopper shopper demo --shops N`):

    .venv/bin/python -m bench.pages \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/shopper_bench_overview

Each page is fetched through Flask's test client (signed in, rendered), once to warm up and then
--runs times; it prints the status and the median and slowest time. Never run as a test.
"""

import argparse
import statistics
import time

from flask import g

from shopper import create_app
from shopper.extensions import db
from shopper.services.demo.council import DEMO_PASSWORD

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/shopper_bench_overview"
ROLES = ("coordinator@anytown.example", "lead.housing@anytown.example",
         "assessor@assessors.example")
PAGES = ("/", "/compliance", "/compliance?from=2025-12-03&to=2026-12-02",
         "/compliance/blocks/1", "/compliance/blocks/5", "/results", "/actions", "/disputes",
         "/disputes/shops-to-verify", "/api/v1/compliance?from=2026-01-01&to=2026-12-31")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    # The test configuration only to sign in without a CSRF token; the database is yours.
    app = create_app("test", SQLALCHEMY_DATABASE_URI=args.database_url)
    with app.app_context():
        for email in ROLES:
            client = app.test_client()
            response = client.post("/sign-in", data={"email": email, "password": DEMO_PASSWORD})
            print(f"{email}: sign-in {response.status_code}")
            for path in PAGES:
                status, timings = _time(client, path, args.runs)
                print(f"  {path}: {status}, median {statistics.median(timings):.0f} ms, "
                      f"slowest {max(timings):.0f} ms")


def _time(client, path: str, runs: int) -> tuple[int, list[float]]:
    timings, status = [], None
    for run in range(runs + 1):
        for key in list(g):  # each request starts afresh, as outside tests
            g.pop(key)
        began = time.perf_counter()
        status = client.get(path).status_code
        if run:  # the first warms the caches
            timings.append((time.perf_counter() - began) * 1000)
        db.session.remove()
    return status, timings


if __name__ == "__main__":
    main()
