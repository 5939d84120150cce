"""Configuration from the environment: subclasses override only what differs."""

import os

import click
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    # Strict-Transport-Security: production is served over HTTPS only.
    HSTS_ENABLED = True
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # Failed sign-ins allowed per email address and per client address.
    SIGN_IN_LIMIT = os.environ.get("SIGN_IN_LIMIT", "10 per 15 minutes")
    # Werkzeug's generate_password_hash method; "scrypt" is its default, with its parameters.
    PASSWORD_HASH_METHOD = "scrypt"


class DevelopmentConfig(Config):
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
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
