"""The call form's first load, compressed: HTML, CSS and JS (target: 40 KB in total).

    .venv/bin/python bench/page_weight.py [--level 6]

Signs a shopper in through the test client (CSRF on, as in production), opens "Record a call I
made", follows it to the first page of the journey, and fetches what that page loads: its
stylesheets, its module script and every module that imports. Each is gzipped (level 6, the
usual server default) and the sizes printed with the total. Build the assets first
(`.venv/bin/python -m shopper.assets`). Exits 1 when the total is over the budget. Never run as
a test.
"""

import argparse
import gzip
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from flask_migrate import upgrade

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.signing_in import signed_in_client  # noqa: E402
from shopper import create_app  # noqa: E402
from shopper.domain.states import Role  # noqa: E402
from shopper.services.audit import Actor  # noqa: E402
from shopper.services.people import create_user  # noqa: E402

BUDGET = 40 * 1024
IMPORTS = re.compile(r"""(?:import|from)\s*['"]([^'"]+\.js)['"]""")
EMAIL, PASSWORD = "bench@example.org", "page weight bench"


def page_and_assets(client) -> list[tuple[str, str, bytes]]:
    """The first call page's HTML, then each stylesheet and script it loads, in load order."""
    response = client.get("/record/call/new", follow_redirects=True)
    html = response.get_data()
    path = response.request.path
    page = BeautifulSoup(html, "html.parser")
    found = [("HTML", path, html)]
    for link in page.select("link[rel=stylesheet]"):
        found.append(("CSS", link["href"], client.get(link["href"]).get_data()))
    queue = [script["src"] for script in page.select("script[src]")]
    seen = set()
    while queue:
        src = queue.pop(0)
        if src in seen:
            continue
        seen.add(src)
        body = client.get(src).get_data()
        if not body:
            sys.exit(f"{src} is missing: build the assets with `python -m shopper.assets`")
        found.append(("JS", src, body))
        queue += [urljoin(src, name) for name in IMPORTS.findall(body.decode())]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--level", type=int, default=6, help="gzip level (default 6)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app("development", SECRET_KEY="page-weight-bench",
                         SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.sqlite")
        with app.app_context():
            upgrade()
            create_user(EMAIL, Role.SHOPPER, actor=Actor.command("bench"), name="Bench Shopper",
                        password=PASSWORD)
            client = signed_in_client(app, EMAIL, PASSWORD)
            files = page_and_assets(client)
    total = 0
    print(f"{'kind':<5} {'bytes':>9} {'gzipped':>9}  path")
    for kind, path, body in files:
        packed = len(gzip.compress(body, compresslevel=args.level))
        total += packed
        print(f"{kind:<5} {len(body):>9,} {packed:>9,}  {path}")
    verdict = "within" if total <= BUDGET else "OVER"
    print(f"total {sum(len(body) for *_, body in files):>9,} {total:>9,}  "
          f"({total / 1024:.1f} KB gzipped: {verdict} the {BUDGET // 1024} KB budget)")
    sys.exit(0 if total <= BUDGET else 1)


if __name__ == "__main__":
    main()
