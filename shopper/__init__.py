"""Shopper: mystery shopping and service-standards compliance for UK councils."""

import os
from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from shopper.config import CONFIGS, ConfigurationError, database_url, proxy_count
from shopper.extensions import csrf, db, limiter, login_manager, mail, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config_name: str | None = None, **overrides) -> Flask:
    """Build the app: configuration from the environment, then extensions, templates, routes."""
    app = Flask(__name__, instance_relative_config=True)
    _load_config(app, config_name or os.environ.get("SHOPPER_ENV", "development"), overrides)
    _init_proxy(app)
    _init_template_environment(app)
    _init_extensions(app)
    _init_jinja(app)
    _register_blueprints(app)
    _register_commands(app)
    _init_static_files(app)
    return app


def _load_config(app: Flask, config_name: str, overrides: dict) -> None:
    if config_name not in CONFIGS:
        raise ConfigurationError(
            f"SHOPPER_ENV must be one of {', '.join(CONFIGS)}, not {config_name!r}")
    app.config.from_object(CONFIGS[config_name])
    app.config.update(overrides)
    app.config["ENV_NAME"] = config_name
    if not app.config.get("SECRET_KEY"):
        raise ConfigurationError("Set SECRET_KEY in the environment to a long random string")
    os.makedirs(app.instance_path, exist_ok=True)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(
        app.instance_path, app.config.get("SQLALCHEMY_DATABASE_URI"))


def _init_proxy(app: Flask) -> None:
    """Trust X-Forwarded-For and -Proto only from as many proxies as PROXY_COUNT says."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    count = proxy_count(app.config["PROXY_COUNT"])
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
    if app.config.get("ENV_NAME") == "production" and str(
            app.config["RATELIMIT_STORAGE_URI"]).startswith("memory://"):
        app.logger.warning(
            "RATELIMIT_STORAGE_URI is memory://: sign-in throttling counts are not shared "
            "between processes; set it to Redis before running more than one worker")


def _init_template_environment(app: Flask) -> None:
    """Before any extension asks for it (CSRFProtect adds a template global)."""
    from shopper.views.templating import TemplateEnvironment

    app.jinja_environment = TemplateEnvironment


def _init_extensions(app: Flask) -> None:
    from shopper import models  # noqa: F401  (registers the tables with the metadata)
    from shopper.database import check_connections_on_checkout, explain_connection_errors
    from shopper.services.people import use_password_hash_method

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"),
                     render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to continue"
    login_manager.login_message_category = "info"
    use_password_hash_method(app.config["PASSWORD_HASH_METHOD"])
    with app.app_context():
        explain_connection_errors(db.engine)
        check_connections_on_checkout(db.engine)


def _init_jinja(app: Flask) -> None:
    from govuk_frontend_wtf.main import WTFormsHelpers

    from shopper.views.headers import init_headers
    from shopper.views.templating import register_template_helpers

    app.jinja_loader = ChoiceLoader([
        FileSystemLoader(str(PROJECT_ROOT / "templates")),
        PrefixLoader({
            "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
            "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
        }),
    ])
    app.jinja_options = {**app.jinja_options, "trim_blocks": True, "lstrip_blocks": True}
    WTFormsHelpers(app)
    register_template_helpers(app)
    init_headers(app)


def _register_blueprints(app: Flask) -> None:
    from shopper.views import (
        actions,
        api,
        auth,
        disputes,
        errors,
        exercises,
        exports,
        home,
        public,
        record,
        review,
    )
    from shopper.views.converters import register_converters

    register_converters(app)
    for blueprint in (auth.bp, home.bp, errors.bp, api.bp, actions.bp, disputes.bp, record.bp,
                      review.bp, public.bp, exercises.bp, exports.bp):
        app.register_blueprint(blueprint)
    from shopper.views import directory as directory_views
    from shopper.views import passwords, people, settings
    from shopper.views import standards as standards_views

    for blueprint in (passwords.bp, people.bp, settings.bp, directory_views.bp,
                      standards_views.bp):
        app.register_blueprint(blueprint)
    from shopper.views import audit

    app.register_blueprint(audit.bp)


def _init_static_files(app: Flask) -> None:
    from shopper.views.static_files import init_static_files

    init_static_files(app)


def _register_commands(app: Flask) -> None:
    from shopper.commands import cli

    app.cli.add_command(cli)
