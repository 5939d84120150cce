"""The audit trail, read by coordinators: who changed what, when. Nobody can edit it here."""

from flask import Blueprint, render_template, request

from forms.audit import AuditFilterForm
from shopper.domain.states import Role
from shopper.services import audit
from shopper.services.review import periods
from shopper.views.access import requires_role

bp = Blueprint("audit", __name__)


@bp.get("/audit")
@requires_role(Role.COORDINATOR)
def index():
    form = AuditFilterForm(request.args, entities=audit.audited_entities())
    events = None
    if form.validate():
        chosen = _filter(form)
        if chosen is not None:
            events = audit.audit_events(chosen)
    return render_template("audit/index.html", title="Audit trail", form=form, events=events,
                           limit=audit.AUDIT_PAGE)


def _filter(form: AuditFilterForm) -> audit.AuditFilter | None:
    """The filter asked for, or None with the date's problem shown beside it."""
    dates = {}
    for field, name in ((form.from_date, "from"), (form.to_date, "to")):
        if not field.data:
            dates[name] = None
            continue
        try:
            dates[name] = periods.parse_date(field.data, name)
        except periods.PeriodError as error:
            field.errors = [error.message]
            return None
    if dates["from"] and dates["to"] and dates["to"] < dates["from"]:
        form.to_date.errors = ["Enter a To date the same as or after the From date"]
        return None
    return audit.AuditFilter(form.who.data or "", form.what.data or "", dates["from"],
                             dates["to"])
