"""Actions: raise one on a block, item or shop; record progress; schedule a re-shop."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forms.actions import ActionFilterForm, ActionForm, BlockChoiceForm, ProgressForm, ReshopForm
from shopper.domain.actions import ACTION_STATUS_HINTS
from shopper.domain.phones import display_number
from shopper.domain.states import ActionStatus, Role
from shopper.services.audit import Actor
from shopper.services.follow_up import actions, reshops
from shopper.views.access import requires_role
from shopper.views.templating import london_time

bp = Blueprint("actions", __name__)
REVIEWERS = (Role.COORDINATOR, Role.TEAM_LEAD)


@bp.context_processor
def action_words():
    return {"status_hints": ACTION_STATUS_HINTS}


@bp.route("/actions")
@requires_role(*REVIEWERS)
def index():
    blocks = actions.visible_blocks(current_user)
    filters = ActionFilterForm(request.args, blocks=[(str(b.id), b.name) for b in blocks])
    block = actions.block_or_404(current_user, filters.block.data) if filters.block.data else None
    rows = actions.actions_for(current_user, block.id if block else None,
                               filters.status.data or None)
    return render_template("actions/index.html", title="Actions", filters=filters, rows=rows,
                           filtered=bool(block or filters.status.data))


@bp.route("/actions/new", methods=["GET", "POST"])
@requires_role(*REVIEWERS)
def new():
    if not request.args.get("block"):
        return _choose_block()
    target = actions.action_target(current_user, request.args["block"],
                                   request.args.get("item"), request.args.get("shop"))
    items = [(item.code, f"{item.code}: {item.missing_phrase or item.question}")
             for item in actions.items_in_force()]
    form = ActionForm(items=items)
    if request.method == "GET" and target.item:
        form.item.data = target.item.code
    if form.validate_on_submit():
        action = actions.raise_action(
            current_user, target, what=form.what.data, owner=form.owner.data,
            due_on=form.due_on.data, status=ActionStatus(form.status.data),
            item_code=form.item.data or None)
        flash("Action raised")
        return redirect(url_for("actions.detail", action_id=action.id))
    return render_template("actions/new.html", title="Raise an action", form=form, target=target)


def _choose_block():
    blocks = actions.visible_blocks(current_user)
    if len(blocks) == 1:
        return redirect(url_for("actions.new", block=blocks[0].id))
    chooser = BlockChoiceForm(blocks=[(str(b.id), b.name) for b in blocks])
    title = "Which service block is the action for?" if blocks else "You have no service blocks"
    return render_template("actions/choose_block.html", title=title, chooser=chooser)


@bp.route("/actions/<int:action_id>", methods=["GET", "POST"])
@requires_role(*REVIEWERS)
def detail(action_id):
    action = actions.action_or_404(current_user, action_id)
    form = ProgressForm(current=action.status)
    if form.validate_on_submit():
        actions.update_action(current_user, action, ActionStatus(form.status.data),
                              form.note.data)
        flash("Progress saved")
        return redirect(url_for("actions.detail", action_id=action.id))
    return render_template("actions/detail.html", title=f"Action {action.id}", form=form,
                           detail=actions.action_detail(current_user, action))


@bp.route("/actions/<int:action_id>/re-shop", methods=["GET", "POST"])
@requires_role(*REVIEWERS)
def reshop(action_id):
    action = actions.action_or_404(current_user, action_id)
    places = reshops.reshop_places(action)
    if not places:
        abort(404)
    # Only the coordinator knows who the mystery shoppers are; for a team lead Shopper picks.
    coordinator = current_user.role == Role.COORDINATOR
    form = ReshopForm(shops=[(place.key, _place_label(place)) for place in places],
                      shoppers=[(str(user.id), _shopper_label(user))
                                for user in reshops.reshop_shoppers(action)]
                      if coordinator else None)
    linked = [place for place in places if place.shop is not None]
    if len(linked) == 1 and request.method == "GET":
        form.shop.data = linked[0].key
    if form.validate_on_submit():
        try:
            reshops.schedule_reshop(action, form.shop.data,
                                    int(form.shopper.data) if coordinator else None,
                                    form.due_on.data, actor=Actor.of_user(current_user))
        except reshops.ReshopRefused as refused:
            form[refused.field].errors.append(refused.message)
        else:
            flash("Re-shop scheduled")
            return redirect(url_for("actions.detail", action_id=action.id))
    return render_template("actions/reshop.html", title="Schedule a re-shop", form=form,
                           action=action, coordinator=coordinator)


def _place_label(place) -> str:
    if place.shop is not None:
        return _shop_label(place.shop)
    if place.line is not None:
        number = display_number(place.line.number, place.line.extension)
        team = f", {place.line.team.name}" if place.line.team else ""
        return f"{number} ({place.line.line_type.label}){team}"
    return f"{place.reception_point.name} reception"


def _shop_label(shop) -> str:
    when = london_time(shop.occurred_at, "%-d %B %Y")
    if shop.line:
        number = display_number(shop.line.number, shop.line.extension)
        return f"{number} ({shop.line.line_type.label}), shopped {when}"
    return f"{shop.reception_point.name} reception, visited {when}"


def _shopper_label(user) -> str:
    return f"{user.display_name} ({user.block.name if user.block else 'councillor'})"
