"""The shops CSV, byte for byte: a council with every kind of shop, names and text a spreadsheet
would run as a formula, against the files the export wrote before it was made quicker.

The expected files (tests/integration/expected/) were written by the export as it stood on
4 December 2026; only each row's shop id is renumbered 1, 2, 3… in the order of the ids, as the
database gives other ids from one run to the next.
"""

import random
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from shopper.domain.states import LineType, Role, ShopStatus
from shopper.exports.shops_csv import write_csv
from shopper.extensions import db
from shopper.models import Line, ReceptionPoint, ServiceBlock, Shop, Team
from shopper.services.exports.evidence import ExportChoice, gather_evidence
from shopper.services.exports.files import csv_chunks
from shopper.services.exports.shops import shops_table
from shopper.services.exports.shops_copy import copy_csv
from shopper.services.review.tallies import recount_every_tally
from tests.integration.test_export_json import (  # noqa: F401  (the council fixture)
    council,
    random_shop,
)

EXPECTED = Path(__file__).parent / "expected"
NOW = datetime(2026, 6, 20, 11, 30, tzinfo=UTC)
START, END = date(2026, 1, 1), date(2026, 6, 30)
# Free text as people type it: formulas, quotes, commas, lines, tabs and accents.
NOTES = ["", "=1+2", "Spoke to \"Olive\", then, hung up", "Line one\nline two", "\tTabbed",
         "@SUM(A1)", "-3 minutes late", "+44 rang back", "Café déjà vu ✓", "\rReturn"]


@pytest.fixture
def varied(council, make_user):  # noqa: F811
    shoppers = [council.shopper_id,
                make_user("staff@example.org", Role.SHOPPER, name="Stan \"the man\"",
                          block_names=["Planning"]).id,
                make_user("coordinator@example.org", Role.COORDINATOR, name="=Coral").id]
    names = {"Planning": "=Planning", "Waste & Recycling": "+Waste, \"Recycling\""}
    for old, new in names.items():
        db.session.get(ServiceBlock, council.blocks[old]).name = new
    team = Team(name="@Front team", service_block_id=council.blocks["Planning"])
    lines = [Line(number="+441134960100", extension="123", line_type=LineType.INDIVIDUAL,
                  officer_name="-Olive O'Neil, \"Ol\"", team=team,
                  service_block_id=council.blocks["Planning"]),
             Line(number="+442079460000", line_type=LineType.HUNT_GROUP,
                  service_block_id=council.blocks["Customer Services"])]
    point = ReceptionPoint(name="=Town Hall, desk \"A\"")
    db.session.add_all([team, *lines, point])
    db.session.commit()
    rng = random.Random(1004)
    council.add(*[random_shop(rng, block, START + timedelta(days=rng.randint(0, 185)))
                  for block in council.blocks for _ in range(12)])
    for index, shop in enumerate(db.session.scalars(sa.select(Shop).order_by(Shop.id))):
        shop.shopper_id = shoppers[index % 3]
        shop.notes = NOTES[index % len(NOTES)]
        shop.ref = f"=REF-{index}" if index % 4 == 0 else None
        if shop.message_left_at and not shop.callback_at and index % 2:
            shop.awaiting_until = NOW + timedelta(days=1)  # still waiting for its callback
        if shop.status == ShopStatus.EXCLUDED:
            shop.excluded_reason = NOTES[(index + 3) % len(NOTES)] or None
        if shop.channel.value == "visit":
            shop.reception_point_id = point.id if index % 2 else None
        elif index % 3 == 0:
            shop.line_id = lines[index % 2].id
        elif index % 3 == 1:
            shop.dialled_number, shop.dialled_extension = "+441632960961", "9"
    db.session.commit()
    recount_every_tally()
    return council


def renumbered(data: bytes) -> bytes:
    """The CSV with each row's shop id replaced by its place in the order of the ids."""
    ids = db.session.scalars(sa.select(Shop.id).order_by(Shop.id)).all()
    place = {str(shop_id).encode(): str(n).encode() for n, shop_id in enumerate(ids, start=1)}
    return re.sub(rb"\r\n(\d+),", lambda m: b"\r\n" + place[m.group(1)] + b",", data)


@pytest.mark.parametrize("with_names", [False, True], ids=["without names", "with names"])
def test_the_shops_csv_is_byte_for_byte_what_it_was(app, varied, with_names):
    evidence = gather_evidence(ExportChoice(START, END, with_names=with_names), NOW)
    written = renumbered(b"".join(csv_chunks(evidence, NOW)))

    name = "shops-with-names.csv" if with_names else "shops.csv"
    assert written == (EXPECTED / name).read_bytes()


def test_on_postgresql_copy_writes_what_the_python_writer_writes(app, varied):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("COPY is PostgreSQL's; SQLite's CSV is the Python writer's")
    for with_names in (False, True):
        evidence = gather_evidence(ExportChoice(START, END, with_names=with_names), NOW)
        by_python = b"".join(write_csv(shops_table(evidence, NOW)))
        by_copy = b"".join(copy_csv(evidence, NOW))

        assert by_copy == by_python
        assert by_copy.count(b"\r\n") > 40  # the header and a row a shop but drafts

