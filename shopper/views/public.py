"""What anyone may read without signing in: the published results, the accessibility
statement, and the offline page with the service worker that shows it."""

import hashlib
from datetime import UTC, datetime

from flask import Blueprint, current_app, make_response, render_template, url_for

from shopper.domain.ratings import local_date
from shopper.services.review import public_results
from shopper.views.access import public
from shopper.views.static_files import built_files

bp = Blueprint("public", __name__)


@bp.get("/results")
@public
def results():
    now = datetime.now(UTC)
    return render_template("public/results.html", title="Customer service results",
                           results=public_results.public_results(local_date(now), now))


@bp.get("/accessibility")
@public
def accessibility():
    return render_template("public/accessibility.html",
                           title="Accessibility statement for Shopper")


@bp.get("/offline")
@public
def offline():
    return render_template("public/offline.html", title="You are offline")


# Served from the root, so that its scope is the whole site; checked again at every visit.
@bp.get("/service-worker.js")
@public
def service_worker():
    offline_page = url_for("public.offline")
    files = built_files()
    response = make_response(render_template(
        "public/service_worker.js", offline_page=offline_page, files=files,
        version=_offline_version([offline_page, *files])))
    response.mimetype = "text/javascript"
    response.headers["Cache-Control"] = "no-cache"
    return response


def _offline_version(urls: list[str]) -> str:
    """Changes with any built file (their names hold their hashes) and with the offline page's
    templates. Worked out once per process and set of files, as the browser asks for the
    worker at each visit; again each time where the templates are reloaded when they change."""
    known = current_app.extensions.setdefault("offline_versions", {})
    key = tuple(urls)
    if key not in known or current_app.jinja_env.auto_reload:
        env = current_app.jinja_env
        sources = [env.loader.get_source(env, name)[0]
                   for name in ("public/offline.html", "layout.html")]
        known[key] = hashlib.sha256("\n".join([*urls, *sources]).encode()).hexdigest()[:12]
    return known[key]
