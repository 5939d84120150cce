"""Tallies: decided shops counted per block, day and standard version (or line type, or item), filled from the shops

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 07:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import shopper.models.types


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# The counts as services.tallies makes them, written out so this migration stays as it is.
FILL_RESULTS = """
INSERT INTO result_tallies (service_block_id, standard_version_id, occurred_on, awaiting_until,
                            shops, passes)
SELECT s.service_block_id, r.standard_version_id, s.occurred_on, s.awaiting_until, count(*),
       sum(CASE WHEN r.passed THEN 1 ELSE 0 END)
FROM shop_results AS r JOIN shops AS s ON s.id = r.shop_id
WHERE s.status IN ('submitted', 'verified')
GROUP BY s.service_block_id, r.standard_version_id, s.occurred_on, s.awaiting_until
"""
FILL_LINE_TYPES = """
INSERT INTO line_type_tallies (service_block_id, standard_version_id, line_type, occurred_on,
                               awaiting_until, shops, passes)
SELECT s.service_block_id, r.standard_version_id, l.line_type, s.occurred_on, s.awaiting_until,
       count(*), sum(CASE WHEN r.passed THEN 1 ELSE 0 END)
FROM shop_results AS r JOIN shops AS s ON s.id = r.shop_id LEFT JOIN lines AS l ON l.id = s.line_id
WHERE s.status IN ('submitted', 'verified') AND s.channel = 'call'
GROUP BY s.service_block_id, r.standard_version_id, l.line_type, s.occurred_on, s.awaiting_until
"""
FILL_ITEMS = """
INSERT INTO item_tallies (service_block_id, item_id, occurred_on, awaiting_until, applicable, met)
SELECT s.service_block_id, a.item_id, s.occurred_on, s.awaiting_until, count(*),
       sum(CASE WHEN a.answer = 'met' THEN 1 ELSE 0 END)
FROM item_answers AS a JOIN shops AS s ON s.id = a.shop_id
WHERE s.status IN ('submitted', 'verified')
GROUP BY s.service_block_id, a.item_id, s.occurred_on, s.awaiting_until
"""


def upgrade():
    op.create_table('item_tallies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_block_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('awaiting_until', shopper.models.types.UTCDateTime(), nullable=True),
    sa.Column('applicable', sa.Integer(), nullable=False),
    sa.Column('met', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_item_tallies_item_id_items')),
    sa.ForeignKeyConstraint(['service_block_id'], ['service_blocks.id'], name=op.f('fk_item_tallies_service_block_id_service_blocks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_tallies'))
    )
    with op.batch_alter_table('item_tallies', schema=None) as batch_op:
        batch_op.create_index('ix_item_tallies_block_day', ['service_block_id', 'occurred_on'], unique=False)

    op.create_table('result_tallies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_block_id', sa.Integer(), nullable=False),
    sa.Column('standard_version_id', sa.Integer(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('awaiting_until', shopper.models.types.UTCDateTime(), nullable=True),
    sa.Column('shops', sa.Integer(), nullable=False),
    sa.Column('passes', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['service_block_id'], ['service_blocks.id'], name=op.f('fk_result_tallies_service_block_id_service_blocks')),
    sa.ForeignKeyConstraint(['standard_version_id'], ['standard_versions.id'], name=op.f('fk_result_tallies_standard_version_id_standard_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_result_tallies'))
    )
    with op.batch_alter_table('result_tallies', schema=None) as batch_op:
        batch_op.create_index('ix_result_tallies_block_day', ['service_block_id', 'occurred_on'], unique=False)

    op.create_table('line_type_tallies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_block_id', sa.Integer(), nullable=False),
    sa.Column('standard_version_id', sa.Integer(), nullable=False),
    sa.Column('line_type', sa.Enum('individual', 'hunt_group', 'pa_phone', 'contact_centre', name='linetype', native_enum=False, length=32), nullable=True),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('awaiting_until', shopper.models.types.UTCDateTime(), nullable=True),
    sa.Column('shops', sa.Integer(), nullable=False),
    sa.Column('passes', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['service_block_id'], ['service_blocks.id'], name=op.f('fk_line_type_tallies_service_block_id_service_blocks')),
    sa.ForeignKeyConstraint(['standard_version_id'], ['standard_versions.id'], name=op.f('fk_line_type_tallies_standard_version_id_standard_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_line_type_tallies'))
    )
    with op.batch_alter_table('line_type_tallies', schema=None) as batch_op:
        batch_op.create_index('ix_line_type_tallies_block_day', ['service_block_id', 'occurred_on'], unique=False)

    op.execute(FILL_RESULTS)
    op.execute(FILL_LINE_TYPES)
    op.execute(FILL_ITEMS)
    if op.get_bind().dialect.name == 'postgresql':
        # So the planner knows the new tables' size at once, with or without autovacuum.
        for table in ('result_tallies', 'line_type_tallies', 'item_tallies'):
            op.execute(f'ANALYZE {table}')


def downgrade():
    with op.batch_alter_table('line_type_tallies', schema=None) as batch_op:
        batch_op.drop_index('ix_line_type_tallies_block_day')

    op.drop_table('line_type_tallies')
    with op.batch_alter_table('result_tallies', schema=None) as batch_op:
        batch_op.drop_index('ix_result_tallies_block_day')

    op.drop_table('result_tallies')
    with op.batch_alter_table('item_tallies', schema=None) as batch_op:
        batch_op.drop_index('ix_item_tallies_block_day')

    op.drop_table('item_tallies')
