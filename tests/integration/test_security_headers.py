"""Every response carries the security headers; signed-in pages are never stored."""

import re

from shopper import create_app
from tests.conftest import parse


def _policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_a_public_page_sends_a_strict_policy_and_no_inline_code_without_its_nonce(client):
    response = client.get("/results")
    policy = _policy(response)
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert policy["style-src"] == "'self'"
    nonce = re.fullmatch(r"'self' 'nonce-([\w-]+)'", policy["script-src"])[1]
    page = parse(response)
    inline = [script for script in page.select("script") if not script.get("src")]
    assert inline, "GOV.UK's template has one inline script, which needs the nonce"
    assert all(script.get("nonce") == nonce for script in inline)
    assert not page.select("style, [style]")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_each_response_has_a_nonce_of_its_own(client):
    first, second = client.get("/results"), client.get("/results")
    assert _policy(first)["script-src"] != _policy(second)["script-src"]


def test_signed_in_pages_are_never_stored(client, make_user, sign_in):
    make_user()
    sign_in("coordinator@example.org")
    for path in ("/", "/compliance", "/results"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store", path


def test_errors_carry_the_headers_too(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_production_asks_browsers_to_keep_to_https(database_url):
    app = create_app("production", SECRET_KEY="x" * 32, SQLALCHEMY_DATABASE_URI=database_url)
    response = app.test_client().get("/sign-in")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
