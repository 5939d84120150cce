"""Configuration from the environment: subclasses override only what differs."""

import os

import click
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes")


def _port(name: str, default: int) -> int | str:
    # A port that is not a number reaches the mail server as typed and fails there, logged.
    value = os.environ.get(name, "").strip()
    return int(value) if value.isdigit() else value or default


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    # A pooled connection is checked before use: see database.check_connections_on_checkout.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    # Strict-Transport-Security: production is served over HTTPS only.
    HSTS_ENABLED = True
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # Failed sign-ins allowed for one email from one client address.
    SIGN_IN_LIMIT = os.environ.get("SIGN_IN_LIMIT", "10 per 15 minutes")
    # Failed sign-ins allowed from one client address, whatever the emails: an office's shared
    # address holds many people.
    SIGN_IN_ADDRESS_LIMIT = os.environ.get("SIGN_IN_ADDRESS_LIMIT", "50 per 15 minutes")
    # Reverse proxies in front of Shopper whose X-Forwarded-For and -Proto are trusted; 0 trusts
    # none, so a client cannot choose the address it is throttled by.
    PROXY_COUNT = os.environ.get("PROXY_COUNT", "0")
    # Forgotten-password emails allowed per email address and per client address.
    RESET_LIMIT = os.environ.get("RESET_LIMIT", "5 per 15 minutes")
    # Werkzeug's generate_password_hash method; "scrypt" is its default, with its parameters.
    PASSWORD_HASH_METHOD = "scrypt"
    # Links in emails start with this address, never the request's Host header.
    SHOPPER_BASE_URL = os.environ.get("SHOPPER_BASE_URL")
    # Flask-Mailman: emails go to this SMTP server.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = _port("MAIL_PORT", 25)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _flag("MAIL_USE_TLS")
    MAIL_USE_SSL = _flag("MAIL_USE_SSL")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "shopper@localhost")
    MAIL_TIMEOUT = 10


class DevelopmentConfig(Config):
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SHOPPER_BASE_URL = os.environ.get("SHOPPER_BASE_URL", "http://127.0.0.1:5000")
    # Emails are printed to the log, unless MAIL_BACKEND=smtp asks for a real server.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "shopper.emails.LogEmailBackend")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    HSTS_ENABLED = False


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-only-not-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    HSTS_ENABLED = False
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    # Hashes to check, not to protect: scrypt costs a tenth of a second per sign-in and user.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"
    SHOPPER_BASE_URL = "http://shopper.test"
    # Emails are kept in app.extensions["mailman"].outbox.
    MAIL_BACKEND = "locmem"


CONFIGS = {"production": Config, "development": DevelopmentConfig, "test": TestConfig}


class ConfigurationError(click.ClickException):
    """A setting from the environment is unusable; the CLI prints it as one line."""


def database_url(app_instance_path: str, configured: str | None) -> str:
    """The database URL to use: the configured one, checked, or SQLite in the instance folder."""
    if not configured:
        return f"sqlite:///{os.path.join(app_instance_path, 'shopper.sqlite')}"
    if configured.startswith("postgres://"):
        configured = "postgresql+psycopg://" + configured.removeprefix("postgres://")
    elif configured.startswith("postgresql://"):
        configured = "postgresql+psycopg://" + configured.removeprefix("postgresql://")
    try:
        make_url(configured).get_dialect()
    except (ArgumentError, NoSuchModuleError) as error:
        raise ConfigurationError(
            f"DATABASE_URL is not a database URL Shopper can use ({error}); "
            "set it like postgresql+psycopg://user@host:5432/shopper"
        ) from None
    return configured


def proxy_count(text: str) -> int:
    """How many reverse proxies to trust, from PROXY_COUNT; ConfigurationError if not 0–5."""
    text = str(text).strip()
    if not (text.isascii() and text.isdigit() and int(text) <= 5):
        raise ConfigurationError(
            f"PROXY_COUNT must be the number of reverse proxies in front of Shopper, from 0 to 5, "
            f"not {text!r}")
    return int(text)


def throttle_storage_problem(environment: str, storage_uri: str, workers: int) -> str | None:
    """Why several processes cannot share sign-in throttling counts kept in memory, or None."""
    if environment == "production" and workers > 1 and storage_uri.startswith("memory://"):
        return (f"RATELIMIT_STORAGE_URI keeps sign-in attempts in each worker's memory, so "
                f"{workers} workers would allow {workers} times the attempts: set it to a Redis "
                "URL like redis://127.0.0.1:6379/0, or run one worker")
    return None
