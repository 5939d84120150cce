"""The demo's work in progress: an exercise under way, a few actions, a re-shop and disputes."""

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from shopper.domain.states import ActionStatus, DisputeStatus, ExerciseStatus, Role, ShopStatus
from shopper.extensions import db
from shopper.models import (
    Action,
    ActionNote,
    Assignment,
    Dispute,
    Exercise,
    ItemAnswer,
    ServiceBlock,
    Shop,
    Standard,
    User,
)
from shopper.models import Item as ItemRow
from shopper.services.audit import Actor
from shopper.services.exercises.sampling import assign_shops
from shopper.services.settings import current_settings

TARGET_PER_BLOCK = 6
# (block, item, what, owner, status, note)
ACTIONS = (
    ("Housing", "VM4", "Record a voicemail greeting that gives the extension number on every "
     "Housing Options line", "Head of Housing Options", ActionStatus.RED,
     "Greetings drafted for the hunt groups; individual lines still to do."),
    ("Highways & Transport", "TA1", "Add a second officer to the Parking hunt group at lunchtime "
     "so calls are answered within five rings", "Parking Services Manager", ActionStatus.AMBER,
     "Rota changed from Monday; waiting for the next shops to show it."),
    ("Waste & Recycling", None, "Put the complaints leaflet and service standards on display at "
     "the Civic Centre desk", "Customer Services Manager", ActionStatus.GREEN, ""),
)
DISPUTES = (
    ("lead.housing@anytown.example", "Housing",
     "Wrong number: this line moved to the Repairs team in October and nobody told the "
     "directory"),
    ("lead.highways@anytown.example", "Highways & Transport",
     "The officer was on approved leave that day and the out-of-office greeting was on"),
)


def load_work(actor: Actor, today: date, seed: int) -> None:
    """Add the exercise, actions and disputes to the caller's transaction."""
    users = {user.email: user for user in db.session.scalars(sa.select(User))}
    blocks = {block.name: block for block in db.session.scalars(sa.select(ServiceBlock))}
    coordinator = users["coordinator@anytown.example"]
    for block, item, what, owner, status, note in ACTIONS:
        _action(blocks[block], item, what, owner, status, note, coordinator, today)
    # After the re-shop, so that the sample keeps the lock-out around it too.
    _exercise(actor, today, seed)
    for email, block, reason in DISPUTES:
        shop = _failing_shop(blocks[block], None)
        if shop is not None:
            db.session.add(Dispute(shop_id=shop.id, raised_by_id=users[email].id, reason=reason,
                                   status=DisputeStatus.OPEN))


def _exercise(actor: Actor, today: date, seed: int) -> None:
    exercise = Exercise(name="Winter telephone and reception shops",
                        starts_on=today - timedelta(days=21), ends_on=today + timedelta(days=42),
                        target_per_block=TARGET_PER_BLOCK, status=ExerciseStatus.OPEN,
                        follow_mix=True)
    exercise.blocks = list(db.session.scalars(sa.select(ServiceBlock).where(ServiceBlock.active)))
    exercise.standards = list(db.session.scalars(sa.select(Standard).where(Standard.in_force)))
    exercise.shoppers = list(db.session.scalars(sa.select(User).where(User.role == Role.SHOPPER)))
    db.session.add(exercise)
    db.session.flush()
    _done_so_far(exercise, today)
    assign_shops(actor, exercise, today, seed)


def _done_so_far(exercise: Exercise, today: date) -> None:
    """The shops made since the exercise began count as its assignments already done."""
    shops = db.session.scalars(
        sa.select(Shop).where(Shop.occurred_on.between(exercise.starts_on, today),
                              Shop.status != ShopStatus.DRAFT)
        .order_by(Shop.occurred_at, Shop.id))
    given: dict[int, int] = {}
    lockout = timedelta(days=current_settings().lockout_days - 1)
    for shop in shops:
        if given.get(shop.service_block_id, 0) >= TARGET_PER_BLOCK // 2:
            continue
        same_place = (Shop.line_id == shop.line_id if shop.line_id
                      else Shop.reception_point_id == shop.reception_point_id)
        if db.session.scalar(sa.select(sa.func.count()).select_from(Shop).where(
                same_place, Shop.id != shop.id, Shop.status != ShopStatus.DRAFT,
                Shop.occurred_on.between(shop.occurred_on - lockout,
                                         shop.occurred_on + lockout))):
            continue  # shopped twice within the lock-out by chance: not an assignment
        given[shop.service_block_id] = given.get(shop.service_block_id, 0) + 1
        db.session.add(Assignment(
            exercise_id=exercise.id, shopper_id=shop.shopper_id, line_id=shop.line_id,
            reception_point_id=shop.reception_point_id, service_block_id=shop.service_block_id,
            due_on=shop.occurred_on, shop_id=shop.id))
    db.session.flush()


def _failing_shop(block: ServiceBlock, item_code: str | None) -> Shop | None:
    query = (sa.select(Shop).where(Shop.service_block_id == block.id,
                                   Shop.status == ShopStatus.SUBMITTED, Shop.line_id.is_not(None))
             .order_by(Shop.occurred_at.desc()).limit(1))
    if item_code:
        query = query.join(ItemAnswer, ItemAnswer.shop_id == Shop.id).join(
            ItemRow, ItemRow.id == ItemAnswer.item_id).where(
            ItemRow.code == item_code, ItemAnswer.answer == "not_met")
    return db.session.scalar(query)


def _action(block, item, what, owner, status, note, coordinator, today: date) -> None:
    shop = _failing_shop(block, item) if item else None
    action = Action(service_block_id=block.id, item_code=item, what=what, owner=owner,
                    due_on=today + timedelta(days=28), status=status,
                    created_by_id=coordinator.id, shops=[shop] if shop else [])
    db.session.add(action)
    db.session.flush()
    if note:
        db.session.add(ActionNote(action_id=action.id, text=note, author_id=coordinator.id,
                                  created_at=datetime.now(UTC)))
    if shop is not None and status == ActionStatus.RED:
        shopper = db.session.scalar(sa.select(User).where(User.email
                                                          == "cllr.jones@anytown.example"))
        due_on = max(today + timedelta(days=7),
                     shop.occurred_on + timedelta(days=current_settings().lockout_days))
        db.session.add(Assignment(shopper_id=shopper.id, line_id=shop.line_id,
                                  service_block_id=block.id, due_on=due_on, action_id=action.id))
