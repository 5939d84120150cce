"""Settings: the coordinator changes the council's targets, thresholds, calendar and name."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forms.settings import SettingsForm
from shopper.domain.settings import SETTING_LABELS
from shopper.domain.states import Role
from shopper.services.admin import settings
from shopper.services.audit import Actor
from shopper.views.access import requires_role

bp = Blueprint("settings", __name__)


@bp.route("/settings", methods=["GET", "POST"])
@requires_role(Role.COORDINATOR)
def edit():
    form = SettingsForm(data=settings.settings_as_text() if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            changed = settings.change_settings(Actor.of_user(current_user), form.values())
        except settings.SettingsRefused as refused:
            for error in refused.errors:
                form[error.key].errors.append(error.message)
        else:
            flash(_saved(changed))
            return redirect(url_for("settings.edit"))
    return render_template("settings/edit.html", title="Settings", form=form)


def _saved(changed: list[str]) -> str:
    if not changed:
        return "Nothing changed: the settings are as they were"
    names = ", ".join(SETTING_LABELS[key].split(" (")[0].lower() for key in changed)
    return f"Settings saved. Changed: {names}"
