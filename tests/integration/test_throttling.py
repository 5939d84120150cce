"""Sign-in throttling counts per email and address, and per address, shared between processes
when Redis is configured; it trusts a reverse proxy's headers only when told to."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from shopper import create_app
from shopper.config import ConfigurationError, throttle_storage_problem
from shopper.extensions import limiter

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "coordinator@example.org"
ATTACKER, OWNER = "203.0.113.9", "198.51.100.7"
REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture
def throttled(database_url, make_user):
    """Build apps that throttle, as production does; the counts are wiped afterwards."""
    make_user(EMAIL)
    built = []

    def build(**config):
        app = create_app("test", SQLALCHEMY_DATABASE_URI=database_url, RATELIMIT_ENABLED=True,
                         **config)
        built.append(app)
        return app

    yield build
    for app in built:
        with app.app_context():
            limiter.reset()
    limiter.enabled = False


def attempt(app, password="wrong password", address=ATTACKER, email=EMAIL, headers=None):
    client = app.test_client()
    return client.post("/sign-in", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address}, headers=headers or {}).status_code


def test_guessing_from_one_address_does_not_lock_out_the_owner(throttled):
    app = throttled()
    assert [attempt(app) for _ in range(11)] == [200] * 10 + [429]
    assert attempt(app, "correct horse", address=OWNER) == 302


def test_one_address_trying_many_emails_is_throttled(throttled):
    app = throttled(SIGN_IN_ADDRESS_LIMIT="5 per 15 minutes")
    codes = [attempt(app, email=f"person{n}@example.org") for n in range(6)]
    assert codes == [200] * 5 + [429]


def test_a_forged_forwarded_address_changes_nothing_without_a_proxy(throttled):
    app = throttled()
    codes = [attempt(app, headers={"X-Forwarded-For": f"192.0.2.{n}"}) for n in range(11)]
    assert codes[-1] == 429


def test_behind_a_configured_proxy_the_forwarded_address_counts(throttled):
    app = throttled(PROXY_COUNT="1")
    for _ in range(10):
        attempt(app, address="10.0.0.1", headers={"X-Forwarded-For": ATTACKER})
    assert attempt(app, address="10.0.0.1", headers={"X-Forwarded-For": ATTACKER}) == 429
    assert attempt(app, "correct horse", address="10.0.0.1",
                   headers={"X-Forwarded-For": OWNER}) == 302


def test_a_proxy_count_that_is_not_a_number_stops_the_app(database_url):
    with pytest.raises(ConfigurationError, match="PROXY_COUNT"):
        create_app("test", SQLALCHEMY_DATABASE_URI=database_url, PROXY_COUNT="yes")


def _redis_running() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS, socket_timeout=0.5).ping())
    except Exception:
        return False


@pytest.mark.skipif(not _redis_running(), reason="needs Redis at 127.0.0.1:6379")
def test_workers_share_the_counts_through_redis(throttled):
    """Two apps stand for two gunicorn workers: between them they allow 10 attempts, not 20."""
    prefix = f"shopper-test-{uuid.uuid4().hex[:8]}"
    workers = [throttled(RATELIMIT_STORAGE_URI=REDIS, RATELIMIT_KEY_PREFIX=prefix)
               for _ in range(2)]
    codes = [attempt(workers[n % 2]) for n in range(12)]
    assert codes.count(200) == 10


def test_production_refuses_several_workers_with_counts_in_memory():
    assert "Redis" in throttle_storage_problem("production", "memory://", 4)
    assert throttle_storage_problem("production", "memory://", 1) is None
    assert throttle_storage_problem("production", REDIS, 4) is None
    assert throttle_storage_problem("development", "memory://", 4) is None


def test_gunicorn_will_not_start_four_workers_with_counts_in_memory(tmp_path):
    env = {**os.environ, "SHOPPER_ENV": "production", "SECRET_KEY": "x" * 32,
           "RATELIMIT_STORAGE_URI": "memory://",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'shopper.sqlite'}"}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", "4", "--bind",
         "127.0.0.1:0", "shopper:create_app()"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "Shopper will not start: RATELIMIT_STORAGE_URI" in result.stderr
