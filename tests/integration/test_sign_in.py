"""Signing in and out, and each role's home page."""

import pytest

from shopper.config import CONFIGS
from shopper.domain.states import Role
from shopper.services import people
from shopper.services.people import authenticate
from tests.conftest import parse


def test_sign_in_takes_a_user_to_their_home_page(client, make_user, sign_in):
    make_user("coordinator@example.org", Role.COORDINATOR, name="Cara Coordinator")
    response = sign_in("Coordinator@Example.org ")
    assert response.status_code == 302
    page = parse(client.get("/"))
    assert page.h1.text.split() == ["Cara", "Coordinator,", "coordinator", "Home"]
    assert "Sign out" in page.select_one(".govuk-service-navigation").text


def test_a_wrong_password_gets_a_clear_error_and_no_session(client, make_user, sign_in):
    make_user("coordinator@example.org")
    page = parse(sign_in("coordinator@example.org", "wrong password"))
    summary = page.select_one(".govuk-error-summary")
    assert summary.select_one("a").text.strip() == "Enter a correct email address and password"
    assert page.title.text.startswith("Error: ")
    assert page.select_one("#email")["value"] == "coordinator@example.org"
    assert client.get("/").status_code == 302


def test_an_unknown_email_gets_the_same_error(client, sign_in):
    page = parse(sign_in("nobody@example.org", "whatever"))
    assert "Enter a correct email address and password" in page.select_one(
        ".govuk-error-summary").text


def test_empty_fields_say_what_to_enter(client):
    page = parse(client.post("/sign-in", data={"email": "", "password": ""}))
    messages = [a.text.strip() for a in page.select(".govuk-error-summary a")]
    assert messages == ["Enter your email address", "Enter your password"]


def test_an_account_without_a_password_cannot_sign_in(client, make_user, sign_in):
    make_user("new@example.org", Role.SHOPPER, password=None)
    page = parse(sign_in("new@example.org", ""))
    assert "Enter your password" in page.select_one(".govuk-error-summary").text
    page = parse(sign_in("new@example.org", "anything at all"))
    assert "Enter a correct email address and password" in page.text


def test_sign_out_ends_the_session(client, make_user, sign_in):
    make_user()
    sign_in("coordinator@example.org")
    assert client.post("/sign-out").status_code == 302
    assert client.get("/").headers["Location"].endswith("/sign-in")


def test_passwords_are_stored_hashed(app, make_user, monkeypatch):
    # The tests hash cheaply (TestConfig); this one hashes as production does.
    monkeypatch.setattr(people, "_hash_method", CONFIGS["production"].PASSWORD_HASH_METHOD)
    user = make_user(password="correct horse")
    assert "correct horse" not in user.password_hash
    assert user.password_hash.startswith("scrypt:")
    assert authenticate("coordinator@example.org", "correct horse") == user


@pytest.mark.parametrize("role, heading_word, extra", [
    (Role.COORDINATOR, "coordinator", {}),
    (Role.ASSESSOR, "assessor", {}),
    (Role.SHOPPER, "councillor", {}),
])
def test_each_role_has_a_home_page_saying_what_to_do_next(client, make_user, sign_in, role,
                                                           heading_word, extra):
    make_user("person@example.org", role, name="Pat Person", **extra)
    sign_in("person@example.org")
    page = parse(client.get("/"))
    assert heading_word in page.h1.text
    assert page.select_one(".govuk-generic-header").text.strip() == "Anytown Borough Council"
    assert page.find("footer")


def test_repeated_failed_sign_ins_are_throttled(app, make_user, database_url):
    from shopper import create_app
    from shopper.extensions import limiter

    make_user()
    throttled_app = create_app("test", SQLALCHEMY_DATABASE_URI=database_url,
                               RATELIMIT_ENABLED=True)
    try:
        client = throttled_app.test_client()
        codes = [client.post("/sign-in", data={"email": "coordinator@example.org",
                                               "password": "wrong password"}).status_code
                 for _ in range(11)]
        with throttled_app.app_context():
            limiter.reset()
    finally:
        limiter.enabled = False
    assert codes[:10] == [200] * 10
    assert codes[10] == 429


def test_an_assessor_whose_access_has_expired_is_signed_out(app, client, make_user, sign_in):
    from datetime import UTC, datetime, timedelta

    from shopper.extensions import db

    assessor = make_user("assessor@example.org", Role.ASSESSOR)
    sign_in("assessor@example.org")
    assert client.get("/").status_code == 200
    assessor.access_expires_at = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/sign-in")


def test_being_sent_to_sign_in_is_a_notice_not_a_success(client):
    response = client.get("/compliance", follow_redirects=True)
    page = parse(response)
    banner = page.select_one(".govuk-notification-banner")
    assert "Sign in to continue" in banner.text
    assert "govuk-notification-banner--success" not in banner["class"]
