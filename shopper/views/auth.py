"""Signing in and out."""

import time

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user, user_logged_in

from forms.auth import SignInForm
from shopper.domain.settings import Settings
from shopper.extensions import limiter, login_manager
from shopper.services import people
from shopper.services.settings import current_settings
from shopper.views.access import public, signed_in

bp = Blueprint("auth", __name__)


# How often a session's last activity is written back to its cookie, in seconds.
_SEEN_EVERY = 60
_DEFAULT_IDLE = Settings().session_idle_minutes * 60
_DEFAULT_LIFE = Settings().session_lifetime_hours * 3600


@login_manager.user_loader
def load_user(session_id: str):
    """The session's user, while their account is active, their access has not expired, their
    password is the one they signed in with and their sessions have not been ended."""
    user_id = session_id.partition(":")[0]
    user = people.get_user(int(user_id)) if user_id.isdigit() and len(user_id) < 10 else None
    if user is None or not user.is_active or user.get_id() != session_id:
        return None
    return user


@bp.before_app_request
def end_stale_sessions():
    """Sign out a session idle too long, or older than its lifetime, before the page is made."""
    if request.endpoint == "static" or "_user_id" not in session:
        return
    now = int(time.time())
    # The limits are the settings when the person signed in: no query on every request.
    idle, lifetime = session.get("idle", _DEFAULT_IDLE), session.get("lifetime", _DEFAULT_LIFE)
    signed_in_at, seen_at = session.get("signed_in_at", 0), session.get("seen_at", 0)
    if now - seen_at > idle or now - signed_in_at > lifetime:
        logout_user()
        session.clear()
        flash("You were signed out to keep the council's information safe: sign in again", "info")
        return
    if now - seen_at >= _SEEN_EVERY:
        session["seen_at"] = now


@user_logged_in.connect
def _start_session(sender, user, **extra) -> None:
    """Whoever signs a user in, the session's clock starts now, with today's limits."""
    settings = current_settings()
    session["signed_in_at"] = session["seen_at"] = int(time.time())
    session["idle"] = settings.session_idle_minutes * 60
    session["lifetime"] = settings.session_lifetime_hours * 3600


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_LIMIT"]


def _address_limit() -> str:
    return current_app.config["SIGN_IN_ADDRESS_LIMIT"]


def _failed_sign_in(response) -> bool:
    return request.method == "POST" and response.status_code != 302


def _account_and_address_key() -> str:
    """The email tried from this address: guessing from elsewhere cannot lock the owner out."""
    email = people.normalise_email(request.form.get("email", ""))[:320]
    return f"sign-in:{get_remote_address()}:{email}"


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit(_address_limit, methods=["POST"], deduct_when=_failed_sign_in)
@limiter.limit(_sign_in_limit, methods=["POST"], key_func=_account_and_address_key,
               deduct_when=_failed_sign_in)
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        user = people.authenticate(form.email.data, form.password.data)
        if user:
            login_user(user)
            return redirect(url_for("home.index"))
        form.email.errors.append("Enter a correct email address and password")
    return render_template("auth/sign_in.html", form=form, title="Sign in")


@bp.route("/sign-out", methods=["POST"])
@signed_in
def sign_out():
    # Raising the version ends this session and every copy of its cookie, on every device.
    people.end_sessions(current_user)
    logout_user()
    session.clear()
    return redirect(url_for("auth.sign_in"))

