"""The data every council starts with: the shipped standards as version 1 and the CSE elements.

Written with table stubs rather than the models, so the first migration can call it as it stood.
"""

from datetime import datetime

import sqlalchemy as sa

from shopper.domain.standards import CSE_ELEMENTS, SHIPPED_STANDARDS

_cse = sa.table("cse_elements", sa.column("id"), sa.column("number"), sa.column("title"))
_standards = sa.table("standards", sa.column("id"), sa.column("code"), sa.column("name"),
                      sa.column("channel"), sa.column("in_force"))
_versions = sa.table("standard_versions", sa.column("id"), sa.column("standard_id"),
                     sa.column("version"), sa.column("status"), sa.column("published_at"))
_items = sa.table(
    "items", sa.column("id"), sa.column("standard_version_id"), sa.column("position"),
    sa.column("code"), sa.column("question"), sa.column("guidance"),
    sa.column("missing_phrase"), sa.column("weight"), sa.column("critical"),
    sa.column("condition"), sa.column("derived"))
_item_cse = sa.table("item_cse_elements", sa.column("item_id"), sa.column("cse_element_id"))

# Version 1 counts for every shop, however long ago it happened.
SHIPPED_PUBLISHED_AT = datetime(2000, 1, 1)


def insert_reference_data(connection: sa.Connection) -> None:
    """Insert the CSE elements and the shipped standards, published as version 1."""
    element_ids = {}
    for number, title in CSE_ELEMENTS:
        element_ids[number] = _insert(connection, _cse, number=number, title=title)
    for standard in SHIPPED_STANDARDS:
        standard_id = _insert(connection, _standards, code=standard.code, name=standard.name,
                              channel=standard.channel.value, in_force=True)
        version_id = _insert(connection, _versions, standard_id=standard_id,
                             version=standard.version, status="published",
                             published_at=SHIPPED_PUBLISHED_AT)
        for position, item in enumerate(standard.items, start=1):
            item_id = _insert(
                connection, _items, standard_version_id=version_id, position=position,
                code=item.code, question=item.question, guidance=item.guidance,
                missing_phrase=item.missing_phrase, weight=float(item.weight),
                critical=item.critical, condition=item.condition.value, derived=item.derived)
            for number in item.cse_elements:
                connection.execute(_item_cse.insert().values(
                    item_id=item_id, cse_element_id=element_ids[number]))




def _insert(connection: sa.Connection, table: sa.TableClause, **values) -> int:
    return connection.execute(table.insert().values(**values).returning(table.c.id)).scalar_one()
