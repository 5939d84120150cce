"""A council with one of everything, real ids and all, and a signed-in client for every role.

The authorisation matrix and the audit meta-test both walk the URL map over this world: the
demo council (blocks, lines, shops, actions, disputes, an exercise, users of every role) plus
what the demo leaves out (an expired assessor, a plan action, an invitation, a draft, a token).
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from shopper.domain.states import ActionStatus, DisputeStatus, Role, ShopStatus
from shopper.extensions import db
from shopper.models import (
    Action,
    CseElement,
    Dispute,
    Exercise,
    Line,
    PlanAction,
    ReceptionPoint,
    ServiceBlock,
    Shop,
    Team,
    User,
)
from shopper.services.admin.links import invite_by_email
from shopper.services.admin.standards import start_draft
from shopper.services.audit import Actor
from shopper.services.demo.council import DEMO_PASSWORD
from shopper.services.demo.load import load_demo
from shopper.services.people import create_user
from tests.conftest import FreshRequestClient

TESTS = Actor("the tests")

# Who walks the URL map, in the order the expected-outcome tables list them.
ROLES = ("anonymous", "councillor", "staff", "lead", "other_lead", "coordinator", "assessor",
         "expired")
EMAILS = {
    "councillor": "cllr.jones@anytown.example",
    "staff": "staff.planning@anytown.example",  # a member of staff in Planning
    "lead": "lead.housing@anytown.example",  # leads Housing, the block the ids belong to
    "other_lead": "lead.revenues@anytown.example",  # leads Revenues & Benefits and Finance
    "coordinator": "coordinator@anytown.example",
    "assessor": "assessor@assessors.example",
    "expired": "expired@assessors.example",  # signed in, then their access ran out
}


@dataclass
class World:
    ids: dict[str, object]
    clients: dict[str, object] = field(default_factory=dict)

    def path(self, rule: str, **overrides) -> str:
        """The rule's URL with real ids: the block's, the shop's, the draft's..."""
        ids = self.ids | overrides
        return re.sub(r"<(?:\w+:)?(\w+)>", lambda found: str(ids[found.group(1)]), rule)


def build_world(app) -> World:
    load_demo(shops=120, seed=1, today=datetime.now(UTC).date())
    create_user(EMAILS["expired"], Role.ASSESSOR, actor=TESTS, password=DEMO_PASSWORD)
    invited = create_user("invited@anytown.example", Role.SHOPPER, actor=TESTS)
    housing = _one(ServiceBlock, ServiceBlock.name == "Housing")
    councillor = _one(User, User.email == EMAILS["councillor"])
    shop = _one(Shop, (Shop.service_block_id == housing.id)
                & (Shop.status == ShopStatus.SUBMITTED)
                & ~sa.exists().where(Dispute.shop_id == Shop.id))
    dispute = Dispute(shop_id=shop.id, raised_by_id=_one(User, User.email == EMAILS["lead"]).id,
                      reason="Wrong number", status=DisputeStatus.OPEN)
    plan = PlanAction(criterion=1, outcome="Publish the results", officer="Carys",
                      target_on=date.today() + timedelta(days=30), status=ActionStatus.AMBER)
    db.session.add_all([dispute, plan])
    db.session.commit()
    link = invite_by_email(TESTS, invited.email, datetime.now(UTC), lambda *args: None)
    version = start_draft(TESTS, "VM")  # items are edited in a draft, never once published
    ids = {
        "block_id": housing.id, "grouping_id": housing.grouping_id,
        "team_id": _one(Team, Team.service_block_id == housing.id).id,
        "line_id": _one(Line, Line.service_block_id == housing.id).id,
        "point_id": _one(ReceptionPoint, ReceptionPoint.blocks.contains(housing)).id,
        "shop_id": shop.id, "dispute_id": dispute.id, "action_id":
        _one(Action, Action.service_block_id == housing.id).id,
        "exercise_id": _one(Exercise, sa.true()).id, "user_id":
        _one(User, User.email == EMAILS["assessor"]).id, "element_id":
        _one(CseElement, sa.true()).id, "code": "VM", "number": version.version,
        "item_code": "VM1", "token": link.token, "channel": "call", "step": "number",
    }
    ids["plan_action_id"] = plan.id
    # record.shop shows a shopper their own shops only: the councillor's.
    ids["own_shop_id"] = _one(Shop, Shop.shopper_id == councillor.id).id
    world = World(ids)
    _sign_everyone_in(app, world)
    return world


def _one(model, condition):
    return db.session.scalars(sa.select(model).where(condition).order_by(model.id)).first()


def _sign_everyone_in(app, world: World) -> None:
    for role in ROLES:
        client = FreshRequestClient(app, app.response_class, use_cookies=True)
        if role != "anonymous":
            response = client.post("/sign-in", data={"email": EMAILS[role],
                                                     "password": DEMO_PASSWORD})
            assert response.status_code == 302, (role, response.status_code)
        world.clients[role] = client
    # The councillor's draft, started as the journey starts one.
    started = world.clients["councillor"].get("/record/call/new")
    world.ids["draft_id"] = started.headers["Location"].split("/")[3]
    number = "0" + db.session.get(Line, world.ids["line_id"]).number.removeprefix("+44")
    saved = world.clients["councillor"].post(f"{world.path('/record/call/<draft_id>')}/number",
                                             data={"number": number})
    assert saved.status_code == 302, saved.text
    # Time passes: the assessor's access ends by itself, with their session still in the browser.
    db.session.execute(sa.update(User).where(User.email == EMAILS["expired"]).values(
        access_expires_at=datetime.now(UTC) - timedelta(minutes=1)).execution_options(
        synchronize_session=False))
    db.session.commit()
