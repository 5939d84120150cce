"""The standards are read once and kept, and a newly published version is seen at once."""

from datetime import UTC, datetime

import sqlalchemy as sa

from shopper.domain.enums import Channel
from shopper.domain.states import StandardStatus
from shopper.extensions import db
from shopper.models import Item, Standard, StandardVersion
from shopper.services.standards import forget_catalogue, load_catalogue, read_catalogue

LATER = datetime(2027, 6, 1, tzinfo=UTC)


def _ta() -> Standard:
    return db.session.scalar(db.select(Standard).filter_by(code="TA"))


def _next_version_rows(ta: Standard) -> tuple[dict, list[dict]]:
    first = ta.versions[0]
    version = {"standard_id": ta.id, "version": 2, "status": StandardStatus.PUBLISHED,
               "published_at": LATER}
    items = [{"position": item.position, "code": item.code, "question": item.question,
              "guidance": item.guidance, "missing_phrase": item.missing_phrase,
              "weight": item.weight, "critical": item.critical, "condition": item.condition,
              "derived": item.derived} for item in first.items]
    return version, items


def test_the_kept_catalogue_is_the_one_stored(app):
    assert load_catalogue() == read_catalogue()
    assert load_catalogue() is load_catalogue()


def test_a_version_published_here_is_seen_at_once(app):
    before = load_catalogue()
    ta = _ta()
    items = [Item(position=i.position, code=i.code, question=i.question, weight=i.weight,
                  critical=i.critical, condition=i.condition, derived=i.derived)
             for i in ta.versions[0].items]
    db.session.add(StandardVersion(standard_id=ta.id, version=2, items=items,
                                   status=StandardStatus.PUBLISHED, published_at=LATER))
    db.session.commit()

    after = load_catalogue()
    assert after is not before
    assert [v.spec.version for v in after.in_force(Channel.CALL, LATER)
            if v.spec.code == "TA"] == [2]
    assert after == read_catalogue()


def test_a_version_published_by_another_process_is_seen_by_the_next_request(app):
    load_catalogue()
    version, items = _next_version_rows(_ta())
    db.session.remove()
    # Another worker publishes through its own connection, so this process's hook never runs.
    with db.engine.begin() as connection:
        version_id = connection.execute(sa.insert(StandardVersion.__table__).values(version)
                                        .returning(StandardVersion.id)).scalar_one()
        connection.execute(sa.insert(Item.__table__),
                           [{**item, "standard_version_id": version_id} for item in items])
    db.session.remove()

    assert [v.spec.version for v in load_catalogue().in_force(Channel.CALL, LATER)
            if v.spec.code == "TA"] == [2]


def test_forget_catalogue_reads_the_standards_again(app):
    kept = load_catalogue()
    forget_catalogue()

    assert load_catalogue() is not kept
    assert load_catalogue() == kept
