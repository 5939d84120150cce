"""`shopper recount` counts every tally again from the shops, for shops changed by hand."""

from datetime import UTC, date, datetime

import sqlalchemy as sa

from shopper.extensions import db
from shopper.models import ItemTally, LineTypeTally, ResultTally, Shop
from shopper.services.demo.load import load_demo
from shopper.services.review.reports import compliance_report

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
