"""Error pages that say what to do next."""

from flask import Blueprint, jsonify, render_template, request
from flask_wtf.csrf import CSRFError

from shopper.services.errors import NotAllowed, NotFound

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
}


def _render(status: int):
    title, advice = _PAGES[status]
    if request.path.startswith("/api/"):
        return jsonify({"error": f"{title}. {advice}"}), status
    return render_template("errors/error.html", title=title, advice=advice), status


@bp.app_errorhandler(CSRFError)
def csrf_error(error):
    return _render(400)


@bp.app_errorhandler(NotFound)
def not_found(error):
    return _render(404)


@bp.app_errorhandler(NotAllowed)
def not_allowed(error):
    return _render(403)


def _handler(status: int):
    return lambda error: _render(status)


for _status in _PAGES:
    bp.app_errorhandler(_status)(_handler(_status))
