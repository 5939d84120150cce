"""An index of the shops waiting to be verified, oldest first

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 07:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('shops', schema=None) as batch_op:
        batch_op.create_index('ix_shops_to_verify', ['occurred_at', 'id'], unique=False,
                              postgresql_include=['awaiting_until'],
                              postgresql_where=sa.text("status = 'submitted'"),
                              sqlite_where=sa.text("status = 'submitted'"))


def downgrade():
    with op.batch_alter_table('shops', schema=None) as batch_op:
        batch_op.drop_index('ix_shops_to_verify', postgresql_where=sa.text("status = 'submitted'"),
                            sqlite_where=sa.text("status = 'submitted'"))
