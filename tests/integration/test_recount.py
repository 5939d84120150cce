"""The tallies are a recount's: new shops added to them one at a time sum to what a recount
gives, and `shopper recount` counts every tally again, for shops changed by hand."""

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from shopper.extensions import db
from shopper.models import Item, ItemAnswer, ItemTally, LineTypeTally, ResultTally, Shop
from shopper.services.demo.load import load_demo
from shopper.services.review.reports import compliance_report
from shopper.services.review.tallies import recount_all
from shopper.services.settings import load_settings
from shopper.services.shops import ShopRecord, facts_of, insert_shops, shop_rows
from shopper.services.standards import load_catalogue
from tests.conftest import assert_tallies_match_the_shops

YEAR = (date(2026, 1, 1), date(2026, 11, 30))


def test_recount_puts_back_what_the_shops_say(app):
    load_demo(shops=200, seed=5, today=date(2026, 11, 30))
    before = compliance_report(*YEAR, datetime.now(UTC))
    with db.engine.begin() as connection:  # tallies lost, as a hand-made change could leave them
        for table in (ResultTally, LineTypeTally, ItemTally):
            connection.execute(sa.delete(table))
    db.session.expire_all()
    assert compliance_report(*YEAR, datetime.now(UTC)) != before

    result = app.test_cli_runner().invoke(args=["shopper", "recount"])

    assert result.exit_code == 0, result.output
    decided = db.session.scalar(sa.select(sa.func.count()).select_from(Shop).where(
        Shop.status.in_(["submitted", "verified"])))
    assert result.output == f"Recounted the tallies of {decided:,} decided shops\n"
    assert compliance_report(*YEAR, datetime.now(UTC)) == before


def test_shops_added_one_at_a_time_count_as_a_recount_does(app):
    """Each submission adds its counts to the tallies' rows; the sums must be a recount's."""
    load_demo(shops=150, seed=7, today=date(2026, 11, 30))  # added a thousand at a time
    catalogue, settings, now = load_catalogue(), load_settings(), datetime.now(UTC)
    stored = db.session.scalars(sa.select(Shop).where(Shop.status.in_(["submitted", "verified"]))
                                .order_by(Shop.id).limit(60)).all()
    for n, shop in enumerate(stored):  # again, as new shops: rows added to, and rows made
        answers = dict(db.session.execute(
            sa.select(Item.code, ItemAnswer.answer).join(Item, Item.id == ItemAnswer.item_id)
            .where(ItemAnswer.shop_id == shop.id, sa.not_(Item.derived))).all())
        unlisted = n % 3 == 0 and shop.line_id is not None  # counted with no line type
        record = ShopRecord(facts_of(shop), answers, shop.shopper_id, shop.service_block_id,
                            line_id=None if unlisted else shop.line_id,
                            dialled_number=shop.dialled_number, number_flagged=unlisted,
                            reception_point_id=shop.reception_point_id)
        # Assessed an hour after the shop: a voicemail's callback may still be awaited.
        assessed_at = shop.occurred_at + timedelta(hours=1)
        insert_shops([shop_rows(record, catalogue, settings, assessed_at)])
        db.session.commit()
    added = compliance_report(*YEAR, now)
    assert any(row.awaiting_until for row in db.session.scalars(sa.select(ResultTally)))

    assert_tallies_match_the_shops()
    recount_all()
    assert compliance_report(*YEAR, now) == added
