"""Shops of one block and day recorded at the same moment, on two connections, are all counted.

Each writer adds its shop to the day's tally rows; two writers making the same new row at once
must end with one row counting both, and a recount of the day running beside them (as a
verification does) must neither lose a shop nor count one twice. Needs PostgreSQL
(TEST_DATABASE_URL); SQLite has one writer.
"""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest

from shopper.domain.enums import Outcome
from shopper.domain.facts import CallFacts
from shopper.extensions import db
from shopper.services.review import tallies
from shopper.services.review.reports import compliance_report
from shopper.services.settings import load_settings
from shopper.services.shops import ShopRecord, insert_shops, shop_rows
from shopper.services.standards import load_catalogue
from tests.integration.test_record_council import make_council
from tests.integration.test_record_postgres import postgres  # noqa: F401  (a fixture)

pytestmark = pytest.mark.postgres
DAY = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
ROUNDS = 5
WRITERS = 4


def record(ids: dict, minute: int) -> None:
    """An engaged call to the block's hunt group, stored as recording stores it."""
    facts = CallFacts(occurred_at=DAY + timedelta(minutes=minute), outcome=Outcome.ENGAGED)
    record = ShopRecord(facts, {}, ids["shopper"], ids["block"], line_id=ids["line"],
                        dialled_number=ids["number"])
    insert_shops([shop_rows(record, load_catalogue(), load_settings(), DAY + timedelta(days=1))])


@pytest.mark.parametrize("day_counted", [True, False], ids=["day counted", "new day"])
def test_writers_of_one_block_and_day_at_once_are_all_counted(app, postgres,  # noqa: F811
                                                              day_counted):
    council = make_council()
    ids = {"shopper": council.councillor.id, "block": council.revenues.id,
           "line": council.council_tax.id, "number": council.council_tax.number}
    if day_counted:  # the day already has a tally when the writers start
        record(ids, 0)
    db.session.commit()
    db.session.remove()
    failures = []

    def write(minute: int, ready: threading.Barrier) -> None:
        try:
            with app.app_context():  # a session and a connection of its own
                ready.wait()
                if minute % WRITERS:
                    record(ids, minute)
                else:  # recounts the day, as a verification of one of its shops does
                    tallies.recount({(ids["block"], DAY.date())})
                db.session.commit()
                db.session.remove()
        except Exception as error:  # noqa: BLE001  (reported below)
            failures.append(error)

    for round_ in range(ROUNDS):
        ready = threading.Barrier(WRITERS, timeout=10)
        threads = [threading.Thread(target=write, args=(1 + round_ * WRITERS + n, ready))
                   for n in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert failures == []
    report = compliance_report(date(2026, 11, 1), date(2026, 11, 30), DAY + timedelta(days=1),
                               [ids["block"]])
    (telephone,) = [s for s in report["blocks"][0]["standards"] if s["code"] == "TA"]
    assert telephone["n"] == day_counted + ROUNDS * (WRITERS - 1)
    assert telephone["passes"] == 0
