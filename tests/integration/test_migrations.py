"""Migrations build the whole data model and the shipped reference data, on either database."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from shopper.domain.standards import CSE_ELEMENTS, SHIPPED_STANDARDS
from shopper.extensions import db
from shopper.models import CseElement, Item, ResultTally, Standard, StandardVersion
from shopper.services.demo.load import load_demo
from shopper.services.review.reports import compliance_report
from tests.conftest import assert_tallies_match_the_shops


# The tallies' unique keys are expressions, which SQLite's reflection cannot read back.
@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migrations_match_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_a_new_database_holds_the_shipped_standards_as_version_1(app):
    standards = db.session.scalars(db.select(Standard).order_by(Standard.code)).all()
    assert [s.code for s in standards] == ["RC", "TA", "VM"]
    for spec in SHIPPED_STANDARDS:
        version = db.session.scalar(
            db.select(StandardVersion).join(Standard).where(Standard.code == spec.code))
        assert version.version == 1
        assert version.status == "published"
        assert [item.code for item in version.items] == [item.code for item in spec.items]


def test_items_carry_their_critical_flag_and_cse_elements(app):
    vm1 = db.session.scalar(db.select(Item).filter_by(code="VM1"))
    assert vm1.critical and not vm1.derived
    assert [element.number for element in vm1.cse_elements] == ["5.2.1"]
    vm8 = db.session.scalar(db.select(Item).filter_by(code="VM8"))
    assert vm8.derived and not vm8.critical
    assert [element.number for element in vm8.cse_elements] == ["5.1.1", "5.2.4", "5.3.1"]


def test_the_cse_element_list_is_seeded(app):
    numbers = db.session.scalars(db.select(CseElement.number)).all()
    assert sorted(numbers) == sorted(number for number, _ in CSE_ELEMENTS)
    assert "5.2.3" in numbers


def test_the_tallies_migration_counts_the_shops_a_council_already_has(app):
    load_demo(shops=300, seed=3, today=date(2026, 11, 30))
    db.session.commit()
    before = compliance_report(date(2026, 1, 1), date(2026, 11, 30), datetime.now(UTC))
    db.session.remove()
    downgrade(revision="0002")  # a database from before the tallies, with its shops
    upgrade()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ResultTally)) > 0
    assert compliance_report(date(2026, 1, 1), date(2026, 11, 30), datetime.now(UTC)) == before
    assert_tallies_match_the_shops()


def _vm_questions() -> dict[str, str]:
    db.session.remove()
    return dict(db.session.execute(
        sa.select(Item.code, Item.question).where(Item.code.in_(["VM2", "VM3"]))).all())


def test_a_council_with_the_old_vm2_and_vm3_words_gets_the_new_ones_and_no_other_change(app):
    shipped = {item.code: item.question for item in SHIPPED_STANDARDS[1].items
               if item.code in ("VM2", "VM3")}
    db.session.remove()
    downgrade(revision="0010")
    old = _vm_questions()
    assert old == {"VM2": "Did the greeting name the officer (on an individual line) or the "
                          "team (on a shared line)?",
                   "VM3": "Did the greeting name the team or service?"}
    # A council that wrote its own words for VM3 keeps them.
    db.session.execute(sa.update(Item).where(Item.code == "VM3").values(question="Our words"))
    db.session.commit()
    db.session.remove()
    upgrade()
    assert _vm_questions() == {"VM2": shipped["VM2"], "VM3": "Our words"}
