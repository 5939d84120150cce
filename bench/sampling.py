"""How long assigning an exercise's shops takes at a national scale (target: < 5 s).

    .venv/bin/python bench/sampling.py [--blocks 400] [--lines 40000] [--shops 100000]
                                       [--target 20] [--database-url URL] [--seed 1]

Builds, in a new SQLite database in a temporary folder (or the empty scratch database
--database-url names), a council of --blocks service blocks sharing --lines phone lines in a
mix of types, a reception point for every two blocks, 300 shoppers (a third councillors, the
rest staff of a block), --shops shops over the last year and a previous exercise's assignments.
It then times sampling an exercise of every block with --target shops each over the next 13
weeks, then what its progress page, assignment list and CSV download ask of the services, and
checks the assignments it saved against the lock-out, the daily cap and the
own-block rule straight from the database. Never run as a test.
"""

import argparse
import random
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shopper import create_app  # noqa: E402
from shopper.domain.deadlines import LONDON  # noqa: E402
from shopper.domain.states import ExerciseStatus, LineType, Role, ShopStatus  # noqa: E402
from shopper.exports.assignments_csv import assignments_csv  # noqa: E402
from shopper.extensions import db  # noqa: E402
from shopper.models import (  # noqa: E402
    Assignment,
    Exercise,
    Line,
    ReceptionPoint,
    ServiceBlock,
    ServiceGrouping,
    Shop,
    Standard,
    User,
    reception_point_blocks,
)
from shopper.services.audit import Actor  # noqa: E402
from shopper.services.exercises.assignments import assignment_rows  # noqa: E402
from shopper.services.exercises.plans import today  # noqa: E402
from shopper.services.exercises.progress import exercise_progress  # noqa: E402
from shopper.services.exercises.sampling import sample_exercise  # noqa: E402
from shopper.services.settings import current_settings  # noqa: E402

KINDS = [LineType.INDIVIDUAL] * 6 + [LineType.HUNT_GROUP] * 2 + [LineType.PA_PHONE,
                                                                 LineType.CONTACT_CENTRE]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", type=int, default=400)
    parser.add_argument("--lines", type=int, default=40_000)
    parser.add_argument("--shops", type=int, default=100_000)
    parser.add_argument("--target", type=int, default=20)
    parser.add_argument("--database-url", help="an empty scratch database (default: SQLite)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="print where the time goes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite"
        app = create_app("development", SQLALCHEMY_DATABASE_URI=url)
        with app.app_context(), app.test_request_context():
            upgrade()
            started = time.perf_counter()
            exercise_id = build(random.Random(args.seed), args)
            print(f"Built the council in {time.perf_counter() - started:.1f} s "
                  f"({db.engine.url.get_backend_name()})")
            exercise = db.session.get(Exercise, exercise_id)
            actor = Actor.command("bench")
            started, cpu = time.perf_counter(), time.process_time()
            if args.profile:
                import cProfile
                with cProfile.Profile() as profile:
                    done = sample_exercise(actor, exercise, today(), seed=args.seed)
                profile.print_stats("cumulative")
            else:
                done = sample_exercise(actor, exercise, today(), seed=args.seed)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            print(f"Sampled {args.blocks} blocks x {args.target}: {done.assigned:,} assigned, "
                  f"{done.shortfall} short, in {seconds:.2f} s ({cpu:.2f} s CPU)")
            time_pages(exercise_id)
            problems = check(exercise_id)
            print("Rules kept: lock-out, daily cap, own block" if not problems
                  else "\n".join(problems))


def time_pages(exercise_id: int) -> None:
    """What the exercise's pages and download ask of the services, on the sampled exercise."""
    db.session.expire_all()
    exercise = db.session.get(Exercise, exercise_id)
    for label, run in (
            ("progress page", lambda: exercise_progress(exercise, today())),
            ("assignment list", lambda: assignment_rows(exercise, today(), limit=501)),
            ("CSV download", lambda: assignments_csv(exercise.name,
                                                     assignment_rows(exercise, today())))):
        started = time.perf_counter()
        run()
        print(f"{label:>16}: {time.perf_counter() - started:.2f} s")


def build(rng: random.Random, args) -> int:
    """The council, a year of shops and a previous exercise; returns the new exercise's id."""
    groupings = [ServiceGrouping(name=f"Grouping {n}") for n in range(20)]
    db.session.add_all(groupings)
    db.session.flush()
    blocks = _insert(ServiceBlock, [{"name": f"Block {n:03d}",
                                     "grouping_id": groupings[n % 20].id}
                                    for n in range(args.blocks)])
    lines = _insert(Line, [{"number": f"+4411349{n:05d}", "line_type": rng.choice(KINDS),
                            "service_block_id": blocks[n % len(blocks)], "extension": ""}
                           for n in range(args.lines)])
    points = _insert(ReceptionPoint, [{"name": f"Reception {n}"}
                                      for n in range(len(blocks) // 2)])
    db.session.execute(sa.insert(reception_point_blocks), [
        {"reception_point_id": point, "service_block_id": blocks[(2 * n + k) % len(blocks)]}
        for n, point in enumerate(points) for k in (0, 1)])
    shoppers = _insert(User, [{"email": f"shopper{n}@example.org", "role": Role.SHOPPER,
                               "service_block_id": None if n % 3 == 0 else rng.choice(blocks)}
                              for n in range(300)])
    _history(rng, lines, shoppers, args.shops)
    _previous_exercise(rng, lines, shoppers, blocks)
    exercise = Exercise(name="Bench", starts_on=today(), ends_on=today() + timedelta(weeks=13),
                        target_per_block=args.target, status=ExerciseStatus.OPEN)
    exercise.blocks = list(db.session.scalars(sa.select(ServiceBlock)))
    exercise.standards = list(db.session.scalars(sa.select(Standard)))
    exercise.shoppers = list(db.session.scalars(sa.select(User)))
    db.session.add(exercise)
    db.session.commit()
    return exercise.id


def _insert(model, rows: list[dict]) -> list[int]:
    return list(db.session.scalars(sa.insert(model).returning(model.id), rows))


def _history(rng: random.Random, lines: list[int], shoppers: list[int], count: int) -> None:
    block_of = dict(db.session.execute(sa.select(Line.id, Line.service_block_id)).all())
    now = datetime.now(UTC)
    rows = []
    for _ in range(count):
        line = rng.choice(lines)
        at = now - timedelta(days=rng.randrange(1, 366), minutes=rng.randrange(600))
        rows.append({"client_id": uuid.UUID(int=rng.getrandbits(128)), "channel": "call",
                     "status": ShopStatus.SUBMITTED, "shopper_id": rng.choice(shoppers),
                     "service_block_id": block_of[line], "line_id": line, "occurred_at": at,
                     "occurred_on": at.astimezone(LONDON).date(), "dialled_number": "x"})
    for start in range(0, len(rows), 10_000):
        db.session.execute(sa.insert(Shop), rows[start:start + 10_000])


def _previous_exercise(rng, lines, shoppers, blocks) -> None:
    """Assignments still due from an earlier exercise: they count against the lock-out and cap."""
    block_of = dict(db.session.execute(sa.select(Line.id, Line.service_block_id)).all())
    rows, given = [], Counter()
    for line in rng.sample(lines, 4000):
        shopper, due_on = rng.choice(shoppers), today() + timedelta(days=rng.randrange(0, 14))
        if given[(shopper, due_on)] < current_settings().daily_cap:
            given[(shopper, due_on)] += 1
            rows.append({"shopper_id": shopper, "line_id": line,
                         "service_block_id": block_of[line], "due_on": due_on})
    db.session.execute(sa.insert(Assignment), rows)


def check(exercise_id: int) -> list[str]:
    """Every rule, read back from the database with no help from the sampling code."""
    settings = current_settings()
    problems = []
    dates = defaultdict(list)
    for line, point, day in db.session.execute(
            sa.select(Shop.line_id, Shop.reception_point_id, Shop.occurred_on)):
        dates[("line", line) if line else ("point", point)].append((day, False))
    for line, point, day, exercise in db.session.execute(
            sa.select(Assignment.line_id, Assignment.reception_point_id, Assignment.due_on,
                      Assignment.exercise_id)
            .where(Assignment.shop_id.is_(None), Assignment.cancelled_at.is_(None))):
        dates[("line", line) if line else ("point", point)].append((day, exercise == exercise_id))
    for key, days in dates.items():
        days.sort()
        # Only the new exercise's assignments are the sample's doing.
        close = [(a, b) for a, b in zip(days, days[1:], strict=False)
                 if (b[0] - a[0]).days < settings.lockout_days and (a[1] or b[1])]
        if close:
            problems.append(f"{key} shopped on {close[0][0][0]} and {close[0][1][0]}")
    per_day = Counter(db.session.execute(
        sa.select(Assignment.shopper_id, Assignment.due_on)
        .where(Assignment.cancelled_at.is_(None))).all())
    problems += [f"shopper {s} has {n} due on {d}" for (s, d), n in per_day.items()
                 if n > settings.daily_cap]
    own = db.session.execute(
        sa.select(Assignment.id).join(User, User.id == Assignment.shopper_id)
        .outerjoin(reception_point_blocks, reception_point_blocks.c.reception_point_id
                   == Assignment.reception_point_id)
        .where(Assignment.exercise_id == exercise_id,
               sa.or_(User.service_block_id == Assignment.service_block_id,
                      User.service_block_id == reception_point_blocks.c.service_block_id))).all()
    problems += [f"assignment {row.id} is its shopper's own block" for row in own]
    return problems[:20]


if __name__ == "__main__":
    main()
