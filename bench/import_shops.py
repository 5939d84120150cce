"""How long `flask shopper import-shops` takes on a large file of valid shops (target: < 60 s).

    .venv/bin/python bench/import_shops.py [--rows 100000] [--database-url URL] [--seed 1]
                                           [--with-updates]

Loads the demo council (`shopper demo --shops 0`) into a new SQLite database in a temporary
folder, or into the empty scratch database --database-url names, such as one made with
`createdb -h 127.0.0.1 -U postgres shopper_bench`. It then writes a CSV of valid shops on the
council's active lines and reception points, and times importing it, importing it again (every
row unchanged), a dry run and, with --with-updates, a copy with every answer not implied by the
facts turned over (most rows updated, each audited). Never run as a test.
"""

import argparse
import csv
import io
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from flask_migrate import upgrade

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shopper import create_app  # noqa: E402
from shopper.domain import (  # noqa: E402
    LONDON,
    SHIPPED_STANDARDS,
    Away,
    CallFacts,
    Outcome,
    VisitFacts,
    asked_items,
    implied_answers,
)
from shopper.domain.phones import display_number  # noqa: E402
from shopper.domain.states import Role  # noqa: E402
from shopper.extensions import db  # noqa: E402
from shopper.models import Line, ReceptionPoint, ServiceBlock, User  # noqa: E402
from shopper.services.imports.shop_rows import FIXED_COLUMNS  # noqa: E402

ITEM_COLUMNS = list(dict.fromkeys(
    item.code for standard in SHIPPED_STANDARDS for item in standard.items if not item.derived))
YES_NO = {True: "yes", False: "no", None: ""}
FLIPPED = {"met": "not_met", "not_met": "met"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", help="an empty scratch database (default: SQLite)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--with-updates", action="store_true",
                        help="also time a file with answers changed, so most shops update")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite"
        app = create_app("development", SQLALCHEMY_DATABASE_URI=url)
        runner = app.test_cli_runner()
        with app.app_context():
            upgrade()
            _invoke(runner, "demo", "--shops", "0", "--seed", str(args.seed))
            path = Path(folder) / "shops.csv"
            started = time.perf_counter()
            original, changed_rows = _shops(random.Random(args.seed), args.rows)
            path.write_text(_csv(original), encoding="utf-8")
            print(f"Wrote {args.rows:,} rows in {time.perf_counter() - started:.1f} s "
                  f"({path.stat().st_size / 1e6:.1f} MB)")
            print(f"Database: {db.engine.url.render_as_string(hide_password=True)}")
            changed = Path(folder) / "changed.csv"
            changed.write_text(_csv(changed_rows), encoding="utf-8")
            runs = [("import", path, ()), ("import again", path, ()),
                    ("dry run", path, ("--dry-run",))]
            for label, file, options in runs + [("changed", changed, ())] * args.with_updates:
                started, cpu = time.perf_counter(), time.process_time()
                output = _invoke(runner, "import-shops", str(file), *options)
                seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
                print(f"{label:>12}: {seconds:6.1f} s ({cpu:.1f} s CPU), "
                      f"{args.rows / seconds:8,.0f} rows/s — {output}")


def _invoke(runner, *args: str) -> str:
    result = runner.invoke(args=["shopper", *args])
    if result.exit_code != 0:
        sys.exit(f"shopper {args[0]} failed:\n{result.output}{result.stderr}")
    return result.output.strip()


def _shops(rng: random.Random, count: int) -> tuple[list[dict], list[dict]]:
    """`count` valid rows over the year to now, none by staff of the block shopped, and the
    same rows with every answer the facts leave open turned over (met to not_met and back)."""
    lines = [(block, display_number(number, extension), extension) for block, number, extension
             in db.session.execute(db.select(ServiceBlock.name, Line.number, Line.extension)
                                   .join(Line.block).where(Line.active))]
    receptions = [(point.name, block.name, point.family_reception)
                  for point in db.session.scalars(db.select(ReceptionPoint))
                  for block in point.blocks]
    shoppers = [(user.email, user.block.name if user.block else None)
                for user in db.session.scalars(db.select(User).filter_by(role=Role.SHOPPER))]
    now = datetime.now(UTC)
    original, changed = [], []
    for index in range(count):
        at = now - timedelta(days=2, minutes=rng.randint(0, 360 * 24 * 60))
        if rng.random() < 0.2:
            row, facts = _visit(rng, at, rng.choice(receptions))
        else:
            row, facts = _call(rng, at, rng.choice(lines))
        email = rng.choice([email for email, block in shoppers if block != row["service_block"]])
        asked = [item.code for standard in SHIPPED_STANDARDS
                 for item in asked_items(standard, facts)]
        implied = {code: answer.value for code, answer in implied_answers(facts).items()}
        answers = {code: implied.get(code) or rng.choice(["met", "met", "not_met"])
                   for code in asked}
        row = {**row, "ref": f"B-{index:06d}", "channel": facts.channel.value,
               "occurred_at": _time(rng, at), "shopper_email": email}
        original.append({**row, **answers})
        changed.append({**row, **{code: implied.get(code) or FLIPPED[answer]
                                  for code, answer in answers.items()}})
    return original, changed


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, [*FIXED_COLUMNS, *ITEM_COLUMNS], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _time(rng: random.Random, at: datetime) -> str:
    """UK time without an offset, or UTC with one, as files from different systems hold it."""
    if rng.random() < 0.5:
        return at.astimezone(LONDON).replace(tzinfo=None, fold=0).isoformat(timespec="seconds")
    return at.isoformat(timespec="seconds")


def _visit(rng: random.Random, at: datetime, reception: tuple) -> tuple[dict, VisitFacts]:
    name, block, family = reception
    acknowledged = Decimal(rng.randint(0, 60)) / 10
    seen = acknowledged + Decimal(rng.randint(0, 200)) / 10
    row = {"service_block": block, "reception_point": name,
           "acknowledged_minutes": str(acknowledged), "seen_minutes": str(seen)}
    return row, VisitFacts(at, acknowledged, seen, family)


def _call(rng: random.Random, at: datetime, line: tuple) -> tuple[dict, CallFacts]:
    block, number, extension = line
    outcome = rng.choices(list(Outcome), [55, 35, 8, 2])[0]
    rings = None if outcome == Outcome.ENGAGED else rng.randint(1, 10)
    left = callback = withheld = machine = None
    if outcome == Outcome.VOICEMAIL and rng.random() < 0.7:
        left = at + timedelta(minutes=1)
        if rng.random() < 0.8:
            callback = left + timedelta(hours=rng.randint(1, 40))
            withheld, machine = rng.random() < 0.2, rng.random() < 0.3
    facts = CallFacts(at, outcome, rings, rng.random() < 0.2, rng.choice(list(Away)), left,
                      callback, callback_withheld=withheld, callback_answering_machine=machine)
    row = {"service_block": block, "number": number, "extension": extension,
           "rings": "" if rings is None else rings, "outcome": outcome.value,
           "held_or_transferred": YES_NO[facts.held_or_transferred],
           "officer_away": facts.officer_away.value,
           "message_left_at": left.isoformat(timespec="seconds") if left else "",
           "callback_at": callback.isoformat(timespec="seconds") if callback else "",
           "callback_withheld": YES_NO[withheld], "callback_answering_machine": YES_NO[machine]}
    return row, facts


if __name__ == "__main__":
    main()
