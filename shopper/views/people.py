"""People: the coordinator invites, changes, deactivates and reactivates accounts."""

from datetime import UTC, datetime

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forms.people import ChangeAccountForm, ConfirmForm, InviteForm
from shopper.domain.people import AccountKind, AccountStatus, kind_of
from shopper.domain.states import Role
from shopper.emails import MailNotSent, send_link
from shopper.services.admin import accounts, links
from shopper.services.audit import Actor
from shopper.services.settings import current_settings
from shopper.views.access import requires_role

bp = Blueprint("people", __name__)


def _choice(form) -> accounts.AccountChoice:
    return accounts.AccountChoice(
        name=form.name.data, kind=AccountKind(form.kind.data),
        staff_block_id=int(form.staff_block.data) if form.staff_block.data else None,
        led_block_ids=[int(value) for value in form.led_blocks.data or ()],
        access_until=form.access_until.data)


NOT_SENT = ("The invitation could not be emailed, so nothing was saved. Try again in a few "
            "minutes; if it keeps failing, ask whoever runs Shopper to check its email settings")


@bp.route("/people")
@requires_role(Role.COORDINATOR)
def index():
    return render_template("people/index.html", title="People",
                           people=accounts.list_people(datetime.now(UTC)))


@bp.route("/people/invite", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def invite():
    form = InviteForm(blocks=accounts.block_choices())
    if form.validate_on_submit():
        try:
            link = accounts.invite_person(Actor.of_user(current_user), form.email.data,
                                          _choice(form), datetime.now(UTC), send_link)
        except accounts.AccountError as error:
            form[error.field].errors.append(error.message)
        except MailNotSent:
            form.email.errors.append(NOT_SENT)
        else:
            flash(f"Invitation sent to {link.email}")
            return redirect(url_for("people.index"))
    return render_template("people/invite.html", title="Invite someone", form=form,
                           invitation_days=current_settings().invitation_days)


@bp.route("/people/<int:user_id>")
@requires_role(Role.COORDINATOR)
def detail(user_id: int):
    person = accounts.person_or_404(user_id, datetime.now(UTC))
    return render_template("people/detail.html", title=person.user.display_name, person=person,
                           form=ConfirmForm(), is_me=person.user.id == current_user.id,
                           Status=AccountStatus)


@bp.route("/people/<int:user_id>/change", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def change(user_id: int):
    person = accounts.person_or_404(user_id, datetime.now(UTC))
    form = ChangeAccountForm(blocks=accounts.block_choices(), kept_day=person.access_until)
    if request.method == "GET":
        _fill(form, person)
    if form.validate_on_submit():
        try:
            accounts.change_account(Actor.of_user(current_user), person.user, _choice(form))
        except accounts.AccountError as error:
            form[error.field].errors.append(error.message)
        else:
            flash(f"Changes to {person.user.display_name} saved")
            return redirect(url_for("people.detail", user_id=user_id))
    return render_template("people/change.html", title=f"Change {person.user.display_name}",
                           form=form, person=person)


def _fill(form: ChangeAccountForm, person: accounts.Person) -> None:
    user = person.user
    form.name.data = user.name
    form.kind.data = kind_of(user.role, user.block is not None).value
    form.staff_block.data = str(user.block.id) if user.block else ""
    form.led_blocks.data = [str(block.id) for block in user.led_blocks]
    form.access_until.data = person.access_until


@bp.route("/people/<int:user_id>/deactivate", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def deactivate(user_id: int):
    person = accounts.person_or_404(user_id, datetime.now(UTC))
    form = ConfirmForm()
    if form.validate_on_submit():
        accounts.set_active(Actor.of_user(current_user), person.user, False)
        flash(f"{person.user.display_name} is deactivated and can no longer sign in")
        return redirect(url_for("people.detail", user_id=user_id))
    return render_template("people/deactivate.html",
                           title=f"Deactivate {person.user.display_name}", person=person,
                           form=form, is_me=person.user.id == current_user.id)


@bp.route("/people/<int:user_id>/reactivate", methods=["POST"])
@requires_role(Role.COORDINATOR)
def reactivate(user_id: int):
    person = accounts.person_or_404(user_id, datetime.now(UTC))
    if ConfirmForm().validate_on_submit():
        accounts.set_active(Actor.of_user(current_user), person.user, True)
        flash(f"{person.user.display_name} is reactivated")
    return redirect(url_for("people.detail", user_id=user_id))


@bp.route("/people/<int:user_id>/invite-again", methods=["POST"])
@requires_role(Role.COORDINATOR)
def invite_again(user_id: int):
    person = accounts.person_or_404(user_id, datetime.now(UTC))
    if ConfirmForm().validate_on_submit():
        try:
            link = links.invite_again(Actor.of_user(current_user), person.user,
                                      datetime.now(UTC), send_link)
        except links.LinkRefused as refused:
            flash(str(refused), "info")
        except MailNotSent:
            flash(NOT_SENT, "info")
        else:
            flash(f"A new invitation was sent to {link.email}")
    return redirect(url_for("people.detail", user_id=user_id))
