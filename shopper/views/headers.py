"""HTTP headers every response carries: a strict Content-Security-Policy and its friends.

The policy allows scripts only from Shopper's own origin or with the page's nonce (GOV.UK's
template marks the page as JS-enabled with one inline script, which carries the nonce), and no
inline styles at all. Signed-in pages hold officers' names and notes, so no browser or proxy
keeps them.
"""

import secrets

from flask import Flask, Response, current_app, g, request
from flask_login import current_user

# Long enough that browsers keep to HTTPS between visits; a year is what browsers' preload
# lists ask for.
HSTS = "max-age=31536000; includeSubDomains"


def csp_nonce() -> str:
    """This response's nonce for inline scripts, made on first use."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def content_security_policy(nonce: str) -> str:
    """Shopper's own scripts, styles, images and fonts only; no frames, plugins or inline CSS."""
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ])


def _set_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", content_security_policy(csp_nonce()))
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # Not "no-referrer": Flask-WTF's CSRF check over HTTPS needs the same-origin Referer.
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config.get("HSTS_ENABLED"):
        headers.setdefault("Strict-Transport-Security", HSTS)
    if request.endpoint != "static" and _signed_in():
        headers["Cache-Control"] = "no-store"
        headers.add("Vary", "Cookie")
    return response


def _signed_in() -> bool:
    try:
        return bool(current_user and current_user.is_authenticated)
    except Exception:  # an error page's headers must never fail for want of the user
        return False


def init_headers(app: Flask) -> None:
    """Send the headers on every response and give templates the nonce."""
    app.after_request(_set_headers)
    app.context_processor(lambda: {"cspNonce": csp_nonce()})
