"""The demo council has an exercise under way that keeps every rule, with actions and disputes."""

from collections import Counter, defaultdict

import sqlalchemy as sa

from shopper.domain.states import Role
from shopper.extensions import db
from shopper.models import Action, Assignment, Dispute, Exercise, Shop, User
from shopper.models.organisation import reception_point_blocks
from shopper.services.demo.load import load_demo
from shopper.services.exercises.plans import today
from shopper.services.settings import load_settings
from tests.conftest import parse


def _places(rows):
    return [(("line", line) if line else ("point", point), day) for line, point, day in rows]


def test_the_demo_exercise_gives_every_shopper_assignments_within_the_rules(app):
    load_demo(shops=300, seed=3, today=today())
    settings = load_settings()
    exercise = db.session.scalar(sa.select(Exercise))
    given = db.session.scalars(sa.select(Assignment).where(
        Assignment.exercise_id == exercise.id)).all()
    shoppers = db.session.scalars(sa.select(User.id).where(User.role == Role.SHOPPER)).all()
    open_ones = {a.shopper_id for a in given if a.shop_id is None}
    assert open_ones == set(shoppers)
    assert any(a.shop_id for a in given), "some of the exercise is already done"

    # Lock-out: no two shops or assignments of one place closer than the lock-out.
    days = defaultdict(list)
    for key, day in _places(db.session.execute(
            sa.select(Assignment.line_id, Assignment.reception_point_id, Assignment.due_on)
            .where(Assignment.shop_id.is_(None)))):
        days[key].append(day)
    for key, day in _places(db.session.execute(
            sa.select(Shop.line_id, Shop.reception_point_id, Shop.occurred_on)
            .join(Assignment, Assignment.shop_id == Shop.id))):
        days[key].append(day)
    for key, when in days.items():
        when.sort()
        gaps = [(b - a).days for a, b in zip(when, when[1:], strict=False)]
        assert all(gap >= settings.lockout_days for gap in gaps), key
    # Daily cap, and never a member of staff's own block.
    per_day = Counter((a.shopper_id, a.due_on) for a in given if a.shop_id is None)
    assert max(per_day.values()) <= settings.daily_cap
    own = db.session.execute(
        sa.select(Assignment.id).join(User, User.id == Assignment.shopper_id)
        .outerjoin(reception_point_blocks,
                   reception_point_blocks.c.reception_point_id == Assignment.reception_point_id)
        .where(sa.or_(User.service_block_id == Assignment.service_block_id,
                      User.service_block_id == reception_point_blocks.c.service_block_id))).all()
    assert own == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Action)) == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Dispute)) == 2


def test_the_demo_pages_have_something_on_them(app, client, sign_in):
    load_demo(shops=300, seed=3, today=today())
    sign_in("coordinator@anytown.example", "shopper-demo")
    exercise = db.session.scalar(sa.select(Exercise))
    page = parse(client.get(f"/exercises/{exercise.id}"))
    done = [int(cell.text.split()[0]) for cell in
            page.select(".app-progress tbody td:nth-of-type(1)")]
    assert sum(done) > 0
    sign_in("cllr.jones@anytown.example", "shopper-demo")
    assert parse(client.get("/")).select(".app-assignment a.app-tel")
