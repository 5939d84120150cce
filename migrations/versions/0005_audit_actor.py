"""Who made each audited change, by name: a person's email, or the command and who ran it

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 06:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor', sa.String(length=200), server_default='',
                                      nullable=False))
    # Events kept before this name them by their user, or say the command is not known.
    op.execute("UPDATE audit_events SET actor = COALESCE("
               "(SELECT email FROM users WHERE users.id = audit_events.user_id), "
               "'a command (not recorded before December 2026)')")


def downgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('actor')
