"""Static files served by WhiteNoise: compressed, and kept for a year under hashed names.

shopper.assets writes each built file again under a name holding its content's hash, with .gz
and .br copies, and lists the names in static/dist/manifest.json. url_for('static', ...) gives
the hashed name whenever the manifest has one, so a changed file is fetched under a new name and
browsers may keep the old one for ever. WhiteNoise answers /static/ before Flask does, so the
security headers Flask adds to its own responses are added here too.
"""

import json
import secrets
from pathlib import Path

from flask import Flask, current_app, url_for
from whitenoise import WhiteNoise

from shopper.assets import HASHED
from shopper.views.headers import HSTS, content_security_policy

# Files whose name does not change with their content: kept a minute, then checked again.
UNHASHED_MAX_AGE = 60


def init_static_files(app: Flask) -> None:
    """Serve static/ with WhiteNoise and give templates the hashed names."""
    static = Path(app.static_folder)
    hashed_names = _manifest(static / "dist" / "manifest.json")
    app.extensions["built_files"] = sorted(hashed_names)
    app.wsgi_app = WhiteNoise(
        app.wsgi_app, root=str(static), prefix=app.static_url_path, autorefresh=app.debug,
        max_age=UNHASHED_MAX_AGE, allow_all_origins=False,
        immutable_file_test=lambda path, url: bool(HASHED.search(url)),
        add_headers_function=_security_headers(app.config.get("HSTS_ENABLED")))

    @app.url_defaults
    def _hashed_name(endpoint: str, values: dict) -> None:
        if endpoint == "static" and values.get("filename") in hashed_names:
            values["filename"] = hashed_names[values["filename"]]


def built_files() -> list[str]:
    """The addresses of the built CSS, JavaScript and icon, under their hashed names: what a page
    needs to look and work as it should, with no data in it."""
    return [url_for("static", filename=name) for name in current_app.extensions["built_files"]]


def _manifest(path: Path) -> dict[str, str]:
    """The built files' hashed names; none before the assets are built (plain names work)."""
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return {}


def _security_headers(hsts: bool):
    # A static file runs no inline script, so the policy's nonce is never used.
    policy = content_security_policy(secrets.token_urlsafe(16))

    def add(headers, path: str, url: str) -> None:
        headers["Content-Security-Policy"] = policy
        headers["X-Frame-Options"] = "DENY"
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if hsts:
            headers["Strict-Transport-Security"] = HSTS
    return add
