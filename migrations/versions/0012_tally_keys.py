"""Each tally row has a unique key, so a new shop's counts are added to its row in place

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

NO_DEADLINE = sa.text("coalesce(awaiting_until, '1970-01-01 00:00:00')")
NO_LINE_TYPE = sa.text("coalesce(line_type, '')")
KEYS = {
    'result_tallies': ['standard_version_id'],
    'line_type_tallies': ['standard_version_id', NO_LINE_TYPE],
    'item_tallies': ['item_id'],
}


def upgrade():
    # The recount groups by these columns, so the rows it left are already unique.
    for table, columns in KEYS.items():
        op.drop_index(f'ix_{table}_block_day', table_name=table)
        op.create_index(f'ux_{table}_key', table,
                        ['service_block_id', 'occurred_on', *columns, NO_DEADLINE], unique=True)


def downgrade():
    for table in KEYS:
        op.drop_index(f'ux_{table}_key', table_name=table)
        op.create_index(f'ix_{table}_block_day', table, ['service_block_id', 'occurred_on'],
                        unique=False)
