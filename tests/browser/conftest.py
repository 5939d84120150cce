"""Browser fixtures: Debian's Chromium, the real app served on a free port, and axe-core.

The demo council is loaded when the first browser test starts and the database is emptied
when the last one ends, so the suites that run after this one find it as they expect.
"""

import threading
from datetime import date
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from shopper import create_app
from shopper.extensions import db
from shopper.services.demo.load import load_demo
from tests.conftest import empty_database

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
APP_CSS = PROJECT_ROOT / "shopper" / "static" / "dist" / "app.css"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: `apt-get install -y chromium` (see the Makefile)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


# Package scope, not session: the demo council must be gone before the next suite starts.
@pytest.fixture(scope="package")
def live_server(migrated_app, database_url):
    """The base URL of the real app, on the demo council, served from a background thread."""
    if not APP_CSS.exists():
        pytest.skip(f"{APP_CSS.relative_to(PROJECT_ROOT)} is missing: build the assets with "
                    "`.venv/bin/python -m shopper.assets` (or run `make test`)")
    app = create_app("test", SQLALCHEMY_DATABASE_URI=database_url)
    server = None
    try:
        with app.app_context():
            empty_database()
            load_demo(shops=300, seed=1, today=date.today())
            db.session.remove()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        if server:
            server.shutdown()
            thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            empty_database()
            db.engine.dispose()


@pytest.fixture(scope="session")
def base_url():
    """None: live_server gives each context its base URL (and pytest-playwright's
    deprecated fallback fixture for --base-url stays out of the run)."""
    return None


@pytest.fixture
def browser_context_args(browser_context_args, live_server):
    return {**browser_context_args, "base_url": live_server}


CSP_WATCH = ("window.__cspViolations = [];"
             "document.addEventListener('securitypolicyviolation', event => "
             "window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));")


@pytest.fixture
def context(context):
    """Every page notes what its Content-Security-Policy refused, for `axe` to check."""
    context.add_init_script(CSP_WATCH)
    return context


@pytest.fixture
def axe():
    """Check the page against WCAG 2.2 AA with axe-core; fail listing every violation."""

    def check(page):
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol: the page's CSP refuses an inline <script>.
            page.evaluate(AXE.read_text(encoding="utf-8"))
        refused = page.evaluate("window.__cspViolations || []")
        assert not refused, f"the Content-Security-Policy refused on {page.url}: {refused}"
        # Only the violations are read: asking for nothing else makes axe several times quicker.
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})", WCAG_22_AA)
        violations = results["violations"]
        if violations:
            pytest.fail(f"axe-core found {len(violations)} violations on {page.url}:\n"
                        + "\n".join(_describe(violation) for violation in violations),
                        pytrace=False)

    return check


def _describe(violation: dict) -> str:
    nodes = "\n".join(f"    {', '.join(map(str, node['target']))}\n      {node['failureSummary']}"
                      for node in violation["nodes"])
    return f"{violation['id']} ({violation['impact']}): {violation['help']}\n{nodes}"
