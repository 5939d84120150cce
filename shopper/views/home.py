"""The home page: what the signed-in person can do next, by role."""

from datetime import UTC, datetime

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from shopper.domain.states import Role
from shopper.services import home
from shopper.views.access import public

bp = Blueprint("home", __name__)


@bp.route("/")
@public
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.sign_in"))
    role = current_user.role
    context = {"title": "Home", "user": current_user}
    if role in (Role.COORDINATOR, Role.ASSESSOR):
        context["counts"] = home.council_counts()
    if role == Role.TEAM_LEAD:
        context["overview"] = home.led_blocks(current_user, datetime.now(UTC))
    if role == Role.SHOPPER:
        context["assignments"] = home.open_assignments(current_user)
        context["shop_count"] = home.own_shop_count(current_user)
    return render_template(f"home/{role.value}.html", **context)
