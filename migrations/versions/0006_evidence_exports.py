"""When an assessor's access starts, and the council's CSE action plan

Revision ID: 0006
Revises: 0009
Create Date: 2026-12-03 07:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('access_starts_at', sa.DateTime(), nullable=True))
    op.create_table(
        'plan_actions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('criterion', sa.Integer(), nullable=False),
        sa.Column('element', sa.String(length=20), nullable=True),
        sa.Column('outcome', sa.Text(), nullable=False),
        sa.Column('officer', sa.String(length=200), nullable=False),
        sa.Column('target_on', sa.Date(), nullable=False),
        sa.Column('progress', sa.Text(), nullable=False),
        sa.Column('status', sa.Enum('red', 'amber', 'green', 'done', name='actionstatus',
                                    native_enum=False, length=32),
                  nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_plan_actions_created_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_actions')),
    )


def downgrade():
    op.drop_table('plan_actions')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('access_starts_at')
