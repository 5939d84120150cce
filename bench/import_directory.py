"""How long `flask shopper import-directory` takes on a large directory (target: < 10 s).

    .venv/bin/python bench/import_directory.py [--lines 50000] [--database-url URL] [--seed 1]

Migrates a new SQLite database in a temporary folder, or the empty scratch database
--database-url names (such as one made with `createdb -h 127.0.0.1 -U postgres shopper_bench`).
It writes a CSV of valid lines on Ofcom's drama numbers (each number with a few extensions, 40
service blocks in 8 groupings, about 400 teams) and times importing it into the empty
directory, importing it again (every row unchanged), a dry run, and a copy in which one line in
ten moves team and one in fifty is deactivated (those rows updated, each audited). Then it
times the same through the app, as a coordinator uploading the file: the preview and the
confirmation of the whole directory into another new database (SQLite), or, with
--database-url, of the first file over the changed one. Never run as a test.
"""

import argparse
import csv
import io
import random
import sys
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shopper import create_app  # noqa: E402
from shopper.extensions import db  # noqa: E402

COLUMNS = ["service_grouping", "service_block", "team", "officer", "number", "extension",
           "line_type", "active"]
# Ofcom's drama ranges that phonenumbers accepts as valid, 1,000 numbers each.
RANGES = ["0113 496 0", "0114 496 0", "0116 496 0", "0117 496 0", "0118 496 0", "0121 496 0",
          "0131 496 0", "0141 496 0", "0151 496 0", "0161 496 0", "0191 498 0", "020 7946 0",
          "029 2018 0"]
LINE_TYPES = ["individual", "individual", "individual", "hunt_group", "pa_phone",
              "contact_centre"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--database-url", help="an empty scratch database (default: SQLite)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite"
        app = create_app("development", SQLALCHEMY_DATABASE_URI=url)
        runner = app.test_cli_runner()
        with app.app_context():
            upgrade()
            print(f"Database: {db.engine.url.render_as_string(hide_password=True)}")
            rows = _rows(random.Random(args.seed), args.lines)
            path, changed = Path(folder) / "directory.csv", Path(folder) / "changed.csv"
            path.write_text(_csv(rows), encoding="utf-8")
            path_size = path.stat().st_size / 1e6
            changed.write_text(_csv(_changed(random.Random(args.seed), rows)), encoding="utf-8")
            print(f"Wrote {len(rows):,} lines ({path_size:.1f} MB)")
            runs = [("import", path, ()), ("import again", path, ()),
                    ("dry run", changed, ("--dry-run",)), ("changed", changed, ())]
            for label, file, options in runs:
                db.session.remove()
                started, cpu = time.perf_counter(), time.process_time()
                output = _invoke(runner, "import-directory", str(file), *options)
                seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
                print(f"{label:>12}: {seconds:6.1f} s ({cpu:.1f} s CPU), "
                      f"{len(rows) / seconds:8,.0f} lines/s — {output}")
        upload_url = args.database_url or f"sqlite:///{folder}/upload.sqlite"
        _time_upload(upload_url, path.read_bytes(), fresh=not args.database_url)


def _time_upload(url: str, data: bytes, fresh: bool) -> None:
    """Preview and confirm the file through the app, signed in as a coordinator."""
    from bs4 import BeautifulSoup

    from shopper.domain.states import Role
    from shopper.services.audit import Actor
    from shopper.services.people import create_user

    app = create_app("development", SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=False,
                     RATELIMIT_ENABLED=False)
    with app.app_context():
        if fresh:
            upgrade()
        if not db.session.scalar(db.text("select count(*) from users where email = :e"),
                                 {"e": "bench@example.org"}):
            create_user("bench@example.org", Role.COORDINATOR, password="bench password",
                        actor=Actor.command("bench"))
        db.session.remove()
    client = app.test_client()
    client.post("/sign-in", data={"email": "bench@example.org", "password": "bench password"})
    started, cpu = time.perf_counter(), time.process_time()
    preview = client.post("/directory/upload", content_type="multipart/form-data",
                          data={"file": (io.BytesIO(data), "directory.csv")})
    previewed, preview_cpu = time.perf_counter() - started, time.process_time() - cpu
    page = BeautifulSoup(preview.get_data(as_text=True), "html.parser")
    form = {field["name"]: field.get("value", "") for field in page.select(
        "form[action='/directory/upload/confirm'] input[type=hidden]")}
    summary = " ".join(page.select_one("#summary").text.split())
    started, cpu = time.perf_counter(), time.process_time()
    saved = client.post("/directory/upload/confirm", data=form)
    confirmed, confirm_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert saved.status_code == 302, saved.status_code
    print(f"{'upload':>12}: {previewed:6.1f} s ({preview_cpu:.1f} s CPU) to preview, "
          f"{confirmed:.1f} s ({confirm_cpu:.1f} s CPU) to confirm — {summary}")


def _invoke(runner, *args: str) -> str:
    result = runner.invoke(args=["shopper", *args])
    if result.exit_code != 0:
        sys.exit(f"shopper {args[0]} failed:\n{result.output}{result.stderr}")
    return result.output.strip()


def _rows(rng: random.Random, count: int) -> list[dict]:
    """`count` valid lines: every drama number, then the same numbers with extensions."""
    blocks = [(f"Grouping {index % 8 + 1}", f"Service block {index + 1}") for index in range(40)]
    rows = []
    for index in range(count):
        number = f"{RANGES[index % len(RANGES)]}{index // len(RANGES) % 1000:03d}"
        extension = str(2000 + index // (len(RANGES) * 1000)) if index >= len(RANGES) * 1000 \
            else ""
        grouping, block = rng.choice(blocks)
        line_type = rng.choice(LINE_TYPES)
        rows.append({"service_grouping": grouping, "service_block": block,
                     "team": f"{block} team {rng.randint(1, 10)}",
                     "officer": f"Officer {index}" if line_type == "individual" else "",
                     "number": number, "extension": extension, "line_type": line_type,
                     "active": "yes"})
    return rows


def _changed(rng: random.Random, rows: list[dict]) -> list[dict]:
    """The same directory with one line in ten moved to another team, one in fifty retired."""
    changed = []
    for row in rows:
        roll = rng.random()
        if roll < 0.1:
            row = {**row, "team": f"{row['service_block']} team {rng.randint(11, 12)}"}
        elif roll < 0.12:
            row = {**row, "active": "no"}
        changed.append(row)
    return changed


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


if __name__ == "__main__":
    main()
