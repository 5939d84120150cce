"""The demo council: big enough to explore, the same for a seed, never loaded twice."""

from datetime import date

import pytest

from shopper.domain.states import LineType, Role
from shopper.extensions import db
from shopper.models import (
    Item,
    ItemAnswer,
    Line,
    ReceptionPoint,
    ServiceBlock,
    ServiceGrouping,
    Shop,
    ShopResult,
    User,
)
from tests.conftest import empty_database

TODAY = date(2026, 11, 22)


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["shopper", "demo", *args])


def _snapshot() -> list[tuple]:
    shops = db.session.scalars(db.select(Shop).order_by(Shop.client_id)).all()
    return [(str(s.client_id), s.occurred_at, s.block.name, s.channel, s.outcome, s.rings,
             sorted((_item_code(a.item_id), str(a.answer)) for a in s.answers),
             sorted((r.standard_version.standard.code, r.passed) for r in s.results))
            for s in shops]


def _item_code(item_id: int) -> str:
    return db.session.get(Item, item_id).code


def test_demo_builds_a_council_of_the_promised_size(app):
    result = _run(app, "--shops", "300", "--seed", "3")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Loaded the demo council: 14 service blocks")
    assert db.session.scalar(db.select(db.func.count()).select_from(ServiceGrouping)) >= 4
    assert db.session.scalar(db.select(db.func.count()).select_from(ServiceBlock)) >= 13
    lines = db.session.scalars(db.select(Line)).all()
    assert 280 <= len(lines) <= 320
    assert {line.line_type for line in lines} == set(LineType)
    assert all(line.number.startswith(("+441134960", "+442079460")) for line in lines)
    receptions = db.session.scalars(db.select(ReceptionPoint)).all()
    assert any(r.family_reception for r in receptions)
    assert not all(r.family_reception for r in receptions)
    roles = set(db.session.scalars(db.select(User.role)))
    assert roles == set(Role)
    assert db.session.scalar(db.select(db.func.count()).select_from(Shop)) == 300


def test_demo_shops_fall_in_the_last_twelve_months_and_never_in_own_block(app):
    from shopper.services.demo.load import load_demo

    load_demo(400, 5, TODAY)
    for shop in db.session.scalars(db.select(Shop)):
        assert (TODAY - shop.occurred_on).days <= 366
        assert shop.occurred_on < TODAY
        assert shop.shopper.service_block_id != shop.service_block_id


def test_demo_is_the_same_for_the_same_seed(app):
    from shopper.services.demo.load import load_demo

    load_demo(150, 7, TODAY)
    first = _snapshot()
    db.session.remove()
    empty_database()
    load_demo(150, 7, TODAY)
    assert _snapshot() == first
    db.session.remove()
    empty_database()
    load_demo(150, 8, TODAY)
    assert _snapshot() != first


def test_demo_refuses_a_database_with_data_and_changes_nothing(app):
    assert _run(app, "--shops", "50").exit_code == 0
    counts = [db.session.scalar(db.select(db.func.count()).select_from(model))
              for model in (Shop, ItemAnswer, ShopResult, User, Line)]
    again = _run(app, "--shops", "50")
    assert again.exit_code != 0
    assert "already has data" in again.output
    assert "nothing changed" in again.output
    assert [db.session.scalar(db.select(db.func.count()).select_from(model))
            for model in (Shop, ItemAnswer, ShopResult, User, Line)] == counts


def test_demo_if_empty_leaves_existing_data_alone_and_succeeds(app):
    assert _run(app, "--shops", "20").exit_code == 0
    result = _run(app, "--shops", "20", "--if-empty")
    assert result.exit_code == 0
    assert "Demo not loaded" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(Shop)) == 20


@pytest.mark.parametrize("email", ["coordinator@anytown.example", "lead.housing@anytown.example",
                                   "cllr.jones@anytown.example", "assessor@assessors.example"])
def test_demo_users_sign_in_with_the_documented_password(app, client, email):
    from shopper.services.demo.load import DEMO_PASSWORD

    _run(app, "--shops", "0")
    response = client.post("/sign-in", data={"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
