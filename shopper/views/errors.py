"""Error pages that say what to do next."""

from flask import Blueprint, current_app, g, jsonify, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from shopper.domain.states import Role
from shopper.services.database import DatabaseError, abandon_transaction, is_outage
from shopper.services.errors import NotAllowed, NotFound
from shopper.services.visibility import BlockNotFound

bp = Blueprint("errors", __name__)

_PAGES = {
    400: ("Sorry, there is a problem with that request",
          "Go back, reload the page and try again."),
    403: ("You do not have permission to see this page",
          "If you think you should, ask your council's Shopper coordinator."),
    404: ("Page not found",
          "If you typed the web address, check it is correct. "
          "If you pasted it, check you copied the entire address."),
    405: ("Sorry, there is a problem with that request",
          "Go back to the previous page and try again."),
    429: ("Too many attempts",
          "Wait 15 minutes, then try again. If you have forgotten your password, "
          "reset it from the sign-in page."),
    500: ("Sorry, there is a problem with the service",
          "Try again later. What you entered has not been saved."),
    503: ("Sorry, the service is unavailable",
          "Try again in a minute. What you entered has not been saved."),
}
# A team lead refused a block is told plainly why, without learning whether the block exists.
_BLOCK_NOT_FOUND = ("Service block not found",
                    "This service block is not one of yours, or it does not exist. You can see "
                    "only the blocks you lead: your home page lists them.")
_NO_SUCH_BLOCK = ("Service block not found",
                  "There is no service block at this address. Check the web address, or choose "
                  "a block from the compliance overview.")
# Seconds a client should wait before trying again when the database is away.
RETRY_AFTER = 30


def _render(status: int, page: tuple[str, str] | None = None):
    title, advice = page or _PAGES[status]
    if request.path.startswith("/api/"):
        return jsonify({"error": f"{title}. {advice}"}), status
    return render_template("errors/error.html", title=title, advice=advice), status


def _render_without_database(status: int):
    """The error page for a failed request, which may have broken the database connection."""
    abandon_transaction()
    g.database_unavailable = True
    title, advice = _PAGES[status]
    if request.path.startswith("/api/"):
        response = jsonify({"error": f"{title}. {advice}"})
    else:
        response = render_template("errors/unavailable.html", title=title, advice=advice)
    headers = {"Retry-After": str(RETRY_AFTER)} if status == 503 else {}
    return response, status, headers


@bp.app_errorhandler(DatabaseError)
def database_error(error):
    """A database that is away is a 503 to try again later; any other failure of it a 500."""
    if is_outage(error):
        return _render_without_database(503)
    current_app.logger.exception("Database error", exc_info=error)
    return _render_without_database(500)


@bp.app_errorhandler(500)
def server_error(error):
    # The failure may have broken the database transaction: this page does not need it.
    return _render_without_database(500)


@bp.app_errorhandler(CSRFError)
def csrf_error(error):
    return _render(400)


@bp.app_errorhandler(NotFound)
def not_found(error):
    return _render(404)


@bp.app_errorhandler(BlockNotFound)
def block_not_found(error):
    leads = current_user.is_authenticated and current_user.role == Role.TEAM_LEAD
    return _render(404, _BLOCK_NOT_FOUND if leads else _NO_SUCH_BLOCK)


@bp.app_errorhandler(NotAllowed)
def not_allowed(error):
    return _render(403)


def _handler(status: int):
    return lambda error: _render(status)


for _status in _PAGES:
    if _status not in (500, 503):
        bp.app_errorhandler(_status)(_handler(_status))
