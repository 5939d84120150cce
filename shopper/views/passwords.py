"""Setting a password from a one-time link, and asking for one when a password is forgotten."""

from contextlib import suppress
from datetime import UTC, datetime

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import logout_user

from forms.people import ForgottenPasswordForm, SetPasswordForm
from shopper.domain.people import RESET_LINK_HOURS, LinkPurpose, LinkState
from shopper.emails import MailNotSent, send_link
from shopper.extensions import limiter
from shopper.services.admin import links
from shopper.services.people import normalise_email
from shopper.services.settings import current_settings
from shopper.views.access import public

bp = Blueprint("passwords", __name__)


def _problem_page(check: links.LinkCheck) -> tuple[str, str, int]:
    """The page's heading, what to do next, and the status, for a link that cannot be used."""
    invitation = check.purpose == LinkPurpose.INVITATION
    if check.problem == LinkState.USED:
        return (("This invitation has already been used" if invitation
                 else "This link has already been used"),
                "A password was set with it. Sign in with your email address and password, or "
                "reset your password if you have forgotten it.", 410)
    if check.problem == LinkState.EXPIRED and invitation:
        days = current_settings().invitation_days
        return ("This invitation has expired",
                f"Invitations work for {days} days. Ask your council's Shopper coordinator to "
                "invite you again.", 410)
    if check.problem == LinkState.EXPIRED:
        return ("This link has expired",
                f"Links to reset a password work for {RESET_LINK_HOURS} hours. Ask for a new "
                "link below.", 410)
    if check.problem == links.LinkProblem.DEACTIVATED:
        return ("Your account is deactivated",
                "Ask your council's Shopper coordinator if you need to use Shopper again.", 403)
    if check.problem == links.LinkProblem.ACCESS_ENDED:
        return ("Your access has ended",
                "Ask your council's Shopper coordinator if you need to use Shopper again.", 403)
    return ("This link does not work",
            "Check you copied the whole link from the email. If it still does not work, ask "
            "for a new link below, or ask your council's Shopper coordinator to invite you.", 404)


def _link_problem(check: links.LinkCheck):
    title, advice, status = _problem_page(check)
    return render_template("passwords/link_problem.html", title=title, advice=advice,
                           offer_reset=status != 403), status


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@public
def set_password(token: str):
    now = datetime.now(UTC)
    check = links.check_link(token, now)
    if not check.usable:
        return _link_problem(check)
    form = SetPasswordForm()
    if form.validate_on_submit():
        check = links.set_password(token, form.password.data, now)
        if not check.usable:
            return _link_problem(check)
        logout_user()
        flash("Your password is set: sign in with your email address and new password")
        return redirect(url_for("auth.sign_in"))
    title = ("Create your password" if check.purpose == LinkPurpose.INVITATION
             else "Choose a new password")
    return render_template("passwords/set_password.html", title=title, form=form, check=check)


def _reset_limit() -> str:
    return current_app.config["RESET_LIMIT"]


def _email_key() -> str:
    return "reset:" + normalise_email(request.form.get("email", ""))


@bp.route("/forgotten-password", methods=["GET", "POST"])
@public
@limiter.limit(_reset_limit, methods=["POST"])
@limiter.limit(_reset_limit, methods=["POST"], key_func=_email_key)
def forgotten_password():
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        # A failure is logged; saying so would tell a stranger that the account exists.
        with suppress(MailNotSent):
            links.request_reset(form.email.data, datetime.now(UTC), send_link)
        return render_template("passwords/check_email.html", title="Check your email",
                               email=normalise_email(form.email.data),
                               hours=RESET_LINK_HOURS)
    return render_template("passwords/forgotten_password.html", title="Reset your password",
                           form=form)
