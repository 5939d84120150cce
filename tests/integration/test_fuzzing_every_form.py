"""Fuzzing every form on every page, and the recording API, with one council for them all.

Each form is found by walking the URL map as a user who may use the route (the authorisation
matrix says who), so a new page's forms are fuzzed without anyone listing them. Hypothesis
picks a form and types anything, or one of the form's own choices, into each field; Shopper
must never answer 500, and a refused submission (an error summary, or a 4xx) changes nothing.

How many inputs: each run (so each CI database) makes EXAMPLES["default"]; FUZZ_PROFILE=thorough
makes over 10,000 across the fuzzing modules, for a long run before a release.
"""

import io
import json

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shopper.extensions import db
from tests.conftest import parse
from tests.integration.security_world import ROLES, build_world
from tests.integration.test_authorisation_matrix import EXPECTED, OVERRIDES, QUERIES, routes
from tests.integration.test_fuzzing import ANYTHING, FUZZ_PROFILE, NUMBERISH

FORM_EXAMPLES, API_EXAMPLES = {"thorough": (7000, 2600), "default": (500, 200)}[FUZZ_PROFILE]
FUZZ = {"deadline": None, "database": None,
        "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]}
# Forms whose submission would end the fuzzer's own sessions, not find a bug.
SKIPPED_ACTIONS = ("/sign-out",)


def first_allowed_role(endpoint: str) -> str | None:
    """The role to fuzz a page's forms as; None when the world has no page there to fetch."""
    row = EXPECTED[endpoint].split()
    signed_in = [role for role, outcome in zip(ROLES, row, strict=True)
                 if outcome == "ok" and role != "anonymous"]
    if not signed_in:
        return None
    return signed_in[-1] if "coordinator" not in signed_in else "coordinator"


def discover_forms(app, world) -> list[dict]:
    """Every form in every page's main content, with its fields and their own choices."""
    found, seen = [], set()
    for rule in sorted(routes(app), key=lambda rule: rule.rule):
        if "GET" not in rule.methods or rule.endpoint == "auth.sign_out":
            continue
        role = first_allowed_role(rule.endpoint)
        if role is None:
            continue
        ids = {name: world.ids[key] for name, key in OVERRIDES.get(rule.endpoint, {}).items()}
        path = world.path(rule.rule, **ids) + QUERIES.get(rule.endpoint, "").format(**world.ids)
        response = world.clients[role].get(path)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        for form in parse(response).select("main form"):
            action = form.get("action") or path
            method = form.get("method", "get").upper()
            if action.startswith(SKIPPED_ACTIONS) or (role, method, action) in seen:
                continue
            seen.add((role, method, action))
            found.append({"role": role, "method": method, "action": action,
                          "fields": fields_of(form)})
    return found


def fields_of(form) -> dict[str, list[str]]:
    """Each field's name with the values the page offers for it (none for free text)."""
    fields: dict[str, list[str]] = {}
    for element in form.select("input[name], select[name], textarea[name]"):
        offered = fields.setdefault(element["name"], [])
        if element.name == "select":
            offered += [option.get("value", option.text) for option in element.select("option")]
        elif element.get("type") in ("radio", "checkbox", "hidden", "submit"):
            offered.append(element.get("value", "on"))
        elif element.get("type") == "file":
            offered.append("<file>")
    return fields


def row_counts() -> dict[str, int]:
    db.session.expire_all()
    tables = db.metadata.sorted_tables
    query = sa.union_all(*(sa.select(sa.literal(table.name), sa.func.count())
                           .select_from(table) for table in tables))
    return dict(db.session.execute(query).all())


def value(offered: list[str]):
    if offered == ["<file>"]:
        return st.binary(max_size=300).map(lambda data: (io.BytesIO(data), "fuzz.csv"))
    choices = [st.sampled_from(offered)] if offered else []
    return st.one_of(*choices, ANYTHING, NUMBERISH, st.lists(ANYTHING, max_size=3))


def test_every_form_on_every_page(app):
    world = build_world(app)
    forms = discover_forms(app, world)
    assert len(forms) > 40, "the walk found the app's forms"
    fuzzed = []

    @settings(max_examples=FORM_EXAMPLES, **FUZZ)
    @given(data=st.data())
    def submit(data):
        form = data.draw(st.sampled_from(forms), label="form")
        typed = {name: data.draw(value(offered), label=name)
                 for name, offered in form["fields"].items() if data.draw(st.booleans())}
        before = row_counts() if form["method"] == "POST" else None
        client = world.clients[form["role"]]
        if form["method"] == "GET":
            response = client.get(form["action"], query_string=_flat(typed))
        else:
            files = any(isinstance(v, tuple) for v in typed.values())
            response = client.post(form["action"], data=typed,
                                   content_type="multipart/form-data" if files else None)
        fuzzed.append(form["action"])
        assert response.status_code < 500, (form["action"], typed)
        refused = response.status_code >= 400 or (
            response.status_code == 200 and b"govuk-error-summary" in response.data)
        if refused and form["method"] == "POST":
            assert row_counts() == before, f"a refused {form['action']} changed nothing"

    submit()
    print(f"{len(fuzzed)} submissions to {len(set(fuzzed))} of {len(forms)} forms")


def _flat(typed: dict) -> dict:
    return {name: v for name, v in typed.items() if not isinstance(v, tuple)}


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | ANYTHING,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(ANYTHING, children,
                                                                      max_size=3),
    max_leaves=6)
API_FIELDS = ("client_id", "channel", "occurred_at", "number", "extension", "reception_point",
              "rings", "outcome", "held_or_transferred", "officer_away", "message_left_at",
              "callback_at", "callback_withheld", "callback_answering_machine",
              "acknowledged_minutes", "seen_minutes", "answers", "notes")


def test_the_recording_api(app):
    world = build_world(app)
    client = world.clients["councillor"]

    @settings(max_examples=API_EXAMPLES, **FUZZ)
    @given(body=st.one_of(
        st.fixed_dictionaries({}, optional=dict.fromkeys(API_FIELDS, JSON_VALUES)),
        JSON_VALUES, st.binary(max_size=100)))
    def send(body):
        before = row_counts()
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        response = client.post("/api/v1/shops", data=raw, content_type="application/json")
        assert response.status_code < 500, body
        assert response.is_json
        if response.status_code >= 400:
            assert row_counts() == before, "a refused shop changed nothing"

    send()
