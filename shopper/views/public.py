"""What anyone may read without signing in: the published results and the accessibility
statement."""

from datetime import UTC, datetime

from flask import Blueprint, render_template

from shopper.domain.ratings import local_date
from shopper.services.review import public_results
from shopper.views.access import public

bp = Blueprint("public", __name__)


@bp.get("/results")
@public
def results():
    now = datetime.now(UTC)
    return render_template("public/results.html", title="Customer service results",
                           results=public_results.public_results(local_date(now), now))


@bp.get("/accessibility")
@public
def accessibility():
    return render_template("public/accessibility.html",
                           title="Accessibility statement for Shopper")
