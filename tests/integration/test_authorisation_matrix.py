"""Every route, for every kind of user, with real ids: who gets in, and who is turned away how.

The table is keyed by endpoint and read against SPEC.md section 1; a new route fails here until
someone writes down who may use it. GETs are sent for every role; a POST only where it must be
refused (the audit meta-test makes the allowed changes), and a refused POST changes nothing.

Outcomes: ok (the page, or a redirect within the app), signin (sent to sign in; 401 for the
API), 403 (signed in, not their role), 404 (their role, not their block or their shop).
"""

import pytest

from shopper.extensions import db
from shopper.models import AuditEvent
from tests.integration.security_world import ROLES, build_world

# Columns: anonymous, councillor, staff, lead (of the ids' block), other_lead, coordinator,
# assessor, expired (an assessor whose access ran out while signed in).
EVERYONE = "ok ok ok ok ok ok ok ok"
COORDINATOR = "signin 403 403 403 403 ok 403 signin"
LEADS = "signin 403 403 ok 404 ok 403 signin"  # a team lead of another block is not told it exists
ALL_LEADS = "signin 403 403 ok ok ok 403 signin"
REVIEWERS = "signin 403 403 ok ok ok ok signin"
READERS = "signin 403 403 403 403 ok ok signin"
SHOPPERS = "signin ok 404 403 403 403 403 signin"  # the draft and the shop are the councillor's
SHOPPERS_ANY = "signin ok ok 403 403 403 403 signin"
SIGNED_IN = "signin ok ok ok ok ok ok signin"

EXPECTED = {
    "home.index": "signin ok ok ok ok ok ok signin",  # a page for each role, none for strangers
    "public.results": EVERYONE,
    "public.accessibility": EVERYONE,
    "public.offline": EVERYONE,
    "public.service_worker": EVERYONE,
    "auth.sign_in": EVERYONE,
    "auth.sign_out": SIGNED_IN,
    "passwords.forgotten_password": EVERYONE,
    "passwords.set_password": EVERYONE,
    "actions.index": LEADS,
    "actions.detail": LEADS,
    "actions.reshop": LEADS,
    "actions.new": LEADS,
    "api.compliance": "signin 403 403 403 403 ok ok signin",
    "api.record_shop": "signin ok ok 403 403 403 403 signin",
    "audit.index": COORDINATOR,
    "audit.download": COORDINATOR,
    "review.overview": REVIEWERS,
    "review.block": "signin 403 403 ok 404 ok ok signin",
    "directory.index": COORDINATOR,
    "directory.block": COORDINATOR,
    "directory.grouping": COORDINATOR,
    "directory.line_list": COORDINATOR,
    "directory.edit_line": COORDINATOR,
    "directory.new_line": COORDINATOR,
    "directory.reception_points": COORDINATOR,
    "directory.edit_reception_point": COORDINATOR,
    "directory.new_reception_point": COORDINATOR,
    "directory.team": COORDINATOR,
    "directory.upload": COORDINATOR,
    "directory.confirm_upload": COORDINATOR,
    "disputes.index": ALL_LEADS,
    "disputes.decide": COORDINATOR,
    "disputes.to_verify": COORDINATOR,
    "disputes.shop": "signin 403 403 ok 404 ok ok signin",
    "disputes.new": LEADS,
    "disputes.verify": COORDINATOR,
    "exports.download": REVIEWERS,
    "exports.action_plan": READERS,
    # A background export's page and file are its maker's alone (test_export_jobs.py proves the
    # maker gets them); the world's token is nobody's job, so every role that may export gets 404.
    "exports.made": "signin 403 403 404 404 404 404 signin",
    "exports.made_file": "signin 403 403 404 404 404 404 signin",
    "exports.edit_plan_action": COORDINATOR,
    "exports.new_plan_action": COORDINATOR,
    "exports.assessors": COORDINATOR,
    "exports.assessor": COORDINATOR,
    "exercises.index": COORDINATOR,
    "exercises.detail": COORDINATOR,
    "exercises.assign": COORDINATOR,
    "exercises.assignment_list": COORDINATOR,
    "exercises.download": COORDINATOR,
    "exercises.edit": COORDINATOR,
    "exercises.change_status": COORDINATOR,
    "exercises.new": COORDINATOR,
    "people.index": COORDINATOR,
    "people.detail": COORDINATOR,
    "people.change": COORDINATOR,
    "people.deactivate": COORDINATOR,
    "people.invite_again": COORDINATOR,
    "people.reactivate": COORDINATOR,
    "people.invite": COORDINATOR,
    "record.start": SHOPPERS_ANY,
    "record.resume": SHOPPERS,
    "record.step": SHOPPERS,
    "record.check": SHOPPERS,
    "record.new": SHOPPERS_ANY,
    "record.find_line": SHOPPERS,
    "record.shop": SHOPPERS,
    "settings.edit": COORDINATOR,
    "standards.index": READERS,
    "standards.start_draft": COORDINATOR,
    "standards.version": READERS,
    "standards.discard": COORDINATOR,
    "standards.item": COORDINATOR,
    "standards.remove_item": COORDINATOR,
    "standards.new_item": COORDINATOR,
    "standards.publish": COORDINATOR,
    "standards.elements": READERS,
    "standards.edit_element": COORDINATOR,
    "standards.new_element": COORDINATOR,
    "standards.new_standard": COORDINATOR,
}

# Ids that differ by route: a shopper sees their own shop; the others see the block's.
OVERRIDES = {"record.shop": {"shop_id": "own_shop_id"},
             "exports.edit_plan_action": {"action_id": "plan_action_id"}}
# Routes whose ids come in the query string.
QUERIES = {"actions.new": "?block={block_id}", "actions.index": "?block={block_id}",
           "api.compliance": "?from=2026-01-01&to=2026-03-31"}


def routes(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def outcome(response, api: bool) -> str:
    status = response.status_code
    if status == 401 and api:
        return "signin"
    if status in (302, 303):
        return "signin" if "/sign-in" in response.headers["Location"] else "ok"
    if status in (200, 201, 409, 422):  # a page, or the API's answer about the shop itself
        return "ok"
    return str(status)


def test_every_route_has_an_expected_outcome_for_every_role(app):
    missing = sorted({rule.endpoint for rule in routes(app)} - set(EXPECTED))
    assert missing == [], "add these endpoints to EXPECTED: who may use them?"
    assert set(EXPECTED) <= {rule.endpoint for rule in routes(app)}, "a route has gone"
    assert all(len(row.split()) == len(ROLES) for row in EXPECTED.values())


@pytest.fixture
def world(app):
    return build_world(app)


def test_every_route_answers_every_role_as_the_table_says(app, world):
    wrong = []
    for rule in sorted(routes(app), key=lambda rule: rule.rule):
        if rule.endpoint not in EXPECTED:
            continue
        ids = {name: world.ids[key] for name, key in OVERRIDES.get(rule.endpoint, {}).items()}
        path = world.path(rule.rule, **ids) + QUERIES.get(rule.endpoint, "").format(**world.ids)
        for role, expected in zip(ROLES, EXPECTED[rule.endpoint].split(), strict=True):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                if method != "GET" and expected == "ok":
                    continue  # an allowed change: the audit meta-test makes it
                audited = last_audit_entry()
                response = world.clients[role].open(path, method=method)
                got = outcome(response, rule.rule.startswith("/api/"))
                if method != "GET" and last_audit_entry() != audited:
                    wrong.append(f"{method} {path} as {role}: refused, yet changed something")
                if got != expected:
                    wrong.append(f"{method} {path} as {role}: {got}, expected {expected}")
    assert wrong == [], "\n".join(wrong)


def last_audit_entry() -> int | None:
    return db.session.scalar(db.select(db.func.max(AuditEvent.id)))
