"""The directory: groupings, blocks and teams; lines found, added and edited; a CSV uploaded."""

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forms.directory import (
    BlockForm,
    ConfirmUploadForm,
    LineForm,
    LineSearchForm,
    NameForm,
    ReceptionPointForm,
    UploadForm,
)
from shopper.domain.phones import display_number
from shopper.domain.states import LineType, Role
from shopper.services.admin import directory_upload, lines, organisation, receptions
from shopper.services.audit import Actor
from shopper.views.access import requires_role

bp = Blueprint("directory", __name__, url_prefix="/directory")


def _uploads() -> Path:
    return Path(current_app.instance_path) / "uploads"


@bp.get("")
@requires_role(Role.COORDINATOR)
def index():
    return render_template("directory/index.html", title="Directory",
                           outline=lines.directory_outline())


@bp.route("/groupings/<int:grouping_id>", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def grouping(grouping_id: int):
    found = organisation.grouping_or_404(grouping_id)
    form = NameForm(data={"name": found.name} if request.method == "GET" else None)
    return _rename(form, "Rename the service grouping", found.name, lambda: (
        organisation.rename_grouping(Actor.of_user(current_user), found, form.name.data)))


@bp.route("/teams/<int:team_id>", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def team(team_id: int):
    found = organisation.team_or_404(team_id)
    form = NameForm(data={"name": found.name} if request.method == "GET" else None)
    return _rename(form, "Rename the team", f"{found.name}, {found.block.name}", lambda: (
        organisation.rename_team(Actor.of_user(current_user), found, form.name.data)))


@bp.route("/blocks/<int:block_id>", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def block(block_id: int):
    found = organisation.block_or_404(block_id)
    form = BlockForm(data={"name": found.name, "active": "yes" if found.active else "no"}
                     if request.method == "GET" else None)
    return _rename(form, "Change the service block", found.name, lambda: (
        organisation.save_block(Actor.of_user(current_user), found, form.name.data,
                                form.active.data == "yes")),
                   lines=organisation.active_lines(found))


def _rename(form, title: str, caption: str, save, lines: int | None = None):
    if form.validate_on_submit():
        try:
            save()
        except organisation.NameRefused as refused:
            form[refused.field].errors.append(refused.message)
        else:
            flash(f"{form.name.data} saved")
            return redirect(url_for("directory.index"))
    return render_template("directory/rename.html", title=title, caption=caption, form=form,
                           active_lines=lines)


@bp.get("/lines")
@requires_role(Role.COORDINATOR)
def line_list():
    form = LineSearchForm(request.args)
    page_text = request.args.get("page", "1")
    if not (page_text.isascii() and page_text.isdigit() and 0 < len(page_text) < 6):
        abort(404)
    query = form.q.data if form.validate() else ""
    found = lines.search_lines(query or "", int(page_text))
    return render_template("directory/lines.html", title="Lines", form=form, found=found,
                           query=query or "")


@bp.route("/lines/new", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def new_line():
    return _edit(None)


@bp.route("/lines/<int:line_id>", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def edit_line(line_id: int):
    return _edit(lines.line_or_404(line_id))


def _edit(line):
    blocks, teams = lines.blocks_and_teams()
    form = LineForm(blocks=[(str(b.id), b.name) for b in blocks],
                    teams=[(str(t.id), f"{t.block.name}: {t.name}") for t in teams])
    if request.method == "GET":
        _fill(form, line)
    if form.validate_on_submit():
        try:
            saved = lines.save_line(Actor.of_user(current_user), line, lines.LineInput(
                form.number.data, form.extension.data, LineType(form.line_type.data),
                form.officer.data, int(form.service_block.data),
                int(form.team.data) if form.team.data else None, form.active.data == "yes"))
        except lines.LineRefused as refused:
            form[refused.field].errors.append(refused.message)
        else:
            number = display_number(saved.number, saved.extension)
            flash(f"Line {number} {'saved' if line else 'added'}")
            return redirect(url_for("directory.line_list", q=form.number.data))
    title = "Change a line" if line else "Add a line"
    return render_template("directory/line.html", title=title, form=form, line=line,
                           no_blocks=not blocks)


def _fill(form: LineForm, line) -> None:
    if line is None:
        form.active.data = "yes"
        return
    form.number.data = display_number(line.number)
    form.extension.data = line.extension
    form.line_type.data = line.line_type.value
    form.officer.data = line.officer_name or ""
    form.service_block.data = str(line.service_block_id)
    form.team.data = str(line.team_id) if line.team_id else ""
    form.active.data = "yes" if line.active else "no"


@bp.route("/upload", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def upload():
    form = UploadForm()
    problems = None
    if form.validate_on_submit():
        try:
            preview = directory_upload.preview_upload(form.file.data.read(), _uploads())
        except directory_upload.ImportRejected as rejected:
            problems = rejected.errors
            form.file.errors.append(
                "Correct the problems listed in the file, then upload it again: nothing has "
                "been saved")
        else:
            return _preview(preview)
    return render_template("directory/upload.html", title="Upload the directory", form=form,
                           problems=problems)


def _preview(preview, changed: bool = False):
    confirm = ConfirmUploadForm(formdata=None, token=preview.token,
                                fingerprint=preview.fingerprint)
    return render_template("directory/preview.html", title="Check the changes to the directory",
                           preview=preview, plan=preview.plan, confirm=confirm, changed=changed)


@bp.post("/upload/confirm")
@requires_role(Role.COORDINATOR)
def confirm_upload():
    form = ConfirmUploadForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        summary = directory_upload.confirm_upload(
            form.token.data or "", form.fingerprint.data or "", _uploads(),
            Actor.of_user(current_user))
    except directory_upload.PlanChanged as changed:
        return _preview(changed.preview, changed=True)
    except directory_upload.ImportRejected as rejected:
        return render_template("directory/upload.html", title="Upload the directory",
                               form=UploadForm(formdata=None), problems=rejected.errors)
    flash(f"Directory saved: {summary.created} lines added, {summary.updated} changed, "
          f"{summary.unchanged} unchanged")
    return redirect(url_for("directory.index"))


@bp.get("/reception-points")
@requires_role(Role.COORDINATOR)
def reception_points():
    return render_template("directory/reception_points.html", title="Reception points",
                           points=receptions.all_reception_points())


@bp.route("/reception-points/new", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def new_reception_point():
    return _edit_reception(None)


@bp.route("/reception-points/<int:point_id>", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def edit_reception_point(point_id: int):
    return _edit_reception(receptions.reception_or_404(point_id))


def _edit_reception(point):
    blocks, _ = lines.blocks_and_teams()
    form = ReceptionPointForm(blocks=[(str(b.id), b.name) for b in blocks])
    if request.method == "GET":
        form.name.data = point.name if point else ""
        form.address.data = point.address if point else ""
        form.opening_hours.data = point.opening_hours if point else ""
        form.service_blocks.data = [str(b.id) for b in point.blocks] if point else []
        form.family_reception.data = "yes" if point and point.family_reception else "no"
        form.active.data = "no" if point and not point.active else "yes"
    if form.validate_on_submit():
        chosen = [int(v) for v in form.service_blocks.data if v.isascii() and v.isdigit()
                  and len(v) < 10]
        try:
            receptions.save_reception_point(Actor.of_user(current_user), point,
                                            receptions.ReceptionInput(
                # An optional box left out of the post altogether is empty, not missing.
                form.name.data, form.address.data or "", form.opening_hours.data or "",
                chosen + [-1] * (len(form.service_blocks.data) - len(chosen)),
                form.family_reception.data == "yes", form.active.data == "yes"))
        except receptions.ReceptionRefused as refused:
            form[refused.field].errors.append(refused.message)
        else:
            flash(f"{form.name.data} saved")
            return redirect(url_for("directory.reception_points"))
    title = "Change a reception point" if point else "Add a reception point"
    return render_template("directory/reception_point.html", title=title, form=form,
                           no_blocks=not blocks)
