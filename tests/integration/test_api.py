"""GET /api/v1/compliance: the JSON export for coordinators and assessors, by session or token."""

import hashlib
import json
from datetime import UTC, date, datetime, timedelta

import pytest

from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import ApiToken, User
from shopper.services.api_tokens import create_token, revoke
from shopper.services.audit import Actor
from shopper.services.demo.load import DEMO_PASSWORD, load_demo

TESTS = Actor("the tests")

COORDINATOR = "coordinator@anytown.example"
ASSESSOR = "assessor@assessors.example"
TEAM_LEAD = "lead.housing@anytown.example"
SHOPPER = "cllr.jones@anytown.example"
PERIOD = {"from": "2026-04-01", "to": "2026-06-30"}


@pytest.fixture
def demo(app):
    load_demo(300, 7, date(2026, 9, 30))


@pytest.fixture
def signed_in(client, demo):
    def sign_in_as(email):
        response = client.post("/sign-in", data={"email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302
        return client

    return sign_in_as


def user(email) -> User:
    return db.session.scalar(db.select(User).filter_by(email=email))


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def assert_refused(response, status: int, message: str) -> None:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    assert response.get_json() == {"error": message}


NO_CREDENTIALS = "Sign in, or send your API token in the header Authorization: Bearer <token>"
BAD_TOKEN = ("The API token is not valid: it may be mistyped or revoked, or its owner's access "
             "may have ended. Ask your council's Shopper coordinator for a new one")
NOT_ALLOWED = "Only coordinators and assessors can read compliance figures through the API"


# -- Who may read -----------------------------------------------------------------------------

def test_a_signed_in_coordinator_gets_the_same_json_as_the_export(app, signed_in):
    response = signed_in(COORDINATOR).get("/api/v1/compliance", query_string=PERIOD)
    exported = app.test_cli_runner().invoke(args=[
        "shopper", "export", "--format", "json", "--from", "2026-04-01", "--to", "2026-06-30",
        "-o", "-"])

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.data == exported.stdout_bytes
    report = response.get_json()
    assert report["period"] == PERIOD
    assert len(report["blocks"]) == 14
    assert sum(s["n"] for b in report["blocks"] for s in b["standards"]) > 0


def test_a_signed_in_assessor_can_read(signed_in):
    response = signed_in(ASSESSOR).get("/api/v1/compliance", query_string=PERIOD)

    assert response.status_code == 200
    assert response.get_json()["period"] == PERIOD


def test_an_assessor_whose_access_has_ended_gets_no_data(signed_in):
    client = signed_in(ASSESSOR)
    user(ASSESSOR).access_expires_at = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    response = client.get("/api/v1/compliance", query_string=PERIOD)

    # The session no longer signs them in, so the API asks for credentials.
    assert_refused(response, 401, NO_CREDENTIALS)
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="Shopper"'


@pytest.mark.parametrize("email", [TEAM_LEAD, SHOPPER])
def test_team_leads_and_shoppers_are_refused(signed_in, email):
    response = signed_in(email).get("/api/v1/compliance", query_string=PERIOD)

    assert_refused(response, 403, NOT_ALLOWED)


def test_a_stranger_is_asked_for_a_token_not_sent_to_sign_in(client, demo):
    response = client.get("/api/v1/compliance", query_string=PERIOD)

    assert_refused(response, 401, NO_CREDENTIALS)
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="Shopper"'
    assert "Location" not in response.headers


@pytest.mark.parametrize("email", [COORDINATOR, ASSESSOR])
def test_a_valid_token_reads_without_a_session(client, demo, email):
    token = create_token(email, "script", actor=TESTS).token
    response = client.get("/api/v1/compliance", query_string=PERIOD, headers=bearer(token))

    assert response.status_code == 200
    assert response.get_json()["period"] == PERIOD


def test_a_token_wins_over_the_session(signed_in):
    client = signed_in(COORDINATOR)
    response = client.get("/api/v1/compliance", query_string=PERIOD,
                          headers=bearer("not-a-token"))

    assert_refused(response, 401, BAD_TOKEN)


@pytest.mark.parametrize("header", [
    "Bearer not-a-token", "Bearer ", "Basic Y29vcmRpbmF0b3I6cGFzc3dvcmQ=", "Bearer " + "x" * 5000,
])
def test_wrong_tokens_are_refused(client, demo, header):
    create_token(COORDINATOR, actor=TESTS)
    response = client.get("/api/v1/compliance", query_string=PERIOD,
                          headers={"Authorization": header})

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith('Bearer realm="Shopper"')
    assert "blocks" not in response.get_json()


def test_a_revoked_token_is_refused(client, demo):
    issued = create_token(ASSESSOR, actor=TESTS)
    revoke(issued.id, actor=TESTS)
    response = client.get("/api/v1/compliance", query_string=PERIOD, headers=bearer(issued.token))

    assert_refused(response, 401, BAD_TOKEN)
    assert response.headers["WWW-Authenticate"] == (
        'Bearer realm="Shopper", error="invalid_token"')


def test_a_token_stops_working_when_its_owner_may_no_longer_read(client, demo):
    assessor_token = create_token(ASSESSOR, actor=TESTS).token
    coordinator_token = create_token(COORDINATOR, actor=TESTS).token
    user(ASSESSOR).access_expires_at = datetime.now(UTC) - timedelta(seconds=1)
    user(COORDINATOR).role = Role.TEAM_LEAD
    db.session.commit()

    for token in (assessor_token, coordinator_token):
        response = client.get("/api/v1/compliance", query_string=PERIOD, headers=bearer(token))
        assert_refused(response, 401, BAD_TOKEN)


def test_tokens_are_stored_only_as_hashes(app, demo):
    result = app.test_cli_runner().invoke(args=["shopper", "create-token", ASSESSOR])
    token = result.output.strip().rsplit(" ", 1)[-1]

    [stored] = db.session.scalars(db.select(ApiToken)).all()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    dumped = json.dumps([list(row) for row in db.session.execute(
        db.select(ApiToken.__table__)).all()], default=str)
    assert token not in dumped


# -- What may be asked ------------------------------------------------------------------------

def test_block_limits_the_report(signed_in):
    response = signed_in(ASSESSOR).get(
        "/api/v1/compliance?from=2026-04-01&to=2026-06-30&block=Planning&block=Housing")

    assert response.status_code == 200
    assert [b["service_block"] for b in response.get_json()["blocks"]] == ["Housing", "Planning"]


@pytest.mark.parametrize(("query", "message"), [
    ({"to": "2026-06-30"}, "Enter the start date as YYYY-MM-DD, like 2026-04-01"),
    ({"from": "2026-04-01"}, "Enter the end date as YYYY-MM-DD, like 2026-04-01"),
    ({"from": "2026-02-30", "to": "2026-06-30"},
     "Enter a real start date, like 2026-04-01: 2026-02-30 does not exist"),
    ({"from": "2026-04-01", "to": "yesterday"},
     "Enter the end date as YYYY-MM-DD, like 2026-04-01"),
    ({"from": "2026-04-01", "to": "2026-03-31"},
     "The end date must be the same as or after the start date"),
    ({"from": "2020-01-01", "to": "2026-06-30"},
     "Choose a period of 5 years or less: the end date must be no later than 2024-12-31"),
    ({"from": "2026-04-01", "to": "2026-06-30", "block": "Plannign"},
     "There is no service block called 'Plannign': did you mean 'Planning'?"),
    ({"from": "2026-04-01", "to": "2026-06-30", "block": ""},
     "Enter the name of a service block, like Planning"),
])
def test_bad_questions_get_400_saying_what_to_send(signed_in, query, message):
    response = signed_in(COORDINATOR).get("/api/v1/compliance", query_string=query)

    assert_refused(response, 400, message)
