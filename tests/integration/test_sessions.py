"""Sessions end on the server: a copied cookie stops working after sign-out, a change to the
account's access, too long idle or too long since signing in."""

import dataclasses

import pytest

from shopper.domain.states import Role
from shopper.extensions import db
from shopper.services.people import hash_password
from shopper.services.settings import current_settings, save_settings

EMAIL = "coordinator@example.org"
HOME = "/compliance"


@pytest.fixture
def clock(monkeypatch):
    """The sessions' clock, which a test moves on by setting `clock.now`."""

    class Clock:
        now = 1_800_000_000.0

    monkeypatch.setattr("shopper.views.auth.time.time", lambda: Clock.now)
    return Clock


@pytest.fixture
def user(make_user):
    return make_user(EMAIL)


@pytest.fixture
def copied(app, client, sign_in, user):
    """A second browser holding a copy of the first one's session cookie."""
    sign_in(EMAIL)
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    assert other.get(HOME).status_code == 200
    return other


def signed_out(response) -> bool:
    return response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_signing_out_ends_every_copy_of_the_session(client, copied):
    client.post("/sign-out")
    assert signed_out(copied.get(HOME))
    assert signed_out(client.get(HOME))


@pytest.mark.parametrize("change", [
    lambda user: setattr(user, "role", Role.ASSESSOR),
    lambda user: setattr(user, "active", False),
    lambda user: setattr(user, "password_hash", hash_password("another password")),
])
def test_a_change_to_the_account_ends_its_sessions(copied, user, change):
    change(user)
    db.session.commit()
    assert signed_out(copied.get(HOME))


def test_a_change_of_name_does_not_end_sessions(copied, user):
    user.name = "Carys Coordinator"
    db.session.commit()
    assert copied.get(HOME).status_code == 200


def test_signing_in_again_after_sign_out_works(client, sign_in, user):
    sign_in(EMAIL)
    client.post("/sign-out")
    sign_in(EMAIL)
    assert client.get(HOME).status_code == 200


def test_an_idle_session_ends_after_the_idle_timeout(client, sign_in, user, clock):
    sign_in(EMAIL)
    clock.now += 29 * 60
    assert client.get(HOME).status_code == 200
    clock.now += 29 * 60
    assert client.get(HOME).status_code == 200, "activity keeps the session alive"
    clock.now += 31 * 60
    response = client.get(HOME)
    assert signed_out(response)
    assert "sign in again" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_busy_session_still_ends_after_its_lifetime(client, sign_in, user, clock):
    sign_in(EMAIL)
    for _ in range(12 * 60 // 20 - 1):
        clock.now += 20 * 60
        assert client.get("/").status_code == 200
    clock.now += 25 * 60
    assert signed_out(client.get(HOME))


def test_the_idle_timeout_is_a_setting(client, sign_in, user, clock):
    save_settings(dataclasses.replace(current_settings(), session_idle_minutes=5))
    sign_in(EMAIL)
    clock.now += 6 * 60
    assert signed_out(client.get(HOME))


def test_a_session_from_before_versions_is_not_honoured(app, client, user):
    """A cookie naming only the user id, as sessions did before, no longer signs anyone in."""
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    assert signed_out(client.get(HOME))
