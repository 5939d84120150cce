"""Exercises: plan one, hand out its shops, follow its progress, change its assignments."""

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forms.exercises import (
    AssignmentFilterForm,
    ChangeAssignmentsForm,
    ExerciseForm,
    SampleForm,
    StatusForm,
)
from shopper.domain.states import ExerciseStatus, Role
from shopper.exports.assignments_csv import assignments_csv
from shopper.services.audit import Actor
from shopper.services.exercises import assignments, plans, progress, sampling
from shopper.services.settings import current_settings
from shopper.views.access import requires_role

bp = Blueprint("exercises", __name__, url_prefix="/exercises")
coordinator_only = requires_role(Role.COORDINATOR)


def _actor() -> Actor:
    return Actor.of_user(current_user)


def _exercise_form(exercise=None) -> ExerciseForm:
    choices = plans.exercise_choices()
    data = {}
    if exercise is not None and request.method == "GET":
        data = {"name": exercise.name, "starts_on": exercise.starts_on,
                "ends_on": exercise.ends_on, "target": str(exercise.target_per_block),
                "standards": [s.id for s in exercise.standards],
                "blocks": [b.id for b in exercise.blocks],
                "shoppers": [u.id for u in exercise.shoppers],
                "follow_mix": "yes" if exercise.follow_mix else "no"}
    return ExerciseForm(
        data=data or None,
        blocks=[(b.id, b.name) for b in choices.blocks],
        standards=[(s.id, f"{s.name} ({s.code})") for s in choices.standards],
        shoppers=[(u.id, _shopper_label(u)) for u in choices.shoppers])


def _shopper_label(user) -> str:
    return f"{user.display_name} ({user.block.name if user.block else 'councillor'})"


def _fields(form: ExerciseForm) -> plans.ExerciseFields:
    return plans.ExerciseFields(
        name=form.name.data, starts_on=form.starts_on.data, ends_on=form.ends_on.data,
        target_per_block=form.target_number, standard_ids=form.standards.data,
        block_ids=form.blocks.data, shopper_ids=form.shoppers.data,
        follow_mix=form.follow_mix.data == "yes")


@bp.route("")
@coordinator_only
def index():
    return render_template("exercises/index.html", title="Exercises",
                           exercises=plans.exercises())


@bp.route("/new", methods=["GET", "POST"])
@coordinator_only
def new():
    form = _exercise_form()
    if form.validate_on_submit():
        exercise = plans.create_exercise(_actor(), _fields(form))
        flash("Exercise saved. Assign its shops, then open it so shoppers see them")
        return redirect(url_for("exercises.detail", exercise_id=exercise.id))
    return render_template("exercises/edit.html", title="Plan an exercise", form=form,
                           exercise=None)


@bp.route("/<int:exercise_id>/edit", methods=["GET", "POST"])
@coordinator_only
def edit(exercise_id):
    exercise = plans.get_exercise(exercise_id)
    if exercise.status == ExerciseStatus.CLOSED:
        flash("A closed exercise cannot be changed", "info")
        return redirect(url_for("exercises.detail", exercise_id=exercise.id))
    form = _exercise_form(exercise)
    if form.validate_on_submit():
        plans.update_exercise(_actor(), exercise, _fields(form))
        flash("Exercise saved")
        return redirect(url_for("exercises.detail", exercise_id=exercise.id))
    return render_template("exercises/edit.html", title="Change the exercise", form=form,
                           exercise=exercise)


@bp.route("/<int:exercise_id>")
@coordinator_only
def detail(exercise_id):
    exercise = plans.get_exercise(exercise_id)
    status_form = StatusForm()
    status_form.submit.label.text = ("Open exercise" if exercise.status == ExerciseStatus.DRAFT
                                     else "Close exercise")
    return render_template("exercises/detail.html", title=exercise.name, exercise=exercise,
                           progress=progress.exercise_progress(exercise, plans.today()),
                           status_form=status_form)


@bp.route("/<int:exercise_id>/assign", methods=["GET", "POST"])
@coordinator_only
def assign(exercise_id):
    exercise = plans.get_exercise(exercise_id)
    if exercise.status == ExerciseStatus.CLOSED:
        flash("A closed exercise cannot be given more shops", "info")
        return redirect(url_for("exercises.detail", exercise_id=exercise.id))
    form = SampleForm()
    if form.validate_on_submit():
        done = sampling.sample_exercise(_actor(), exercise, plans.today(), form.seed_number)
        short = f", {done.shortfall} short of the target" if done.shortfall else ""
        flash(f"{done.assigned} shop{'' if done.assigned == 1 else 's'} assigned{short} "
              f"(seed {done.seed})")
        return redirect(url_for("exercises.detail", exercise_id=exercise.id))
    return render_template("exercises/assign.html", title="Assign shops", form=form,
                           exercise=exercise, settings=current_settings())


@bp.route("/<int:exercise_id>/status", methods=["POST"])
@coordinator_only
def change_status(exercise_id):
    exercise = plans.get_exercise(exercise_id)
    if StatusForm().validate_on_submit():
        opening = exercise.status == ExerciseStatus.DRAFT
        plans.set_status(_actor(), exercise,
                         ExerciseStatus.OPEN if opening else ExerciseStatus.CLOSED)
        flash("Exercise opened: shoppers now see their assignments" if opening
              else "Exercise closed: its open assignments have expired")
    return redirect(url_for("exercises.detail", exercise_id=exercise.id))


@bp.route("/<int:exercise_id>/assignments", methods=["GET", "POST"])
@coordinator_only
def assignment_list(exercise_id):
    exercise = plans.get_exercise(exercise_id)
    shoppers = [(str(u.id), _shopper_label(u)) for u in exercise.shoppers]
    filters = AssignmentFilterForm(request.args, blocks=[(str(b.id), b.name)
                                                         for b in exercise.blocks],
                                   shoppers=shoppers)
    block_id = _chosen(filters.block)
    shopper_id = _chosen(filters.shopper)
    form = ChangeAssignmentsForm(shoppers=shoppers)
    if form.validate_on_submit():
        try:
            if form.cancel.data:
                count = assignments.cancel_assignments(_actor(), exercise, form.assignments.data,
                                                       plans.today())
                flash(f"{count} assignment{'' if count == 1 else 's'} cancelled")
            else:
                count = assignments.reassign(_actor(), exercise, form.assignments.data,
                                             int(form.to_shopper.data), plans.today())
                flash(f"{count} assignment{'' if count == 1 else 's'} reassigned")
            return redirect(request.full_path)
        except assignments.ChangeRefused as refused:
            field = "to_shopper" if refused.field == "shopper" else refused.field
            form[field].errors.append(refused.message)
    rows = assignments.assignment_rows(exercise, plans.today(), block_id=block_id,
                                       shopper_id=shopper_id, limit=assignments.LIST_LIMIT + 1)
    return render_template("exercises/assignments.html", title="Assignments", form=form,
                           exercise=exercise, filters=filters,
                           rows=rows[:assignments.LIST_LIMIT],
                           more=len(rows) > assignments.LIST_LIMIT,
                           total=assignments.count_assignments(exercise),
                           selected=set(form.assignments.data or ()))


def _chosen(field) -> int | None:
    valid = {choice.value for choice in field.choices}
    return int(field.data) if field.data and field.data in valid else None


@bp.route("/<int:exercise_id>/assignments.csv")
@coordinator_only
def download(exercise_id):
    exercise = plans.get_exercise(exercise_id)
    body = assignments_csv(exercise.name, assignments.assignment_rows(exercise, plans.today()))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="exercise-{exercise.id}-assignments.csv"'})
