"""Compliance by service block: the overview of every block a person may see, and a block's page."""

from datetime import UTC, datetime

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user

from forms.review import OverviewForm, PeriodForm
from shopper import charts
from shopper.domain.ratings import local_date
from shopper.domain.states import Role
from shopper.services.review import block_page, overview, periods
from shopper.services.visibility import may_see_names, visible_block_or_404
from shopper.views.access import requires_role

bp = Blueprint("review", __name__, url_prefix="/compliance")
bp.add_app_template_global(charts.bar_chart, "bar_chart")
bp.add_app_template_global(charts.line_chart, "line_chart")
bp.add_app_template_global(lambda endpoint: endpoint in current_app.view_functions,
                           "has_endpoint")

REVIEWERS = (Role.COORDINATOR, Role.TEAM_LEAD, Role.ASSESSOR)
# Assessors only read: they raise no actions and no disputes.
ACTORS = (Role.COORDINATOR, Role.TEAM_LEAD)


@bp.get("", endpoint="overview")
@requires_role(*REVIEWERS)
def overview_page():
    now = datetime.now(UTC)
    groupings, standards = overview.filter_options(current_user)
    form = OverviewForm(request.args, data=_default_period(now), groupings=groupings,
                        standards=standards)
    period = _period(form)
    figures = None
    if period:
        sort, descending = form.chosen_sort()
        figures = overview.compliance_overview(current_user, overview.Choice(
            *period, form.grouping.data or None, form.standard.data or None, sort, descending),
            now)
    return render_template("review/overview.html", title="Compliance by service block",
                           form=form, overview=figures, query=_query(form),
                           shortcuts=periods.period_shortcuts(local_date(now)))


@bp.get("/blocks/<int:block_id>")
@requires_role(*REVIEWERS)
def block(block_id: int):
    found = visible_block_or_404(current_user, block_id)
    now = datetime.now(UTC)
    form = PeriodForm(request.args, data=_default_period(now))
    page_number = request.args.get("page", "1")
    if not (page_number.isascii() and page_number.isdigit()):
        abort(404)
    period = _period(form)
    page = shops = None
    if period:
        shops = block_page.block_shops(block_id, *period, now, int(page_number),
                                     may_see_names(current_user, block_id))
        if shops is None:
            abort(404)
        page = block_page.block_page(block_id, *period, now, local_date(now))
    return render_template("review/block.html", title=found.name, block_name=found.name,
                           block_id=block_id, form=form, page=page, shops=shops,
                           query=_query(form), shortcuts=periods.period_shortcuts(
                               local_date(now)),
                           with_names=may_see_names(current_user, block_id),
                           can_act=current_user.role in ACTORS)


def _default_period(now: datetime) -> dict:
    start, end = periods.this_quarter(local_date(now))
    return {"from_date": start.isoformat(), "to_date": end.isoformat()}


def _period(form: PeriodForm):
    """The dates asked for, or None with the errors on the form to show."""
    valid = form.validate()
    try:
        period = periods.parse_period(form.from_date.data, form.to_date.data)
    except periods.PeriodError as error:
        form.field_for(error.field).errors.append(error.message)
        return None
    return period if valid else None


def _query(form: PeriodForm) -> dict[str, str]:
    """What was asked for, to keep in links that change one thing (the order, the page)."""
    return {field.name: field.data for field in form
            if field.name in ("from", "to", "grouping", "standard") and field.data}
