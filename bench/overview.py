"""Time the compliance overview over 10,000, 100,000 and 1,000,000 shops on PostgreSQL (target:
p95 under 300 ms and within 2× of the raw SQL aggregate that computes the same figures).

Each size has its own database, named after the one given with the size appended
(shopper_bench_overview_10000, …), created if missing and reused when it already holds that
many shops. The figures of every size are printed again side by side at the end.

Builds the demo council's organisation with a few thousand demo shops as templates, then
copies them in SQL (INSERT … SELECT over generate_series) to a million shops spread over the
last 12 months, with their results and item answers, and counts the tallies. A second run on
the same database reuses them. Then times, for this quarter and every block and standard as
the coordinator sees them: the overview service, the whole page through Flask (signed in,
rendered), and two hand-written SQL statements giving the same n and passes for the period and
the previous one: one over the shops themselves, one over the tallies the service reads.
Last, a block's page for the busiest block, and the JSON export's report for every block.

    .venv/bin/python -m bench.overview [--sizes 10000,100000,1000000] [--runs 50] \
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/shopper_bench_overview]
"""

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask import g
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from shopper import create_app
from shopper.domain.ratings import local_date, previous_period
from shopper.extensions import db
from shopper.models import ResultTally, Shop, User
from shopper.services.demo.council import DEMO_PASSWORD
from shopper.services.demo.load import existing_council, load_demo
from shopper.services.review import block_page, overview, periods, tallies
from shopper.services.review.reports import compliance_report

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/shopper_bench_overview"
TARGET_MS = 300
COORDINATOR = "coordinator@anytown.example"
TEMPLATES = 5_000
BATCH = 100_000
MINUTES_A_YEAR = 365 * 24 * 60
SERVICE = "overview service"
PAGE = "overview page (GET /compliance, signed in, rendered)"
RAW_SHOPS = "raw SQL aggregate over the shops"
RAW_TALLIES = "raw SQL aggregate over the tallies"
BLOCK = "block page service, the busiest block"
REPORT = "compliance report for every block (the JSON export's figures)"

# Copies of the template shops: a deterministic spread over the year and over the states.
_COPY = """
INSERT INTO bench_copies (new_id, template_id, new_at)
SELECT :base + g, t.template_id,
       date_trunc('minute', CAST(:now AS timestamp)
                 - make_interval(mins => ((g::bigint * 104729) % :minutes)::int))
FROM generate_series(CAST(:first AS bigint), CAST(:last AS bigint)) AS g
JOIN bench_templates AS t ON t.k = g % :templates
"""
_SHOPS = """
INSERT INTO shops (id, client_id, ref, content_hash, channel, status, shopper_id,
    service_block_id, occurred_at, occurred_on, line_id, dialled_number, dialled_extension,
    number_flagged, rings, outcome, held_or_transferred, officer_away, message_left_at,
    callback_at, callback_never, callback_withheld, callback_answering_machine, awaiting_until,
    reception_point_id, acknowledged_minutes, seen_minutes, notes, submitted_at, verified_at,
    verified_by_id, excluded_reason, created_at, updated_at)
SELECT c.new_id, gen_random_uuid(), NULL, s.content_hash, s.channel,
       CASE WHEN c.new_id % 100 = 0 THEN 'excluded' WHEN c.new_id % 100 = 1 THEN 'draft'
            WHEN c.new_id % 100 < 45 THEN 'verified' ELSE 'submitted' END,
       s.shopper_id, s.service_block_id, c.new_at,
       CAST((c.new_at AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/London' AS date),
       s.line_id, s.dialled_number, s.dialled_extension, s.number_flagged, s.rings, s.outcome,
       s.held_or_transferred, s.officer_away, s.message_left_at + (c.new_at - s.occurred_at),
       s.callback_at + (c.new_at - s.occurred_at), s.callback_never, s.callback_withheld,
       s.callback_answering_machine, s.awaiting_until + (c.new_at - s.occurred_at),
       s.reception_point_id, s.acknowledged_minutes, s.seen_minutes, s.notes, c.new_at,
       NULL, NULL, CASE WHEN c.new_id % 100 = 0 THEN 'Wrong number' END, c.new_at, c.new_at
FROM bench_copies AS c JOIN shops AS s ON s.id = c.template_id
"""
_RESULTS = """
INSERT INTO shop_results (shop_id, standard_version_id, met_weight, applicable_weight, passed)
SELECT c.new_id, r.standard_version_id, r.met_weight, r.applicable_weight, r.passed
FROM bench_copies AS c JOIN shop_results AS r ON r.shop_id = c.template_id
"""
_ANSWERS = """
INSERT INTO item_answers (shop_id, item_id, answer)
SELECT c.new_id, a.item_id, a.answer
FROM bench_copies AS c JOIN item_answers AS a ON a.shop_id = c.template_id
"""

# The same figures as the overview's table, for both periods, written by hand.
RAW_SQL = """
SELECT s.service_block_id, st.code, sv.version,
       CASE WHEN s.occurred_on >= :start THEN 'current' ELSE 'previous' END AS period,
       count(*) AS n, sum(CASE WHEN r.passed THEN 1 ELSE 0 END) AS passes
FROM shop_results AS r
JOIN shops AS s ON s.id = r.shop_id
JOIN standard_versions AS sv ON sv.id = r.standard_version_id
JOIN standards AS st ON st.id = sv.standard_id
WHERE s.status IN ('submitted', 'verified')
  AND s.occurred_on BETWEEN :previous_start AND :end
  AND (s.awaiting_until IS NULL OR s.awaiting_until <= :now)
GROUP BY 1, 2, 3, 4
"""

# The same again, from the tallies the service reads, summed before the standards are joined.
RAW_TALLIES_SQL = """
SELECT t.service_block_id, st.code, sv.version, t.period, t.n, t.passes
FROM (SELECT service_block_id, standard_version_id,
             CASE WHEN occurred_on >= :start THEN 'current' ELSE 'previous' END AS period,
             sum(shops) AS n, sum(passes) AS passes
      FROM result_tallies
      WHERE occurred_on BETWEEN :previous_start AND :end
        AND (awaiting_until IS NULL OR awaiting_until <= :now)
      GROUP BY 1, 2, 3) AS t
JOIN standard_versions AS sv ON sv.id = t.standard_version_id
JOIN standards AS st ON st.id = sv.standard_id
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL,
                        help="A scratch PostgreSQL database's name; each size appends its own")
    parser.add_argument("--sizes", default="10000,100000,1000000",
                        help="Shops in each database, comma separated")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--explain", action="store_true", help="Print EXPLAIN ANALYZE too")
    args = parser.parse_args()
    url = make_url(args.database_url)
    if url.get_backend_name() != "postgresql" or url.database in ("test", "shopper", "postgres"):
        sys.exit("Give a scratch PostgreSQL database, like " + DEFAULT_URL)
    figures = {}
    for size in [int(size) for size in args.sizes.split(",")]:
        sized = url.set(database=f"{url.database}_{size}")
        _create_database(sized)
        print(f"\n== {size:,} shops, in {sized.database} (load average "
              f"{' '.join(f'{load:.2f}' for load in os.getloadavg())})", flush=True)
        figures[size] = _measure(sized.render_as_string(hide_password=False), size, args)
    _summary(figures)


def _create_database(url) -> None:
    engine = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if not connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                 {"name": url.database}):
            connection.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    engine.dispose()


def _measure(database_url: str, size: int, args) -> dict[str, list[float]]:
    """Every figure at one size, printed as it comes; the timings by what they time."""
    # The test configuration only to sign in without a CSRF token; the database is the bench's.
    app = create_app("test", SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        upgrade()
        _ensure_shops(size)
        now = datetime.now(UTC)
        start, end = periods.this_quarter(local_date(now))
        previous_start, _ = previous_period(start, end)
        counted = db.session.scalar(sa.select(sa.func.count()).select_from(Shop).where(
            Shop.occurred_on.between(previous_start, end)))
        tallied = db.session.scalar(sa.select(sa.func.count()).select_from(ResultTally).where(
            ResultTally.occurred_on.between(previous_start, end)))
        print(f"{db.session.scalar(sa.select(sa.func.count()).select_from(Shop)):,} shops; "
              f"{counted:,} from {previous_start} to {end} (this quarter and the one before), "
              f"summed from {tallied:,} result tallies")
        coordinator = db.session.scalar(sa.select(User).where(User.email == COORDINATOR))
        choice = overview.Choice(start=start, end=end)
        params = {"start": start, "end": end, "previous_start": previous_start,
                  "now": now.replace(tzinfo=None)}

        def service() -> None:
            _fresh_request()
            overview.compliance_overview(coordinator, choice, now)
            db.session.rollback()

        timings = {
            SERVICE: _time(service, args.runs),
            PAGE: _page_timings(app, args.runs),
            RAW_SHOPS: _time(_raw(RAW_SQL, params), args.runs),
            RAW_TALLIES: _time(_raw(RAW_TALLIES_SQL, params), args.runs),
        }
        for what, figures in timings.items():
            _report(what, figures)
        for raw in (RAW_SHOPS, RAW_TALLIES):
            print(f"ratio, p95 service / p95 {raw}: "
                  f"{_p(timings[SERVICE], 95) / _p(timings[raw], 95):.2f}×")
        page = _p(timings[PAGE], 95)
        verdict = "meets" if page < TARGET_MS else "misses"
        print(f"page p95 {page:.0f} ms — {verdict} the target of {TARGET_MS} ms")
        timings.update(_other_pages(now, start, end, max(args.runs // 5, 5)))
        if args.explain:
            plan = db.session.execute(sa.text("EXPLAIN (ANALYZE, BUFFERS) " + RAW_TALLIES_SQL),
                                      params)
            print("\n".join(row[0] for row in plan))
        db.session.remove()
        db.engine.dispose()
    return timings


def _summary(figures: dict[int, dict[str, list[float]]]) -> None:
    """p95 of each figure at every size, then the two ratios: against the shops themselves (the
    physical limit without the tallies) and against the tallies (the app's own overhead)."""
    sizes = list(figures)
    print("\n== p95 in ms at each size\n" + f"{'':60}" + "".join(f"{size:>12,}" for size in sizes))
    for what in figures[sizes[0]]:
        print(f"{what:60}" + "".join(f"{_p(figures[size][what], 95):12.0f}" for size in sizes))
    for raw, meaning in ((RAW_SHOPS, "the physical limit without the tallies"),
                         (RAW_TALLIES, "the app's own overhead")):
        ratios = "".join(f"{_p(figures[size][SERVICE], 95) / _p(figures[size][raw], 95):11.2f}×"
                         for size in sizes)
        print(f"{'service / ' + raw:60}{ratios}  ({meaning})")


def _raw(sql: str, params: dict):
    def run() -> None:
        db.session.execute(sa.text(sql), params).all()
        db.session.rollback()
    return run


def _fresh_request() -> None:
    """Forget what the last run kept for its request (the settings), as a new request would."""
    for key in list(g):
        g.pop(key)


def _page_timings(app, runs: int) -> list[float]:
    client = app.test_client()
    response = client.post("/sign-in", data={"email": COORDINATOR, "password": DEMO_PASSWORD})
    assert response.status_code == 302, "the coordinator could not sign in"

    def page() -> None:
        _fresh_request()
        response = client.get("/compliance")
        assert response.status_code == 200
        db.session.remove()

    return _time(page, runs)


def _other_pages(now: datetime, start: date, end: date, runs: int) -> dict[str, list[float]]:
    block_id, shops = db.session.execute(sa.select(Shop.service_block_id, sa.func.count())
                                         .where(Shop.occurred_on.between(start, end))
                                         .group_by(Shop.service_block_id)
                                         .order_by(sa.func.count().desc())).first()

    def block() -> None:
        _fresh_request()
        block_page.block_page(block_id, start, end, now, local_date(now))
        block_page.block_shops(block_id, start, end, now, 1, with_names=True)
        db.session.rollback()

    def report() -> None:
        compliance_report(start, end, now)
        db.session.rollback()

    timings = {BLOCK: _time(block, runs), REPORT: _time(report, runs)}
    _report(f"{BLOCK} ({shops:,} shops this quarter)", timings[BLOCK])
    _report(REPORT, timings[REPORT])
    return timings


def _fast_load(session) -> None:
    """For this transaction: no waiting on the disk, and no foreign-key checks (the copies
    point at rows that exist by construction). Needs a superuser, as the bench database's is."""
    session.execute(sa.text("SET LOCAL synchronous_commit TO OFF"))
    session.execute(sa.text("SET LOCAL session_replication_role TO replica"))


def _time(run, runs: int) -> list[float]:
    run()  # warm the caches and the connection pool
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        run()
        timings.append((time.perf_counter() - began) * 1000)
    return timings


def _p(timings: list[float], percentile: int) -> float:
    return statistics.quantiles(timings, n=100, method="inclusive")[percentile - 1]


def _report(what: str, timings: list[float]) -> None:
    print(f"{what}: p50 {_p(timings, 50):.0f} ms, p95 {_p(timings, 95):.0f} ms "
          f"over {len(timings)} runs")


def _ensure_shops(wanted: int) -> None:
    held = existing_council()
    have = db.session.scalar(sa.select(sa.func.count()).select_from(Shop))
    if held is not None:
        if have != wanted:
            sys.exit(f"The database already has data ({held}); give an empty scratch database")
        return
    began = time.perf_counter()
    today = date.today()
    load_demo(shops=min(TEMPLATES, wanted), seed=1, today=today)
    print(f"Demo council and {min(TEMPLATES, wanted):,} template shops in "
          f"{time.perf_counter() - began:.1f} s")
    _copy_shops(wanted - min(TEMPLATES, wanted))
    print(f"{wanted:,} shops in {time.perf_counter() - began:.1f} s")


def _copy_shops(copies: int) -> None:
    if copies <= 0:
        return
    session = db.session
    _fast_load(session)
    session.execute(sa.text(
        "CREATE UNLOGGED TABLE bench_templates AS SELECT CAST(row_number() OVER (ORDER BY id) - 1 "
        "AS int) AS k, id AS template_id FROM shops"))
    session.execute(sa.text("CREATE UNLOGGED TABLE bench_copies (new_id int, template_id int, "
                            "new_at timestamp)"))
    templates = session.scalar(sa.text("SELECT count(*) FROM bench_templates"))
    base = session.scalar(sa.text("SELECT max(id) FROM shops"))
    now = datetime.now(UTC).replace(tzinfo=None)
    for first in range(1, copies + 1, BATCH):
        last = min(first + BATCH - 1, copies)
        session.execute(sa.text("TRUNCATE bench_copies"))
        session.execute(sa.text(_COPY), {"base": base, "now": now, "minutes": MINUTES_A_YEAR,
                                         "first": first, "last": last, "templates": templates})
        for statement in (_SHOPS, _RESULTS, _ANSWERS):
            session.execute(sa.text(statement))
        session.commit()
        _fast_load(session)
        print(f"  {base + last:,} shops", flush=True)
    session.execute(sa.text("SELECT setval(pg_get_serial_sequence('shops', 'id'), "
                            "(SELECT max(id) FROM shops))"))
    session.execute(sa.text("DROP TABLE bench_copies, bench_templates"))
    tallies.recount_all()
    session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text("VACUUM ANALYZE"))


if __name__ == "__main__":
    main()
