"""The audit trail, read by coordinators: who changed what, when. Nobody can edit it here."""

from flask import Blueprint, Response, render_template, request, stream_with_context
from flask_login import current_user

from forms.audit import AuditFilterForm
from shopper.domain.states import Role
from shopper.exports.audit_csv import audit_csv
from shopper.services import audit
from shopper.services.review import periods
from shopper.views.access import requires_role

bp = Blueprint("audit", __name__)


@bp.get("/audit")
@requires_role(Role.COORDINATOR)
def index():
    form = AuditFilterForm(request.args, entities=audit.audited_entities())
    chosen = _filter(form) if form.validate() else None
    return _page(form, audit.audit_events(chosen) if chosen else None)


@bp.get("/audit.csv")
@requires_role(Role.COORDINATOR)
def download():
    form = AuditFilterForm(request.args, entities=audit.audited_entities())
    chosen = _filter(form) if form.validate() else None
    if chosen is None:
        return _page(form, None)
    events = audit.every_audit_event(audit.Actor.of_user(current_user), chosen)
    return Response(stream_with_context(audit_csv(events)), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="audit-trail.csv"'})


def _page(form: AuditFilterForm, events):
    return render_template("audit/index.html", title="Audit trail", form=form, events=events,
                           limit=audit.AUDIT_PAGE, query=request.query_string.decode())


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
