"""Standards and versions; a draft's items changed, added, removed; publishing; CSE elements."""

from decimal import Decimal

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forms.standards import (
    CseElementForm,
    DiscardForm,
    DraftForm,
    ItemForm,
    NewItemForm,
    NewStandardForm,
    PublishForm,
    RemoveItemForm,
)
from shopper.domain.cse import CSE_NUMBERING_NOTE
from shopper.domain.states import Role, StandardStatus
from shopper.services.admin import cse_elements, standard_items, standards
from shopper.services.audit import Actor
from shopper.views.access import requires_role

bp = Blueprint("standards", __name__, url_prefix="/standards")
READERS = (Role.COORDINATOR, Role.ASSESSOR)


@bp.context_processor
def words():
    return {"DRAFT": StandardStatus.DRAFT, "may_edit": current_user.is_authenticated
            and current_user.role == Role.COORDINATOR}


@bp.get("")
@requires_role(*READERS)
def index():
    return render_template("standards/index.html", title="Standards",
                           standards=standards.all_standards(), draft_form=DraftForm())


@bp.route("/new", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def new_standard():
    form = NewStandardForm()
    if form.validate_on_submit():
        try:
            draft = standard_items.create_standard(
                Actor.of_user(current_user), form.code.data, form.name.data, form.channel.data)
        except standards.StandardRefused as refused:
            form[refused.field].errors.append(refused.message)
        else:
            flash(f"{draft.standard.name} made as a draft: add its items, then publish it")
            return redirect(url_for("standards.version", code=form.code.data, number=1))
    return render_template("standards/new_standard.html", title="Create a standard", form=form)


@bp.post("/<code>/draft")
@requires_role(Role.COORDINATOR)
def start_draft(code: str):
    if DraftForm().validate_on_submit():
        draft = standards.start_draft(Actor.of_user(current_user), code)
        return redirect(url_for("standards.version", code=code, number=draft.version))
    return redirect(url_for("standards.index"))


@bp.get("/<code>/versions/<int:number>")
@requires_role(*READERS)
def version(code: str, number: int):
    found = standards.version_or_404(code, number)
    return _version_page(found, PublishForm(formdata=None))


def _version_page(found, publish_form):
    return render_template(
        "standards/version.html", title=f"{found.standard.name}, version {found.version}",
        version=found, form=publish_form, discard_form=DiscardForm(),
        conditions=dict(standard_items.conditions_for(found.standard.channel)),
        earliest=standards.applies_from_earliest(found)
        if found.status == StandardStatus.DRAFT else None)


@bp.route("/<code>/versions/<int:number>/items/<item_code>", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def item(code: str, number: int, item_code: str):
    found = standards.version_or_404(code, number)
    if found.status != StandardStatus.DRAFT:
        raise standards.NotAllowed("Only a draft's items can be changed")
    current = next((i for i in found.items if i.code == item_code), None)
    if current is None:
        raise standards.NotFound(item_code)
    form = ItemForm(elements=[(e.number, f"{e.number} {e.title}")
                              for e in standards.cse_elements()])
    if request.method == "GET":
        form.question.data, form.guidance.data = current.question, current.guidance
        form.weight.data = f"{current.weight.normalize():f}"
        form.critical.data = "yes" if current.critical else "no"
        form.cse_elements.data = [e.number for e in current.cse_elements]
    if form.validate_on_submit():
        try:
            standards.save_item(Actor.of_user(current_user), found, item_code, standards.ItemInput(
                form.question.data, form.guidance.data, Decimal(form.weight.data),
                form.critical.data == "yes", list(form.cse_elements.data or [])))
        except standards.StandardRefused as refused:
            form[refused.field].errors.append(refused.message)
        else:
            flash(f"{item_code} saved in the draft")
            return redirect(url_for("standards.version", code=code, number=number))
    return render_template("standards/item.html", title=f"Change {item_code}", form=form,
                           version=found, item=current)


def _draft_or_403(code: str, number: int):
    found = standards.version_or_404(code, number)
    if found.status != StandardStatus.DRAFT:
        raise standards.NotAllowed("Only a draft's items can be changed")
    return found


@bp.route("/<code>/versions/<int:number>/items/new", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def new_item(code: str, number: int):
    found = _draft_or_403(code, number)
    conditions = standard_items.conditions_for(found.standard.channel)
    form = NewItemForm(elements=[(e.number, f"{e.number} {e.title}")
                                 for e in standards.cse_elements()],
                       conditions=[(c.value, label) for c, label in conditions])
    if request.method == "GET":
        form.weight.data, form.critical.data = "1", "no"
    if form.validate_on_submit():
        try:
            standard_items.add_item(Actor.of_user(current_user), found, standard_items.NewItem(
                form.code.data, form.condition.data, standards.ItemInput(
                    form.question.data, form.guidance.data, Decimal(form.weight.data),
                    form.critical.data == "yes", list(form.cse_elements.data or []))))
        except standards.StandardRefused as refused:
            form[refused.field].errors.append(refused.message)
        else:
            flash(f"{form.code.data} added to the draft")
            return redirect(url_for("standards.version", code=code, number=number))
    return render_template("standards/new_item.html", title="Add an item", form=form,
                           version=found)


@bp.route("/<code>/versions/<int:number>/items/<item_code>/remove", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def remove_item(code: str, number: int, item_code: str):
    found = _draft_or_403(code, number)
    current = next((i for i in found.items if i.code == item_code), None)
    if current is None:
        raise standards.NotFound(item_code)
    if current.derived:
        raise standards.NotAllowed("An item worked out from the facts cannot be removed")
    form = RemoveItemForm()
    if form.validate_on_submit():
        standard_items.remove_item(Actor.of_user(current_user), found, item_code)
        flash(f"{item_code} removed from the draft")
        return redirect(url_for("standards.version", code=code, number=number))
    return render_template("standards/remove_item.html", title=f"Remove {item_code}",
                           form=form, version=found, item=current)


@bp.post("/<code>/versions/<int:number>/publish")
@requires_role(Role.COORDINATOR)
def publish(code: str, number: int):
    found = standards.version_or_404(code, number)
    form = PublishForm()
    if form.validate_on_submit():
        try:
            standards.publish(Actor.of_user(current_user), found, form.applies_from.data)
        except standards.StandardRefused as refused:
            form.applies_from.errors.append(refused.message)
        else:
            flash(f"{found.standard.name} version {number} published")
            return redirect(url_for("standards.version", code=code, number=number))
    return _version_page(found, form)


@bp.post("/<code>/versions/<int:number>/discard")
@requires_role(Role.COORDINATOR)
def discard(code: str, number: int):
    found = standards.version_or_404(code, number)
    if DiscardForm().validate_on_submit():
        standards.discard_draft(Actor.of_user(current_user), found)
        flash(f"The draft of {found.standard.name} was discarded")
    return redirect(url_for("standards.index"))


@bp.get("/cse-elements")
@requires_role(*READERS)
def elements():
    return render_template("standards/elements.html", title="CSE elements",
                           elements=standards.cse_elements(), note=CSE_NUMBERING_NOTE)


@bp.route("/cse-elements/new", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def new_element():
    return _element(None)


@bp.route("/cse-elements/<int:element_id>", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def edit_element(element_id: int):
    return _element(cse_elements.element_or_404(element_id))


def _element(element):
    form = CseElementForm(obj=element) if request.method == "GET" else CseElementForm()
    if form.validate_on_submit():
        try:
            cse_elements.save_element(Actor.of_user(current_user), element, form.number.data,
                                      form.title.data)
        except standards.StandardRefused as refused:
            form[refused.field].errors.append(refused.message)
        else:
            flash(f"Element {form.number.data} saved")
            return redirect(url_for("standards.elements"))
    title = "Change a CSE element" if element else "Add a CSE element"
    return render_template("standards/element.html", title=title, form=form,
                           note=CSE_NUMBERING_NOTE)
