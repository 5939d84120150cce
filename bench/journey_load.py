"""Load test: 50 shoppers recording calls over real HTTP, beside a bare insert endpoint.

Builds a PostgreSQL database with the demo council, serves Shopper and bench/bare_insert.py
with gunicorn (the same number of sync workers each), then runs, interleaved in rounds of a
fixed duration, 50 concurrent clients against:
- `journey`: the full call journey as a phone without JavaScript walks it (18 requests: sign-in
  done once beforehand, untimed, then the new-shop redirect, each page read and posted with the CSRF
  token the page carries, the check page, the submission and the shop's page);
- `api`: `POST /api/v1/shops` with a shopper's API token, one whole shop per request;
- `bare`: `POST /insert` on the bare Flask + psycopg endpoint.
It prints requests per second, journeys per second, each request's median and 95th percentile,
the ratio to the bare endpoint, the CPU a request cost the server, the database and this client
(bench/process_cpu.py), the load average, and checks that the database holds exactly as
many new shops as journeys and API calls completed. Run from the repository root:

    .venv/bin/python -m bench.journey_load --seconds 20 --rounds 3

Never run as a test. The SQL statements per step can be read from PostgreSQL's own log with
`--log-statements` (sets log_statement=all for the benchmark database).
"""

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import psycopg

from bench import process_cpu
from bench.bare_insert import TABLE as BARE_TABLE

SERVER = "postgresql://postgres@127.0.0.1:5432"
DATABASE = "shopper_bench_journey"
SHOPPER = "cllr.jones@anytown.example"
PASSWORD = "shopper-demo"
APP_PORT, BARE_PORT = 8101, 8102
HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>')
ATTRIBUTE = re.compile(r'(name|value)="([^"]*)"')
LONDON = ZoneInfo("Europe/London")
PERSON_ANSWERS = {"ta3": "met", "ta4": "met", "ta5": "met", "ta6": "not_met"}


def _hidden_fields(html: str) -> dict[str, str]:
    fields = {}
    for tag in HIDDEN.findall(html):
        attributes = dict(ATTRIBUTE.findall(tag))
        if "name" in attributes:
            fields[attributes["name"]] = attributes.get("value", "")
    return fields


class Browser:
    """One client: a keep-alive connection, the session cookie, and each request's time."""

    def __init__(self, port: int, timings: list[float]) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = ""
        self.timings = timings

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, dict, str]:
        headers = {**(headers or {}), **({"Cookie": self.cookie} if self.cookie else {})}
        began = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            raise
        self.timings.append(time.perf_counter() - began)
        cookie = response.getheader("Set-Cookie")
        if cookie and cookie.startswith("session="):
            self.cookie = cookie.split(";", 1)[0]
        return response.status, dict(response.getheaders()), text

    def form(self, path: str, data: dict, token: str) -> tuple[int, dict, str]:
        body = urlencode({**data, "csrf_token": token}, doseq=True).encode()
        return self.request("POST", path, body,
                            {"Content-Type": "application/x-www-form-urlencoded"})


def sign_in(browser: Browser) -> None:
    _, _, page = browser.request("GET", "/sign-in")
    status, _, _ = browser.form("/sign-in", {"email": SHOPPER, "password": PASSWORD},
                                _hidden_fields(page)["csrf_token"])
    assert status == 302, f"sign-in answered {status}"


def _pages(number: str, at: datetime) -> dict[str, dict]:
    local = at.astimezone(LONDON)
    return {"number": {"number": number, "extension": ""},
            "when": {"date": [str(local.day), str(local.month), str(local.year)],
                     "time": local.strftime("%H:%M")},
            "outcome": {"outcome": "person"}, "rings": {"rings": "3"}, "held": {"held": "no"},
            "items-ta": PERSON_ANSWERS, "notes": {"notes": ""}}


def journey(browser: Browser, number: str) -> bool:
    """Record one call page by page; True when the shop was stored."""
    pages = _pages(number, datetime.now(UTC) - timedelta(hours=1))
    status, headers, _ = browser.request("GET", "/record/call/new")
    path = headers["Location"]
    while True:
        status, _, page = browser.request("GET", path)
        step = path.rsplit("/", 1)[-1]
        if step == "check":
            break
        status, headers, _ = browser.form(path, pages[step], _hidden_fields(page)["csrf_token"])
        if status != 302:
            return False
        path = headers["Location"]
    fields = _hidden_fields(page)
    status, headers, _ = browser.form(path, fields, fields.pop("csrf_token"))
    if status != 302:
        return False
    status, _, _ = browser.request("GET", headers["Location"])
    return status == 200


def api_shop(browser: Browser, number: str, token: str) -> bool:
    at = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    body = {"client_id": str(uuid.uuid4()), "channel": "call", "occurred_at": at,
            "number": number, "rings": 3, "outcome": "person",
            "answers": {code.upper(): answer for code, answer in PERSON_ANSWERS.items()}}
    status, _, _ = browser.request("POST", "/api/v1/shops", json.dumps(body).encode(), {
        "Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    return status == 201


def bare(browser: Browser) -> bool:
    status, _, _ = browser.request("POST", "/insert", b'{"channel": "call"}',
                                   {"Content-Type": "application/json"})
    return status == 201


def _run(target: str, server: int, port: int, seconds: float, clients: int,
         numbers: list[str], token: str) -> dict:
    """`clients` threads doing `target` for `seconds`; what they did and how long each took.

    Journey clients sign in first, untimed (scrypt makes a sign-in cost about a tenth of a
    second of CPU, once a session, which is not what a step of the journey costs); the clock
    and the CPU readings start when every client is ready."""
    timings: list[float] = []
    done, failed = [0], [0]
    lock = threading.Lock()
    clock: dict = {}

    def start() -> None:
        clock["cpu"] = (process_cpu.tree_cpu(server), process_cpu.backends_cpu(DATABASE),
                        process_cpu.own_cpu())
        clock["began"] = time.perf_counter()
        clock["deadline"] = clock["began"] + seconds

    ready = threading.Barrier(clients, action=start)

    def client(number: str) -> None:
        browser = Browser(port, [])
        if target == "journey":
            sign_in(browser)
        browser.timings = timings
        ready.wait()
        while time.perf_counter() < clock["deadline"]:
            try:
                ok = (journey(browser, number) if target == "journey"
                      else api_shop(browser, number, token) if target == "api" else bare(browser))
            except (http.client.HTTPException, OSError):
                ok = False
            with lock:
                (done if ok else failed)[0] += 1

    # Each client calls lines of its own, across the blocks, as a council's shoppers do.
    threads = [threading.Thread(target=client, args=(numbers[i % len(numbers)],))
               for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - clock["began"]
    cpu = clock["cpu"]
    return {"target": target, "elapsed": elapsed, "done": done[0], "failed": failed[0],
            "timings": timings, "cpu": {
                "server": process_cpu.used(cpu[0], process_cpu.tree_cpu(server)),
                "database": process_cpu.used(cpu[1], process_cpu.backends_cpu(DATABASE)),
                "client": process_cpu.own_cpu() - cpu[2]}}


def _setup(url: str, log_statements: bool) -> tuple[list[str], str]:
    """A fresh database with the demo council; lines to call and a shopper's API token."""
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        server.execute(f"CREATE DATABASE {DATABASE}")
        if log_statements:
            server.execute(f"ALTER DATABASE {DATABASE} SET log_statement = 'all'")
    env = {**os.environ, "DATABASE_URL": url, "SHOPPER_ENV": "development"}
    flask = [sys.executable, "-m", "flask", "--app", "shopper"]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([*flask, "shopper", "demo", "--shops", "1000"], env=env, check=True)
    issued = subprocess.run([*flask, "shopper", "create-token", SHOPPER], env=env, check=True,
                            capture_output=True, text=True).stdout.strip().rsplit(" ", 1)[-1]
    with psycopg.connect(f"{SERVER}/{DATABASE}") as database:
        # The bare endpoint's table, made here: its two workers making it at once could clash.
        database.execute(BARE_TABLE)
        # One line without an extension of each block, in turn, so clients spread over blocks.
        numbers = [row[0] for row in database.execute(
            "SELECT DISTINCT ON (lines.service_block_id) lines.number FROM lines JOIN "
            "service_blocks ON service_blocks.id = lines.service_block_id WHERE lines.active "
            "AND service_blocks.active AND lines.extension = '' AND (SELECT count(*) FROM "
            "lines AS same WHERE same.number = lines.number AND same.active) = 1 "
            "ORDER BY lines.service_block_id, lines.id")]
    return numbers, issued


def _serve(app: str, port: int, workers: int, env: dict) -> subprocess.Popen:
    server = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", app], env=env)
    for _ in range(600):  # a minute: on a loaded machine gunicorn can take ten seconds
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    server.wait()
    raise SystemExit(f"{app} did not start on port {port}")


def _load() -> str:
    return " ".join(f"{figure:.2f}" for figure in os.getloadavg()) + " (1, 5, 15 minutes)"


def _shops() -> int:
    with psycopg.connect(f"{SERVER}/{DATABASE}") as database:
        return database.execute("SELECT count(*) FROM shops").fetchone()[0]


def _report(runs: list[dict]) -> dict[str, float]:
    """Print each target's figures over all its rounds; return its requests per second."""
    rates = {}
    for target in ("bare", "journey", "api"):
        mine = [run for run in runs if run["target"] == target]
        if not mine:
            continue
        timings = sorted(t for run in mine for t in run["timings"])
        elapsed = sum(run["elapsed"] for run in mine)
        done, failed = sum(run["done"] for run in mine), sum(run["failed"] for run in mine)
        rates[target] = len(timings) / elapsed
        p95 = timings[int(0.95 * (len(timings) - 1))] * 1000
        print(f"{target:8} {len(timings):7} requests in {elapsed:5.1f} s = "
              f"{rates[target]:6.1f} requests/s; {done} done ({done / elapsed:.2f}/s), "
              f"{failed} failed; per request median {statistics.median(timings) * 1000:.1f} "
              f"ms, p95 {p95:.1f} ms")
        cpu = {part: sum(run["cpu"][part] for run in mine) * 1000 / len(timings)
               for part in ("server", "database", "client")}
        print(f"{'':8} CPU per request: server {cpu['server']:.2f} ms, database "
              f"{cpu['database']:.2f} ms, client {cpu['client']:.2f} ms (client busy "
              f"{sum(run['cpu']['client'] for run in mine) / elapsed * 100:.0f}% of a core)")
    for target in ("journey", "api"):
        if target in rates and "bare" in rates:
            print(f"{target} requests/s are {rates[target] / rates['bare']:.2f}x the bare "
                  "endpoint's")
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--log-statements", action="store_true")
    args = parser.parse_args()
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{DATABASE}"
    numbers, token = _setup(url, args.log_statements)
    env = {**os.environ, "DATABASE_URL": url, "SHOPPER_ENV": "development",
           "SECRET_KEY": uuid.uuid4().hex, "BENCH_DATABASE_URL": f"{SERVER}/{DATABASE}",
           "SIGN_IN_LIMIT": "10000 per minute"}
    servers = [_serve("shopper:create_app()", APP_PORT, args.workers, env)]
    try:
        servers.append(_serve("bench.bare_insert:app", BARE_PORT, args.workers, env))
        # Each worker compiles its templates on its first pages: a short round first, untimed.
        for target, server in (("journey", servers[0]), ("api", servers[0])):
            _run(target, server.pid, APP_PORT, 1, args.workers * 2, numbers, token)
        before = _shops()
        print(f"load average before: {_load()}")
        runs = []
        for round_number in range(args.rounds):
            for target, server in (("bare", servers[1]), ("journey", servers[0]),
                                   ("api", servers[0])):
                port = BARE_PORT if target == "bare" else APP_PORT
                runs.append(_run(target, server.pid, port, args.seconds, args.clients,
                                 numbers, token))
                print(f"round {round_number + 1} {target}: {runs[-1]['done']} done, load "
                      f"average {os.getloadavg()[0]:.2f}", flush=True)
        _report(runs)
        made = _shops() - before
        completed = sum(run["done"] for run in runs if run["target"] != "bare")
        print(f"new shops in the database: {made}; journeys and API shops completed: "
              f"{completed} ({'the same' if made == completed else 'DIFFERENT'})")
        print(f"load average after: {_load()}")
    finally:
        for server in servers:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
