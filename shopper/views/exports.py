"""Downloading the evidence: choose the file, the period and the blocks on one page."""

import os
import threading
from datetime import UTC, datetime

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    send_file,
    stream_with_context,
    url_for,
)
from flask_login import current_user

from forms.evidence_admin import AccessForm, PlanActionForm
from forms.exports import ExportForm
from shopper.domain.cse import CSE_CRITERIA
from shopper.domain.ratings import local_date
from shopper.domain.states import ActionStatus, Role
from shopper.services.audit import Actor
from shopper.services.exports import access, files, jobs
from shopper.services.exports import action_plan as plan
from shopper.services.exports import assessors as assessor_access
from shopper.services.exports.evidence import ExportChoice
from shopper.services.review import periods
from shopper.views.access import requires_role

bp = Blueprint("exports", __name__, url_prefix="/evidence")


@bp.route("", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR, Role.ASSESSOR, Role.TEAM_LEAD)
def download():
    blocks = access.export_blocks(current_user)
    start, end = periods.this_quarter(local_date(datetime.now(UTC)))
    form = ExportForm(data={"from_date": start.isoformat(), "to_date": end.isoformat()})
    form.offer_blocks(blocks)
    if current_user.role != Role.COORDINATOR:
        del form.with_names
    # Both checked, so every problem is shown at once.
    valid = form.validate_on_submit()
    period = _period(form) if form.is_submitted() else None
    if valid and period:
        chosen = [int(value) for value in form.blocks.data or []]
        with_names = bool(form.with_names.data) if "with_names" in form else False
        choice = access.choice_for(current_user, *period, chosen or None, with_names)
        return _send(form.file_format.data, choice)
    return render_template("exports/download.html", title="Download the evidence", form=form,
                           blocks=blocks)


def _period(form: ExportForm):
    """The dates asked for, or None with the error on the form to show."""
    try:
        return periods.parse_period(form.from_date.data, form.to_date.data)
    except periods.PeriodError as error:
        form.field_for(error.field).errors.append(error.message)
        return None


def _send(file_format: str, choice: ExportChoice) -> Response:
    """The file as a download: CSV and JSON streamed as written, XLSX and PDF once whole;
    a large XLSX or PDF is made in the background while a page shows how far it has got."""
    background = files.Background(_jobs(), current_app.config.get(
        "EXPORT_BACKGROUND_FROM_SHOPS", 20_000))
    ready = files.prepare_download(Actor.of_user(current_user), file_format, choice,
                                   datetime.now(UTC), background)
    if ready.job is not None:
        _start(ready.make)
        return redirect(url_for("exports.made", token=ready.job.token))
    if ready.file is not None:
        return send_file(ready.file, mimetype=ready.media_type, as_attachment=True,
                         download_name=ready.name)
    return Response(stream_with_context(ready.chunks), mimetype=ready.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{ready.name}"'})


def _jobs() -> jobs.ExportJobs:
    return jobs.ExportJobs(current_app.config.get("EXPORT_JOBS_FOLDER")
                           or os.path.join(current_app.instance_path, "exports"))


def _start(make) -> None:
    """Run make() in a thread of its own with the app's context (or at once, in tests)."""
    if current_app.config.get("EXPORT_JOBS_INLINE"):
        make()
        return
    app = current_app._get_current_object()

    def work() -> None:
        with app.app_context():
            make()
    threading.Thread(target=work, name="export", daemon=True).start()


@bp.get("/files/<token>")
@requires_role(Role.COORDINATOR, Role.ASSESSOR, Role.TEAM_LEAD)
def made(token: str):
    """How far a large export has got, or its download once it is ready."""
    job = _jobs().status(token, current_user.id)
    what = "spreadsheet" if job.file_format == "xlsx" else "evidence pack"
    if job.state == jobs.READY:
        title = f"Your {what} is ready"
    elif job.state == jobs.FAILED or job.stalled:
        title = f"Your {what} could not be made"
    else:
        title = f"Making your {what}: {job.percent}% done"
    return render_template("exports/made.html", title=title, job=job, what=what,
                           failed=job.state == jobs.FAILED or job.stalled)


@bp.get("/files/<token>/download")
@requires_role(Role.COORDINATOR, Role.ASSESSOR, Role.TEAM_LEAD)
def made_file(token: str):
    store = _jobs()
    job = store.status(token, current_user.id)
    return send_file(store.file_path(job), mimetype=job.media_type, as_attachment=True,
                     download_name=job.name)


@bp.get("/assessors")
@requires_role(Role.COORDINATOR)
def assessors():
    # Assessors' accounts and their access are on the People pages; this address still works.
    return redirect(url_for("people.index"))


@bp.route("/assessors/<int:user_id>", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def assessor(user_id: int):
    found = assessor_access.assessor(user_id)
    [shown] = [a for a in assessor_access.assessors() if a.id == user_id]
    form = AccessForm(data={"from_date": (shown.first_day or local_date(datetime.now(UTC)))
                            .isoformat(),
                            "to_date": shown.last_day.isoformat() if shown.last_day else ""})
    if form.validate_on_submit():
        try:
            days = assessor_access.access_days(form.from_date.data, form.to_date.data)
        except assessor_access.AccessError as error:
            form.field_for(error.field).errors.append(error.message)
        else:
            assessor_access.set_access(Actor.of_user(current_user), found, *days)
            flash(f"{found.email} can read the evidence from {days[0]:%-d %B %Y} to "
                  f"{days[1]:%-d %B %Y}")
            return redirect(url_for("people.detail", user_id=user_id))
    return render_template("exports/access.html", title="Change an assessor's access",
                           form=form, assessor=shown)


@bp.get("/action-plan")
@requires_role(Role.COORDINATOR, Role.ASSESSOR)
def action_plan():
    return render_template("exports/action_plan.html", title="CSE action plan",
                           actions=plan.plan_actions(), criteria=CSE_CRITERIA,
                           can_edit=current_user.role == Role.COORDINATOR)


@bp.route("/action-plan/new", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def new_plan_action():
    return _plan_action_form(None, "Add an action to the CSE action plan")


@bp.route("/action-plan/<int:action_id>", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def edit_plan_action(action_id: int):
    action = plan.plan_action(action_id)
    return _plan_action_form(action, "Change an action on the CSE action plan")


def _plan_action_form(action, title: str):
    data = ({"criterion": str(action.criterion), "element": action.element or "",
             "outcome": action.outcome, "officer": action.officer,
             "target_on": action.target_on, "status": str(action.status),
             "progress": action.progress} if action else {})
    form = PlanActionForm(data=data, elements=plan.elements())
    if form.validate_on_submit():
        plan.save_plan_action(plan.PlanEntry(
            int(form.criterion.data), form.element.data or None, form.outcome.data,
            form.officer.data, form.target_on.data, ActionStatus(form.status.data),
            form.progress.data or ""), current_user, action)
        flash("Action saved on the CSE action plan")
        return redirect(url_for("exports.action_plan"))
    return render_template("exports/plan_action.html", title=title, form=form, action=action)
