"""Disputes and verification: the shop detail page, raising and deciding disputes, verifying."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from forms.disputes import DecisionForm, DisputeForm, VerifyForm
from shopper.domain.states import DisputeStatus, Role
from shopper.services.follow_up import disputes
from shopper.views.access import requires_role

bp = Blueprint("disputes", __name__)
REVIEWERS = (Role.COORDINATOR, Role.TEAM_LEAD)


@bp.route("/disputes")
@requires_role(*REVIEWERS)
def index():
    waiting = disputes.disputes_for(current_user, DisputeStatus.OPEN)
    decided = disputes.disputes_for(current_user, limit=50)
    coordinator = current_user.role == Role.COORDINATOR
    return render_template(
        "disputes/index.html", title="Disputes", waiting=waiting, decided=decided,
        to_verify=disputes.count_to_verify() if coordinator else None)


@bp.route("/disputes/shops-to-verify")
@requires_role(Role.COORDINATOR)
def to_verify():
    return render_template("disputes/to_verify.html", title="Shops to verify",
                           shops=disputes.shops_to_verify(), total=disputes.count_to_verify())


@bp.route("/disputes/shops/<int:shop_id>")
@requires_role(Role.COORDINATOR, Role.TEAM_LEAD, Role.ASSESSOR)
def shop(shop_id):
    detail = disputes.shop_detail(current_user, shop_id)
    people = {detail.shop.verified_by_id} | {d.raised_by_id for d in detail.disputes} | {
        d.decided_by_id for d in detail.disputes}
    return render_template("disputes/shop.html", title=f"Shop {shop_id}", detail=detail,
                           names=disputes.user_names(people - {None}), verify_form=VerifyForm())


@bp.route("/disputes/shops/<int:shop_id>/dispute", methods=["GET", "POST"])
@requires_role(*REVIEWERS)
def new(shop_id):
    shop = disputes.visible_shop_or_404(current_user, shop_id)
    refusal = disputes.why_not_dispute(shop)
    if refusal:
        return _refused("You cannot dispute this shop", refusal, shop.id)
    form = DisputeForm()
    if form.validate_on_submit():
        try:
            disputes.raise_dispute(current_user, shop, form.reason_text())
        except disputes.Refused as refused:
            return _refused("You cannot dispute this shop", str(refused), shop.id)
        flash("Dispute sent to the coordinator")
        return redirect(url_for("disputes.shop", shop_id=shop.id))
    return render_template("disputes/new.html", title=form.reason.label.text, form=form,
                           shop=shop)


@bp.route("/disputes/<int:dispute_id>", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def decide(dispute_id):
    dispute = disputes.dispute_or_404(current_user, dispute_id)
    form = DecisionForm()
    if dispute.status == DisputeStatus.OPEN and form.validate_on_submit():
        disputes.decide_dispute(current_user, dispute, form.upheld, form.reason.data)
        flash("Dispute upheld: the shop is excluded" if form.upheld
              else "Dispute rejected: the shop still counts")
        return redirect(url_for("disputes.index"))
    names = disputes.user_names({dispute.raised_by_id, dispute.decided_by_id} - {None})
    status = 409 if form.is_submitted() and dispute.status != DisputeStatus.OPEN else 200
    return render_template("disputes/decide.html", title="Decide a dispute", form=form,
                           dispute=dispute, names=names), status


@bp.route("/disputes/shops/<int:shop_id>/verify", methods=["POST"])
@requires_role(Role.COORDINATOR)
def verify(shop_id):
    shop = disputes.visible_shop_or_404(current_user, shop_id)
    if not VerifyForm().validate_on_submit():
        abort(400)
    try:
        disputes.verify_shop(current_user, shop)
    except disputes.Refused as refused:
        return _refused("You cannot verify this shop", str(refused), shop.id)
    flash(f"Shop {shop.id} verified")
    return redirect(url_for("disputes.to_verify"))


def _refused(title: str, reason: str, shop_id: int):
    return render_template("disputes/refused.html", title=title, reason=reason,
                           shop_id=shop_id), 409
