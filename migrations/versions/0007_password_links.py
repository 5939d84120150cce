"""Invitations say whether they invite or reset a password, and when they were sent

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-03 06:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

import shopper.models.types


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'purpose', sa.Enum('invitation', 'reset', name='linkpurpose', native_enum=False,
                               length=32),
            server_default='invitation', nullable=False))
        batch_op.add_column(sa.Column('created_at', shopper.models.types.UTCDateTime(),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_column('created_at')
        batch_op.drop_column('purpose')
