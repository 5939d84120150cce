"""The style sheet and scripts reach a phone compressed, and are kept for a year under names
that change with their content; a new build is never hidden behind an old copy."""

import gzip
import re

from shopper.assets import DIST
from tests.conftest import parse

YEAR = 365 * 24 * 3600


def test_pages_link_the_built_files_under_names_that_change_with_their_content(client):
    page = parse(client.get("/sign-in"))
    style = page.select_one("link[rel=stylesheet]")["href"]
    script = page.select_one("script[type=module]")["src"]

    assert re.fullmatch(r"/static/dist/app\.[0-9a-f]{12}\.css", style)
    assert re.fullmatch(r"/static/dist/app\.[0-9a-f]{12}\.js", script)
    assert client.get(style).data == (DIST / "app.css").read_bytes()
    # The module imports the others by their hashed names too, so none of them is stale.
    imported = re.findall(r"from '\./([^']+)'", client.get(script).get_data(as_text=True))
    assert imported and all(re.fullmatch(r"[\w.-]+\.[0-9a-f]{12}\.js", name) for name in imported)


def test_a_hashed_file_is_sent_compressed_and_kept_for_a_year(client):
    style = parse(client.get("/sign-in")).select_one("link[rel=stylesheet]")["href"]

    response = client.get(style, headers={"Accept-Encoding": "gzip"})

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.data) == (DIST / "app.css").read_bytes()
    assert response.headers["Content-Type"].startswith("text/css")
    cache = response.headers["Cache-Control"]
    assert "immutable" in cache and int(re.search(r"max-age=(\d+)", cache)[1]) >= YEAR
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_a_file_under_its_plain_name_is_checked_again_soon(client):
    response = client.get("/static/dist/app.css", headers={"Accept-Encoding": "br, gzip"})

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    cache = response.headers["Cache-Control"]
    assert "immutable" not in cache and int(re.search(r"max-age=(\d+)", cache)[1]) <= 60
