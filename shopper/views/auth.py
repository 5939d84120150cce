"""Signing in and out."""

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import login_user, logout_user

from forms.auth import SignInForm
from shopper.extensions import limiter, login_manager
from shopper.services import people
from shopper.views.access import public, signed_in

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(session_id: str):
    """The session's user, while their account is active, their access has not expired and
    their password is the one they signed in with."""
    user_id = session_id.partition(":")[0]
    user = people.get_user(int(user_id)) if user_id.isdigit() else None
    if user is None or not user.is_active or user.get_id() != session_id:
        return None
    return user


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_LIMIT"]


def _failed_sign_in(response) -> bool:
    return request.method == "POST" and response.status_code != 302


def _email_key() -> str:
    return "sign-in:" + people.normalise_email(request.form.get("email", ""))


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit(_sign_in_limit, methods=["POST"], deduct_when=_failed_sign_in)
@limiter.limit(_sign_in_limit, methods=["POST"], key_func=_email_key,
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
    logout_user()
    return redirect(url_for("auth.sign_in"))

