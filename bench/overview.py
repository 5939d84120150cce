"""Time the compliance overview over 1,000,000 shops on PostgreSQL (target: p95 under 300 ms
and within 2× of the raw SQL aggregate that computes the same figures).

Builds the demo council's organisation with a few thousand demo shops as templates, then
copies them in SQL (INSERT … SELECT over generate_series) to a million shops spread over the
last 12 months, with their results and item answers. A second run on the same database reuses
them. Then times, for this quarter and every block and standard as the coordinator sees them:
the overview service, and one hand-written SQL statement giving the same n and passes for the
period and the previous one.

    createdb -h 127.0.0.1 -U postgres shopper_bench_overview
    .venv/bin/python -m bench.overview \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/shopper_bench_overview
"""

import argparse
import statistics
import sys
import time
from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from shopper import create_app
from shopper.domain.ratings import local_date, previous_period
from shopper.extensions import db
from shopper.models import Shop, User
from shopper.services import overview
from shopper.services.demo import existing_council, load_demo

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/shopper_bench_overview"
TARGET_MS = 300
TEMPLATES = 5_000
BATCH = 100_000
MINUTES_A_YEAR = 365 * 24 * 60

# Copies of the template shops: a deterministic spread over the year and over the states.
_COPY = """
INSERT INTO bench_copies (new_id, template_id, new_at)
SELECT :base + g, t.template_id,
       date_trunc('minute', CAST(:now AS timestamp)
                 - make_interval(mins => ((g::bigint * 104729) % :minutes)::int))
FROM generate_series(:first, :last) AS g
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

WHAT_IF_SQL = """
SELECT r.service_block_id, sv.standard_id, sv.version,
       CASE WHEN r.occurred_on >= :start THEN 'current' ELSE 'previous' END AS period,
       count(*) AS n, sum(CASE WHEN r.passed THEN 1 ELSE 0 END) AS passes
FROM whatif_results AS r
JOIN standard_versions AS sv ON sv.id = r.standard_version_id
WHERE r.status IN ('submitted', 'verified')
  AND r.occurred_on BETWEEN :previous_start AND :end
  AND (r.awaiting_until IS NULL OR r.awaiting_until <= :now)
GROUP BY 1, 2, 3, 4
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL, help="A scratch PostgreSQL database")
    parser.add_argument("--shops", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--explain", action="store_true", help="Print EXPLAIN ANALYZE too")
    parser.add_argument("--what-if", action="store_true",
                        help="Also time the aggregate on shop results that carry their shop's "
                             "block, date and status, with a covering index (a scratch copy)")
    args = parser.parse_args()
    url = make_url(args.database_url)
    if url.get_backend_name() != "postgresql" or url.database in ("test", "shopper", "postgres"):
        sys.exit("Give a scratch PostgreSQL database, like " + DEFAULT_URL)

    app = create_app("development", SQLALCHEMY_DATABASE_URI=args.database_url)
    with app.app_context():
        upgrade()
        _ensure_shops(args.shops)
        now = datetime.now(UTC)
        start, end = overview.this_quarter(local_date(now))
        previous_start, _ = previous_period(start, end)
        counted = db.session.scalar(sa.select(sa.func.count()).select_from(Shop).where(
            Shop.occurred_on.between(previous_start, end)))
        print(f"{db.session.scalar(sa.select(sa.func.count()).select_from(Shop)):,} shops; "
              f"{counted:,} from {previous_start} to {end} (this quarter and the one before)")
        coordinator = db.session.scalar(sa.select(User).where(
            User.email == "coordinator@anytown.example"))
        choice = overview.Choice(start=start, end=end)

        def service() -> None:
            overview.compliance_overview(coordinator, choice, now)
            db.session.rollback()

        params = {"start": start, "end": end, "previous_start": previous_start,
                  "now": now.replace(tzinfo=None)}

        def raw() -> None:
            db.session.execute(sa.text(RAW_SQL), params).all()
            db.session.rollback()

        service_ms, raw_ms = _time(service, args.runs), _time(raw, args.runs)
        _report("overview service", service_ms)
        _report("raw SQL aggregate", raw_ms)
        ratio = _p(service_ms, 95) / _p(raw_ms, 95)
        verdict = ("meets" if _p(service_ms, 95) < TARGET_MS and ratio <= 2 else "misses")
        print(f"ratio (p95 service / p95 raw SQL): {ratio:.2f}× — {verdict} the target "
              f"(p95 < {TARGET_MS} ms and within 2×)")
        block_id, shops = db.session.execute(sa.select(Shop.service_block_id, sa.func.count())
                                             .where(Shop.occurred_on.between(start, end))
                                             .group_by(Shop.service_block_id)
                                             .order_by(sa.func.count().desc())).first()

        def block() -> None:
            overview.block_page(block_id, start, end, now, local_date(now))
            db.session.rollback()

        _report(f"block page, the busiest block ({shops:,} shops this quarter)",
                _time(block, max(args.runs // 4, 3)))
        if args.explain:
            plan = db.session.execute(sa.text("EXPLAIN (ANALYZE, BUFFERS) " + RAW_SQL), params)
            print("\n".join(row[0] for row in plan))
        if args.what_if:
            _what_if(params, args.runs)


def _what_if(params: dict, runs: int) -> None:
    """The raw aggregate if shop_results carried service_block_id, occurred_on, status and
    awaiting_until, with a partial covering index: built as a scratch table, then dropped."""
    session = db.session
    session.execute(sa.text(
        "CREATE TABLE whatif_results AS SELECT r.shop_id, r.standard_version_id, r.passed, "
        "s.service_block_id, s.occurred_on, s.status, s.awaiting_until "
        "FROM shop_results AS r JOIN shops AS s ON s.id = r.shop_id"))
    session.execute(sa.text(
        "CREATE INDEX whatif_results_counted ON whatif_results (occurred_on) INCLUDE "
        "(service_block_id, standard_version_id, passed, awaiting_until) "
        "WHERE status IN ('submitted', 'verified')"))
    session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text("VACUUM ANALYZE whatif_results"))
    query = sa.text(WHAT_IF_SQL)
    try:
        _report("what if: denormalised shop_results + covering index", _time(
            lambda: (session.execute(query, params).all(), session.rollback()), runs))
    finally:
        session.execute(sa.text("DROP TABLE whatif_results"))
        session.commit()


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
    session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text("VACUUM ANALYZE"))


if __name__ == "__main__":
    main()
