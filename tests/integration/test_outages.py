"""A database that is away gives a clear page to try again (503, Retry-After), JSON for the
API, and the error page itself never needs the database."""

import pytest
import sqlalchemy as sa

from shopper import create_app
from tests.conftest import parse

UNREACHABLE = "postgresql+psycopg://shopper@127.0.0.1:1/shopper?connect_timeout=2"


@pytest.fixture
def away():
    return create_app("test", SQLALCHEMY_DATABASE_URI=UNREACHABLE).test_client()


def test_an_unreachable_database_is_a_page_saying_try_again(away):
    response = away.get("/sign-in")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    page = parse(response)
    assert page.h1.text == "Sorry, the service is unavailable"
    assert page.title.text.startswith(page.h1.text)
    assert "has not been saved" in page.text


def test_the_api_answers_in_json_when_the_database_is_away(away):
    response = away.get("/api/v1/compliance?from=2026-01-01&to=2026-03-31",
                        headers={"Authorization": "Bearer whatever"})
    assert response.status_code == 503
    assert response.json["error"].startswith("Sorry, the service is unavailable")


def test_a_connection_dropped_mid_request_is_a_503_and_the_next_request_works(
        client, make_user, sign_in, monkeypatch):
    make_user()
    sign_in("coordinator@example.org")

    def dropped(*args, **kwargs):
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    monkeypatch.setattr("shopper.views.review.overview.compliance_overview", dropped)
    response = client.get("/compliance")
    assert response.status_code == 503
    assert "Try again" in response.get_data(as_text=True)
    monkeypatch.undo()
    assert client.get("/compliance").status_code == 200


def test_other_database_failures_are_a_500_page_that_needs_no_database(
        client, make_user, sign_in, monkeypatch):
    make_user()
    sign_in("coordinator@example.org")

    def broken(*args, **kwargs):
        raise sa.exc.DataError("INSERT", {}, Exception("value out of range"))

    monkeypatch.setattr("shopper.views.review.overview.compliance_overview", broken)
    response = client.get("/compliance")
    assert response.status_code == 500
    assert "Retry-After" not in response.headers
    assert parse(response).h1.text == "Sorry, there is a problem with the service"
