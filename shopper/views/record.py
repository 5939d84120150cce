"""Recording shops on a phone: one question a page, a check of the answers, then the result."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forms import call as call_forms
from forms import callback as callback_forms
from forms import visit as visit_forms
from shopper.domain.states import Role
from shopper.services.recording import drafts, places, results, submitting, text
from shopper.views.access import requires_role

bp = Blueprint("record", __name__, url_prefix="/record")
shopper_only = requires_role(Role.SHOPPER)

# Each page: its form, its template, and the choices it offers (from the services).
SIMPLE_PAGES = {
    "when": (call_forms.CallWhenForm, "record/when.html", "When did you make the call?"),
    "outcome": (call_forms.OutcomeForm, "record/question.html", None),
    "held": (call_forms.HeldForm, "record/question.html", None),
    "away": (call_forms.AwayForm, "record/question.html", None),
    "message": (call_forms.MessageForm, "record/question.html", None),
    "message-time": (call_forms.MessageTimeForm, "record/question.html", None),
    "notes": (call_forms.NotesForm, "record/question.html", None),
    "callback": (callback_forms.CallbackForm, "record/question.html", None),
    "callback-when": (callback_forms.CallbackWhenForm, "record/when.html",
                      "When did they call you back?"),
    "callback-details": (callback_forms.CallbackDetailsForm, "record/callback_details.html",
                         "About their call back"),
    "arrival": (visit_forms.ArrivalForm, "record/when.html", "When did you arrive?"),
    "acknowledged": (visit_forms.AcknowledgedForm, "record/question.html", None),
    "seen": (visit_forms.SeenForm, "record/question.html", None),
    "seen-minutes": (visit_forms.SeenMinutesForm, "record/question.html", None),
    "number": (call_forms.NumberForm, "record/number.html", "Which number did you call?"),
    "rings": (call_forms.RingsForm, "record/question.html", None),
    "service": (call_forms.ServiceForm, "record/question.html", None),
    "reception": (visit_forms.ReceptionForm, "record/question.html", None),
    "visit-service": (visit_forms.VisitServiceForm, "record/question.html", None),
}


def _choices(draft, step):
    """The radios a page offers, with a hint for each, from what the shopper may shop."""
    user = current_user
    if step == "service":
        return places.block_choices(user)
    if step == "reception":
        return places.reception_choices(user)
    if step == "visit-service":
        point = places.reception_point(draft.data.get("reception_point_id"))
        return places.reception_blocks(user, point) if point else []
    return None


def _form(draft, step):
    """The page's form, holding what the draft already has, and its template and heading."""
    if step.startswith("items-"):
        standard, items = drafts.items_for(draft, step)
        form_class, template, title = call_forms.items_form(items), "record/items.html", \
            standard.name
    elif step in SIMPLE_PAGES:
        form_class, template, title = SIMPLE_PAGES[step]
    else:
        abort(404)
    values = drafts.step_values(draft, step)
    kwargs = {}
    if step == "rings":
        kwargs["answered"] = draft.data.get("outcome") in ("person", "voicemail")
    if step == "message-time":
        kwargs["call_date"] = values["call_date"]
    form = form_class(data=form_class.initial(values), **kwargs)
    choices = _choices(draft, step)
    if choices is not None:
        field = next(field for field in form if field.type == "Radios")
        field.offer((choice.id, choice.name) for choice in choices)
    # The page's question is its first field's label: never the hidden token or the button.
    title = title or next(field for field in form
                          if field.name not in ("csrf_token", "submit")).label.text
    return form, template, title, choices


def _step_url(draft, step):
    """A page of the draft; until its first page is saved, the assignment it started from."""
    query = {} if draft.row is not None else {"assignment": draft.data.get("assignment_id")}
    if step == "check":
        return url_for("record.check", channel=draft.channel, draft_id=draft.id, **query)
    return url_for("record.step", channel=draft.channel, draft_id=draft.id, step=step, **query)


def _back_url(draft, step):
    previous = drafts.previous_step(draft, step)
    if previous is None:
        return url_for("record.start")
    return _step_url(draft, previous)


def _open(channel, draft_id):
    return drafts.open_draft(current_user, draft_id, channel,
                                request.args.get("assignment", type=int))


@bp.route("")
@shopper_only
def start():
    return render_template(
        "record/start.html", title="Record a shop",
        drafts=results.drafts_in_progress(current_user),
        awaiting=results.awaiting_callbacks(current_user),
        shops=results.recent_shops(current_user))


@bp.route("/<channel>/new")
@shopper_only
def new(channel):
    draft = _open(channel, drafts.new_draft_id())
    return redirect(_step_url(draft, drafts.first_step(draft)))


@bp.route("/<channel>/<uuid:draft_id>")
@shopper_only
def resume(channel, draft_id):
    draft = _open(channel, draft_id)
    if draft.locked:
        return redirect(url_for("record.shop", shop_id=draft.shop.id))
    return redirect(_step_url(draft, drafts.first_step(draft)))


@bp.route("/<channel>/<uuid:draft_id>/<step>", methods=["GET", "POST"])
@shopper_only
def step(channel, draft_id, step):
    draft = _open(channel, draft_id)
    if draft.locked:
        return redirect(url_for("record.shop", shop_id=draft.shop.id))
    if not drafts.step_applies(draft, step):
        return redirect(_step_url(draft, drafts.first_step(draft)))
    form, template, title, choices = _form(draft, step)
    if form.validate_on_submit():
        earlier = text.overridden_notices(draft.journey, drafts.now())
        errors = drafts.save_step(current_user, draft, step, form.values())
        if not errors:
            for notice in text.overridden_notices(draft.journey, drafts.now()):
                if notice not in earlier:
                    flash(notice, "info")
            return redirect(_step_url(draft, drafts.next_step(draft, step)))
        form.add_errors(errors)
    radio_items = [{"hint": {"text": choice.hint}} if choice.hint else {}
                   for choice in choices or ()]
    items_page = step.startswith("items-")
    place = text.place_sentence(draft.channel, draft.data) if items_page else ""
    not_asked = text.implied_lines(draft.journey, drafts.items_for(draft, step)[0],
                                   drafts.now()) if items_page else []
    return render_template(template, form=form, title=title, draft=draft, step=step,
                           radio_items=radio_items, back_url=_back_url(draft, step),
                           caption=_caption(draft, step), place=place, not_asked=not_asked)


@bp.route("/call/<uuid:draft_id>/find-line", methods=["GET", "POST"])
@shopper_only
def find_line(draft_id):
    draft = _open("call", draft_id)
    if draft.locked:
        return redirect(url_for("record.shop", shop_id=draft.shop.id))
    search = call_forms.SearchForm(request.args)
    lines = places.search_lines(current_user, search.q.data) \
        if search.validate() else []
    form = call_forms.LineForm()
    form.line_id.offer((line.id, line.display) for line in lines)
    if form.validate_on_submit():
        errors = drafts.save_step(current_user, draft, "line", form.values())
        if not errors:
            return redirect(_step_url(draft, drafts.next_step(draft, "number")))
        form.add_errors(errors)
    line_items = [{"hint": {"text": f"{line.label} ({line.line_type.lower()})"}}
                  for line in lines]
    return render_template("record/find_line.html", form=form, search=search, lines=lines,
                           line_items=line_items, limit=places.SEARCH_LIMIT,
                           title="Find the number in the directory", draft=draft,
                           back_url=_step_url(draft, "number"), caption=_caption(draft))


def _caption(draft, step=""):
    if step.startswith("callback"):
        return "Record their callback"
    verb = "Change your" if draft.submitted else "Record a"
    return f"{verb} {draft.channel.value}"


@bp.route("/<channel>/<uuid:draft_id>/check", methods=["GET", "POST"])
@shopper_only
def check(channel, draft_id):
    draft = _open(channel, draft_id)
    if draft.locked:
        return redirect(url_for("record.shop", shop_id=draft.shop.id))
    missing = drafts.first_step(draft)
    if missing != "check":
        return redirect(_step_url(draft, missing))
    form = call_forms.CheckForm()
    problems, status = (), 200
    if form.validate_on_submit():
        result = submitting.submit(current_user, draft, form.fingerprint.data, form.base.data)
        if result.outcome in ("created", "existing", "updated", "locked"):
            if result.outcome in ("created", "updated"):
                flash(f"Your {channel} has been recorded" if result.outcome == "created"
                      else "Your changes have been saved")
            return redirect(url_for("record.shop", shop_id=result.shop_id))
        problems, status = _problems(draft, result)
    else:
        drafts.mark_checked(current_user, draft)
    form.fingerprint.data = submitting.fingerprint(draft)
    form.base.data = draft.shop.content_hash if draft.shop else ""
    form.submit.label.text = "Save changes" if draft.submitted else "Submit"
    sections = text.check_sections(draft, drafts.now())
    return render_template("record/check.html", form=form, sections=sections, draft=draft,
                           problems=problems, title="Check your answers",
                           step_url=lambda step: _step_url(draft, step),
                           back_url=_back_url(draft, "check"), caption=_caption(draft)), status


def _problems(draft, result):
    """The error summary's entries for a submission that did not go through."""
    if result.outcome == "refused":
        shop_url = url_for("record.shop", shop_id=result.shop_id)
        return ([{"text": "You have already submitted this shop with different answers, so "
                          "these answers were not saved. See the shop you submitted to change "
                          "it", "href": shop_url}], 409)
    if result.outcome == "changed":
        return ([{"text": "Your answers changed since this page was shown: check them and "
                          "submit again", "href": "#answers"}], 409)
    return ([{"text": problem.message, "href": _step_url(draft, problem.step)}
             for problem in result.problems], 200)


@bp.route("/shops/<int:shop_id>")
@shopper_only
def shop(shop_id):
    view = results.own_shop(current_user, shop_id)
    title = f"Your {view.channel} on {view.when}"
    return render_template("record/shop.html", shop=view, title=title)


@bp.app_context_processor
def waiting_for_shopper():
    """What the shopper's home page lists after their assignments: callbacks due and drafts."""

    def lists():
        return {"awaiting": results.awaiting_callbacks(current_user),
                "drafts": results.drafts_in_progress(current_user)}

    return {"waiting_for_shopper": lists}
