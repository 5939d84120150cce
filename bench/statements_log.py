"""SQL statements per step of the recording journey, as PostgreSQL's own log records them.

Builds the benchmark's database (the demo council) with `log_statement = 'all'`, serves
Shopper with gunicorn (one sync worker), then one client walks a call journey page by page
(as bench/journey_load.py does) and sends one shop to `POST /api/v1/shops`. After each request
it reads what PostgreSQL wrote to its log for this database since the request began, and prints
the statements the request cost: all of them, and how many of those were the transaction's own
BEGIN, COMMIT or ROLLBACK. Run from the repository root, on a machine whose PostgreSQL logs to
a file this user can read (Debian's /var/log/postgresql/postgresql-15-main.log by default):

    .venv/bin/python -m bench.statements_log [--show] [--log PATH]

Never run as a test.
"""

import argparse
import re
import time
import uuid

from bench import journey_load
from bench.journey_load import Browser, _hidden_fields, _pages, _serve, sign_in

DATABASE = "shopper_bench_statements"
PORT = 8103
TRANSACTION = re.compile(r"^(BEGIN|COMMIT|ROLLBACK)\b", re.IGNORECASE)


class LogReader:
    """The statements PostgreSQL logged for one database since the last read."""

    def __init__(self, path: str, database: str) -> None:
        self.path = path
        self.entry = re.compile(rf"@{database} LOG:  (?:statement|execute [^:]*): (.*)$")
        with open(path, "rb") as log:
            self.offset = log.seek(0, 2)

    def new_statements(self) -> list[str]:
        time.sleep(0.05)  # the server writes its log as it goes; give the last line time
        with open(self.path, "rb") as log:
            log.seek(self.offset)
            text = log.read().decode(errors="replace")
            self.offset = log.tell()
        return [match.group(1) for line in text.splitlines()
                if (match := self.entry.search(line))]


class CountingBrowser(Browser):
    """A client that notes, after each request, the statements it cost the database."""

    def __init__(self, port: int, log: LogReader) -> None:
        super().__init__(port, [])
        self.log = log
        self.steps: list[tuple[str, list[str]]] = []

    def request(self, method, path, body=None, headers=None):
        self.log.new_statements()  # anything logged before this request is not its own
        answer = super().request(method, path, body, headers)
        self.steps.append((f"{method} {path.split('?')[0].rsplit('/', 1)[-1]}",
                           self.log.new_statements()))
        return answer


def walk_call(browser: CountingBrowser, number: str) -> None:
    pages = _pages(number, journey_load.datetime.now(journey_load.UTC)
                   - journey_load.timedelta(hours=1))
    _, headers, _ = browser.request("GET", "/record/call/new")
    path = headers["Location"]
    while True:
        _, _, page = browser.request("GET", path)
        step = path.rsplit("/", 1)[-1]
        if step == "check":
            break
        status, headers, _ = browser.form(path, pages[step], _hidden_fields(page)["csrf_token"])
        assert status == 302, (path, status)
        path = headers["Location"]
    fields = _hidden_fields(page)
    status, headers, _ = browser.form(path, fields, fields.pop("csrf_token"))
    assert status == 302, ("submission", status)
    browser.request("GET", headers["Location"])


def _print(steps: list[tuple[str, list[str]]], show: bool) -> None:
    print(f"{'request':28} {'all':>4} {'BEGIN/COMMIT/ROLLBACK':>22} {'others':>7}")
    for step, statements in steps:
        framing = sum(1 for statement in statements if TRANSACTION.match(statement))
        print(f"{step:28} {len(statements):4} {framing:22} {len(statements) - framing:7}")
        if show:
            for statement in statements:
                print(f"{'':8}{statement[:110]}")
    counts = [len(statements) for _, statements in steps]
    print(f"{len(steps)} requests, {sum(counts)} statements, at most {max(counts)} in one")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", default="/var/log/postgresql/postgresql-15-main.log")
    parser.add_argument("--show", action="store_true", help="print each statement too")
    args = parser.parse_args()
    journey_load.DATABASE = DATABASE  # its set-up builds the database this name names
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{DATABASE}"
    numbers, token = journey_load._setup(url, log_statements=True)
    env = {**journey_load.os.environ, "DATABASE_URL": url, "SHOPPER_ENV": "development",
           "SECRET_KEY": uuid.uuid4().hex, "SIGN_IN_LIMIT": "10000 per minute"}
    server = _serve("shopper:create_app()", PORT, 1, env)
    try:
        log = LogReader(args.log, DATABASE)
        browser = CountingBrowser(PORT, log)
        sign_in(browser)
        # The worker's first journey reads what it then keeps (the standards): not a step's cost.
        walk_call(browser, numbers[0])
        browser.steps.clear()
        walk_call(browser, numbers[1 % len(numbers)])
        print("A call, page by page (the worker's second journey):")
        _print(browser.steps, args.show)
        browser.steps.clear()
        journey_load.api_shop(browser, numbers[2 % len(numbers)], token)
        print("\nA shop sent to POST /api/v1/shops with an API token:")
        _print(browser.steps, args.show)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
