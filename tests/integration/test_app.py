"""The app factory, its configuration from the environment, and what a bad setting says."""

import os
import subprocess
import sys

import pytest

from shopper import create_app
from shopper.config import ConfigurationError


def test_the_default_database_is_sqlite_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app("development")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        f"sqlite:///{app.instance_path}/shopper.sqlite")


def test_database_url_and_secret_key_come_from_the_environment():
    env = {**os.environ, "SHOPPER_ENV": "production", "SECRET_KEY": "a-long-random-string",
           "DATABASE_URL": "postgresql://someone@db.example:5432/shopper"}
    code = ("from shopper import create_app; c = create_app().config; "
            "print(c['SQLALCHEMY_DATABASE_URI'], c['SECRET_KEY'], c['SESSION_COOKIE_SECURE'])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                            timeout=60)
    assert result.stdout.split() == [
        "postgresql+psycopg://someone@db.example:5432/shopper", "a-long-random-string", "True"]


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    from shopper import config

    monkeypatch.setattr(config.Config, "SECRET_KEY", None)
    with pytest.raises(ConfigurationError, match="Set SECRET_KEY"):
        create_app("production")


def test_an_unknown_environment_name_is_refused():
    with pytest.raises(ConfigurationError, match="SHOPPER_ENV must be one of"):
        create_app("staging")


def _flask(*args, env):
    return subprocess.run([sys.executable, "-m", "flask", "--app", "shopper", *args],
                          capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.parametrize("url, expected", [
    ("not a url", "DATABASE_URL is not a database URL Shopper can use"),
    ("mysql+nosuchdriver://x@localhost/db", "DATABASE_URL is not a database URL Shopper can use"),
    ("postgresql+psycopg://nobody@127.0.0.1:1/none", "Cannot reach the database at"),
])
def test_a_wrong_database_url_gives_one_clear_line_and_a_non_zero_exit(url, expected, tmp_path):
    env = {**os.environ, "DATABASE_URL": url, "SHOPPER_ENV": "development"}
    result = _flask("db", "upgrade", env=env)
    assert result.returncode != 0
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(error_lines) == 1
