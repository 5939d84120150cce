"""Shop drafts: a journey's answers kept on the server between pages, keyed by the client id

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import shopper.models.types


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('shop_drafts',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('shopper_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.Enum('call', 'visit', name='channel', native_enum=False, length=32), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=True),
    sa.Column('base_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', shopper.models.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', shopper.models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_shop_drafts_shop_id_shops'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shopper_id'], ['users.id'], name=op.f('fk_shop_drafts_shopper_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_drafts')),
    sa.UniqueConstraint('shop_id', name=op.f('uq_shop_drafts_shop_id'))
    )
    with op.batch_alter_table('shop_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shop_drafts_shopper_id'), ['shopper_id'], unique=False)


def downgrade():
    with op.batch_alter_table('shop_drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shop_drafts_shopper_id'))

    op.drop_table('shop_drafts')
