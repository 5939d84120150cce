"""The compliance API: the JSON export, for a signed-in user or a script with a token."""

from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps

from flask import Blueprint, Response, current_app, g, jsonify, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from shopper.domain.states import Role
from shopper.exports.json_export import MEDIA_TYPE, export_json
from shopper.extensions import csrf
from shopper.services import api_tokens
from shopper.services.recording import one_request
from shopper.services.review import periods, reports

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Scripts send no CSRF token; a route that changes data checks it for a session (_caller).
csrf.exempt(bp)

_SEND_TOKEN = "Sign in, or send your API token in the header Authorization: Bearer <token>"
_BAD_TOKEN = ("The API token is not valid: it may be mistyped or revoked, or its owner's access "
              "may have ended. Ask your council's Shopper coordinator for a new one")
_ACCESS_ENDED = ("Your access to Shopper has ended: ask your council's Shopper coordinator to "
                 "renew it")
_READERS_ONLY = "Only coordinators and assessors can read compliance figures through the API"
_SHOPPERS_ONLY = "Only shoppers can record shops through the API"
_SEND_CSRF = ("Send the CSRF token of your signed-in page in the header X-CSRFToken, or send "
              "your API token in the header Authorization: Bearer <token>")


def _error(status: int, message: str, challenge: str | None = None) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    if challenge is not None:
        response.headers["WWW-Authenticate"] = challenge
    response.headers["Cache-Control"] = "no-store"
    return response


def _unauthorised(message: str, token_sent: bool) -> Response:
    challenge = 'Bearer realm="Shopper"'
    if token_sent:
        challenge += ', error="invalid_token"'
    return _error(401, message, challenge)


def _caller() -> tuple[object | None, str | None]:
    """The user making the request and, if none, why not: a token wins over a session."""
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _, token = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None, _SEND_TOKEN
        user = api_tokens.user_for_token(token.strip())
        return (user, None) if user else (None, _BAD_TOKEN)
    if not current_user.is_authenticated:
        return None, _SEND_TOKEN
    # Flask-Login does not recheck a signed-in user, and an assessor's access ends by itself.
    if not current_user.is_active:
        return None, _ACCESS_ENDED
    return current_user, None


def _csrf_problem() -> str | None:
    """Why a signed-in session's change is refused: without a token, a page could forge it."""
    if "Authorization" in request.headers or not current_app.config["WTF_CSRF_ENABLED"]:
        return None
    try:
        csrf.protect()
    except CSRFError:
        return _SEND_CSRF
    return None


def api_access(*roles: Role, refused: str = _READERS_ONLY) -> Callable:
    """Let in users with one of these roles, by session or bearer token; refuse others in JSON.

    Strangers get 401 with a Bearer challenge, not a redirect to the sign-in page.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            user, problem = _caller()
            g.api_user = user
            if user is None:
                return _unauthorised(problem, "Authorization" in request.headers)
            if user.role not in roles:
                return _error(403, refused)
            problem = _csrf_problem()
            if problem is not None:
                return _error(400, problem)
            return view(*args, **kwargs)

        guarded.access = frozenset(roles)
        return guarded

    return decorate


@bp.get("/compliance")
@api_access(Role.COORDINATOR, Role.ASSESSOR)
def compliance():
    try:
        start, end = periods.parse_period(request.args.get("from"), request.args.get("to"))
        block_ids = (periods.block_ids_for_names(request.args.getlist("block"))
                     if "block" in request.args else None)
    except (periods.PeriodError, periods.UnknownBlock) as error:
        return _error(400, str(error))
    report = reports.compliance_report(start, end, datetime.now(UTC), block_ids)
    response = Response(export_json(report), mimetype=MEDIA_TYPE)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/shops")
@api_access(Role.SHOPPER, refused=_SHOPPERS_ONLY)
def record_shop():
    body = request.get_json(silent=True)
    try:
        recorded = one_request.record_shop(g.api_user, body, one_request.utcnow())
    except one_request.ShopInvalid as invalid:
        return _errors(422, invalid.errors)
    except one_request.ShopConflict as conflict:
        return _errors(409, [conflict.error])
    response = jsonify(recorded.as_json())
    response.status_code = 201 if recorded.created else 200
    response.headers["Cache-Control"] = "no-store"
    return response


def _errors(status: int, errors: list) -> Response:
    response = jsonify({"errors": [{"field": e.field, "message": e.message} for e in errors]})
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response
