"""An assessor's read-only access: set from one day to another, and over by itself after it."""

from datetime import UTC, datetime, timedelta

from shopper.domain.deadlines import LONDON
from shopper.domain.people import access_ends_at
from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import AuditEvent, User

TODAY = datetime.now(UTC).astimezone(LONDON).date()
FIRST, LAST = TODAY + timedelta(days=30), TODAY + timedelta(days=60)


def cli(app, *args: str):
    return app.test_cli_runner().invoke(args=["shopper", *args])


def user(email: str) -> User:
    return db.session.scalar(db.select(User).filter_by(email=email))


def test_create_user_gives_an_assessor_access_until_the_end_of_a_day(app):
    result = cli(app, "create-user", "a@assess.example", "--role", "assessor",
                 "--access-from", "2026-12-01", "--access-until", "2027-01-31")

    assert result.exit_code == 0, result.output
    assert "access until 2027-01-31" in result.output
    assessor = user("a@assess.example")
    assert assessor.access_starts_at == datetime(2026, 12, 1, tzinfo=LONDON)
    # Midnight at the end of 31 January in London, which is GMT in winter.
    assert assessor.access_expires_at == datetime(2027, 2, 1, tzinfo=UTC)


def test_an_assessor_made_without_dates_is_told_how_to_end_their_access(app):
    # The command as the rules name it has no dates; an assessor's access is then open-ended.
    result = cli(app, "create-user", "b@assess.example", "--role", "assessor")
    assert result.exit_code == 0, result.output
    assert "set one with set-access" in result.output
    assert user("b@assess.example").access_expires_at is None


def test_a_first_day_needs_a_last_day_and_others_have_no_dates(app):
    result = cli(app, "create-user", "a@assess.example", "--role", "assessor",
                 "--access-from", "2026-12-01")
    assert result.exit_code != 0
    assert "Give the assessor's last day of access with --access-until" in result.output
    result = cli(app, "create-user", "c@council.example", "--role", "coordinator",
                 "--access-until", "2027-01-31")
    assert result.exit_code != 0 and "Only an assessor's access has dates" in result.output
    result = cli(app, "create-user", "a@assess.example", "--role", "assessor",
                 "--access-until", "2027-02-30\x00")
    assert result.exit_code != 0 and "(--access-until)" in result.output
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_set_access_changes_the_dates_and_keeps_the_change_in_the_audit_trail(app, make_user):
    assessor = make_user("a@assess.example", Role.ASSESSOR)
    result = cli(app, "set-access", "A@assess.example", "--from", FIRST.isoformat(),
                 "--until", LAST.isoformat())

    assert result.exit_code == 0, result.output
    assert result.output.strip() == (f"a@assess.example can read the evidence from {FIRST} "
                                     f"to {LAST}, both included")
    db.session.refresh(assessor)
    assert assessor.access_expires_at == access_ends_at(LAST)
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="access set"))
    assert event.before == {"access_from": None, "access_until": None}
    assert event.after == {"access_from": FIRST.isoformat(), "access_until": LAST.isoformat()}


def test_set_access_refuses_people_who_are_not_assessors_and_backwards_dates(app, make_user):
    make_user("c@council.example", Role.COORDINATOR)
    make_user("a@assess.example", Role.ASSESSOR)
    for args, words in (
            (["c@council.example", "--until", LAST.isoformat()], "There is no assessor"),
            (["a@assess.example", "--from", LAST.isoformat(), "--until", FIRST.isoformat()],
             "The end date must be the same as or after the start date (--until)"),
            (["a@assess.example", "--until", (TODAY - timedelta(days=1)).isoformat()],
             "The last day of access must be today or in the future (--until)"),
            (["a@assess.example", "--until", (TODAY + timedelta(days=800)).isoformat()],
             "The last day of access must be within 2 years of today (--until)"),
            (["a@assess.example"], "Give the assessor's last day of access with --until")):
        result = cli(app, "set-access", *args)
        assert result.exit_code != 0 and words in result.output, result.output
    assert user("a@assess.example").access_expires_at is None


def test_an_assessor_is_refused_the_day_after_their_access_ends(app, client, make_user,
                                                                sign_in):
    today = datetime.now(UTC).astimezone(LONDON).date()
    make_user("a@assess.example", Role.ASSESSOR)
    cli(app, "set-access", "a@assess.example", "--from", (today - timedelta(days=7)).isoformat(),
        "--until", today.isoformat())
    sign_in("a@assess.example")
    assert client.get("/evidence").status_code == 200

    # The day after the last day: access ended at midnight, by itself.
    assessor = user("a@assess.example")
    assessor.access_expires_at = access_ends_at(today - timedelta(days=1))
    db.session.commit()
    response = client.get("/evidence")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert sign_in("a@assess.example").status_code != 302


def test_access_that_has_not_started_yet_does_not_let_the_assessor_in(app, client, make_user,
                                                                      sign_in):
    tomorrow = datetime.now(UTC).astimezone(LONDON).date() + timedelta(days=1)
    make_user("a@assess.example", Role.ASSESSOR)
    cli(app, "set-access", "a@assess.example", "--from", tomorrow.isoformat(),
        "--until", (tomorrow + timedelta(days=30)).isoformat())
    sign_in("a@assess.example")
    assert client.get("/evidence").status_code == 302
