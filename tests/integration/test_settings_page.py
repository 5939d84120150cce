"""The settings page: one place for targets, pass mark, ratings, calendar and council name."""

from datetime import datetime
from pathlib import Path

import pytest

from shopper.domain.deadlines import LONDON, WorkingCalendar, callback_deadline
from shopper.domain.settings import Settings
from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import AuditEvent, Item, ItemAnswer, Setting
from shopper.services.settings import load_settings
from tests.conftest import parse

DEFAULTS = Settings().to_strings()


@pytest.fixture
def coordinator(make_user, sign_in):
    user = make_user("carys@example.org", Role.COORDINATOR)
    sign_in("carys@example.org")
    return user.id


def save(client, **changes):
    return client.post("/settings", data={**DEFAULTS, **changes})


def errors(page) -> list[str]:
    return [a.text.strip() for a in page.select(".govuk-error-summary a")]


def test_the_page_shows_every_setting_and_what_changing_it_affects(client, coordinator):
    page = parse(client.get("/settings"))
    assert page.h1.text == "Settings" and page.title.text.startswith("Settings")
    assert page.select_one("#ring_target")["value"] == "5"
    assert page.select_one("#close_of_business")["value"] == "17:00"
    assert page.select_one("input[name=nation][checked]")["value"] == "england"
    hints = {hint["id"].removesuffix("-hint"): hint.text.strip()
             for hint in page.select(".govuk-hint[id]")}
    assert hints["minimum_sample"] == ("Applies at once to every rating, for past periods too, "
                                       "including the published results page")
    assert hints["pass_mark"].startswith("Applies to shops recorded from now on")
    assert hints["nation"].startswith("Applies to callback deadlines worked out from now on")


def test_a_change_is_saved_audited_and_applies_at_once(client, coordinator):
    response = save(client, ring_target=" 3 ", pass_mark="75%", council_name="Middlesbrough  "
                    "Council")
    assert response.headers["Location"].endswith("/settings")
    page = parse(client.get("/settings"))
    assert page.select_one(".govuk-notification-banner").text.strip().endswith(
        "Changed: council name, ring target, pass mark for a shop")
    assert page.select_one(".govuk-generic-header").text.strip() == "Middlesbrough Council"
    settings = load_settings()
    assert (settings.ring_target, settings.pass_mark * 100) == (3, 75)
    event = db.session.scalar(db.select(AuditEvent).filter_by(entity="settings"))
    assert event.before == {"council_name": "Anytown Borough Council", "ring_target": "5",
                            "pass_mark": "80"}
    assert event.after == {"council_name": "Middlesbrough Council", "ring_target": "3",
                           "pass_mark": "75"}
    assert event.user_id == coordinator


def test_saving_without_a_change_writes_nothing(client, coordinator):
    save(client)
    assert "Nothing changed" in parse(client.get("/settings")).text
    assert db.session.scalar(db.select(AuditEvent).filter_by(entity="settings")) is None


def test_scotland_moves_a_callback_deadline_over_st_andrews_day(client, coordinator):
    left = datetime(2026, 11, 27, 10, 0, tzinfo=LONDON)  # a Friday
    before = callback_deadline(left, WorkingCalendar.from_settings(load_settings()))
    save(client, nation="scotland", close_of_business="16:30")
    after = callback_deadline(left, WorkingCalendar.from_settings(load_settings()))
    assert before == datetime(2026, 11, 30, 17, 0, tzinfo=LONDON)
    assert after == datetime(2026, 12, 1, 16, 30, tzinfo=LONDON)


@pytest.mark.parametrize(("changes", "messages"), [
    ({"ring_target": ""}, ["Enter the ring target"]),
    ({"ring_target": "99999999999999999999999"},
     ["Enter the ring target as a whole number from 1 to 99"]),
    ({"ring_target": "-1"}, ["Enter the ring target as a whole number from 1 to 99"]),
    ({"council_name": "Anytown\x00"}, ["Enter letters, numbers and punctuation only"]),
    ({"council_name": "x" * 300}, ["Enter a council name of 200 characters or fewer"]),
    ({"pass_mark": "80.5"}, ["Enter the pass mark as a whole number from 1 to 100"]),
    ({"greeting_target_minutes": "two"},
     ["Enter the greeting target as a number of minutes from 0 to 999, like 2 or 1.5"]),
    ({"nation": "narnia"}, ["Select England, Wales, Scotland or Northern Ireland"]),
    ({"close_of_business": "25:00"}, ["Enter close of business as a 24-hour time, like 17:00"]),
    ({"partially_compliant_threshold": "95"},
     ["Enter a partially compliant pass rate no higher than the compliant pass rate"]),
    ({"invitation_days": "0"},
     ["Enter the days an invitation link works as a whole number from 1 to 30"]),
])
def test_bad_settings_say_what_to_do_keep_what_was_typed_and_change_nothing(
        client, coordinator, changes, messages):
    page = parse(save(client, **changes))
    assert errors(page) == messages
    assert page.title.text.startswith("Error: Settings")
    [(key, typed)] = changes.items()
    if key != "nation" and "\x00" not in typed:
        assert page.select_one(f"#{key}")["value"] == typed
    assert db.session.scalar(db.select(db.func.count()).select_from(Setting)) == 0


EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
# The worked example's call, moved to the Friday before St Andrew's Day (a Scottish bank
# holiday on Monday 30 November 2026) and called back on the Tuesday morning.
ST_ANDREWS_CALL = (
    EXAMPLES / "shops.csv").read_text(encoding="utf-8").splitlines()[:2]


@pytest.mark.parametrize(("nation", "vm8"), [("england", "not_met"), ("scotland", "met")])
def test_the_nation_chosen_moves_the_callback_deadline_of_shops_recorded_after(
        client, coordinator, app, tmp_path, nation, vm8):
    save(client, nation=nation)
    header, row = ST_ANDREWS_CALL
    row = (row.replace("2026-12-24T09:58:00", "2026-11-27T09:58:00")
           .replace("2026-12-24T10:00:00", "2026-11-27T10:00:00")
           .replace("2026-12-29T11:30:00", "2026-12-01T10:00:00"))
    shops = tmp_path / "shops.csv"
    shops.write_text(f"{header}\n{row}\n", encoding="utf-8")
    cli = app.test_cli_runner()
    cli.invoke(args=["shopper", "import-directory", str(EXAMPLES / "directory.csv")])
    cli.invoke(args=["shopper", "create-user", "cllr.jones@example.org", "--role", "shopper"])
    result = cli.invoke(args=["shopper", "import-shops", str(shops)])
    assert result.exit_code == 0, result.output
    code = db.session.scalar(
        db.select(ItemAnswer.answer).join(Item, Item.id == ItemAnswer.item_id)
        .where(Item.code == "VM8"))
    assert str(code) == vm8
