"""50 phones submit shops over real HTTP while PostgreSQL's connections are killed under them.

Gunicorn serves Shopper on the test's scratch database; each client thread sends its shops
to POST /api/v1/shops with a shopper's API token and, as the offline queue does, sends the
same client id again after any failure. Another thread ends the server's connections with
pg_terminate_backend every few tenths of a second. At the end each client id has exactly one
shop, and every failure the clients saw was a 503 with Retry-After, never a bare 500. And a
connection killed while idle in the pool is replaced before the next request uses it.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from shopper.extensions import db
from shopper.models import Shop
from shopper.services.api_tokens import create_token
from tests.integration.test_record_council import TESTS, make_council

pytestmark = pytest.mark.postgres

CLIENTS = 50
SHOPS_EACH = 4
KILL_EVERY = 0.3  # seconds between killings of every server connection
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def postgres(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL: set TEST_DATABASE_URL to a postgresql+psycopg:// URL")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(app, postgres, database_url):
    """Gunicorn with three workers, started from the checkout so it reads gunicorn.conf.py."""
    port = free_port()
    env = {**os.environ, "TEST_DATABASE_URL": database_url, "SHOPPER_ENV": "test"}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", "3", "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", "shopper:create_app('test')"],
        cwd=ROOT, env=env)
    try:
        for _ in range(150):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def shop_body(client_id: str, number: str) -> bytes:
    at = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    return json.dumps({"client_id": client_id, "channel": "call", "occurred_at": at,
                       "number": number, "outcome": "engaged", "answers": {}}).encode()


class Phone:
    """One client: sends each shop until the server says it has it, noting every failure."""

    def __init__(self, port: int, token: str) -> None:
        self.port, self.token = port, token
        self.failures: list[tuple[int, str | None]] = []
        self.dropped = 0

    def send(self, body: bytes) -> int:
        for _ in range(200):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                connection.request("POST", "/api/v1/shops", body, {
                    "Content-Type": "application/json", "Authorization": f"Bearer {self.token}"})
                response = connection.getresponse()
                response.read()
                connection.close()
            except OSError:
                self.dropped += 1
                time.sleep(0.05)
                continue
            if response.status in (200, 201):
                return response.status
            self.failures.append((response.status, response.getheader("Retry-After")))
            time.sleep(0.05)
        raise AssertionError("the shop was never accepted")


def kill_connections(url: str, stop: threading.Event, killed: list[int]) -> None:
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    try:
        while not stop.wait(KILL_EVERY):
            with engine.connect() as connection:
                killed.append(connection.scalar(sa.text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()")))
    finally:
        engine.dispose()


def test_shops_sent_while_connections_are_killed_are_each_kept_exactly_once(
        app, server, database_url):
    council = make_council()
    token = create_token(council.councillor.email, "the load test", actor=TESTS).token
    db.session.commit()
    db.session.remove()
    numbers = ["0113 496 0001", "0113 496 0002", "0113 496 0101"]
    client_ids = [[str(uuid.uuid4()) for _ in range(SHOPS_EACH)] for _ in range(CLIENTS)]
    phones = [Phone(server, token) for _ in range(CLIENTS)]
    answers: list[int] = []
    stop, killed = threading.Event(), []
    killer = threading.Thread(target=kill_connections, args=(database_url, stop, killed))

    def run(phone: Phone, ids: list[str]) -> None:
        for index, client_id in enumerate(ids):
            answers.append(phone.send(shop_body(client_id, numbers[index % len(numbers)])))

    threads = [threading.Thread(target=run, args=pair) for pair in zip(phones, client_ids,
                                                                        strict=True)]
    killer.start()
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        stop.set()
        killer.join(timeout=30)

    failures = Counter(failure for phone in phones for failure in phone.failures)
    print(f"connections killed: {sum(killed)} in {len(killed)} rounds; answers: "
          f"{Counter(answers)}; failures: {dict(failures)}; "
          f"dropped: {sum(phone.dropped for phone in phones)}")
    assert len(answers) == CLIENTS * SHOPS_EACH, "every client finished"
    assert sum(killed) > 0, "connections were killed while the shops were sent"
    assert set(failures) <= {(503, "30")}, "every failure was a 503 with Retry-After"
    stored = Counter(str(client_id) for client_id in db.session.scalars(sa.select(Shop.client_id)))
    expected = Counter(client_id for ids in client_ids for client_id in ids)
    assert stored == expected, "one shop per client id: none lost, none duplicated"


def test_a_connection_killed_between_requests_is_replaced_before_the_next_one(
        client, postgres, database_url, make_user, sign_in):
    make_user()
    sign_in("coordinator@example.org")
    assert client.get("/compliance").status_code == 200
    db.session.remove()  # the request is over: its connection is back in the pool, as on a server
    engine = sa.create_engine(database_url, isolation_level="AUTOCOMMIT",
                              poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        killed = connection.scalar(sa.text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    engine.dispose()
    time.sleep(0.2)  # the server's goodbye reaches the pooled connection's socket

    assert killed > 0, "the app's pooled connection was killed"
    assert client.get("/compliance").status_code == 200, "a fresh connection, not a 503"
