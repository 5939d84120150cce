"""Exercises open and close and name their shoppers; assignments can be cancelled

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-03 06:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('exercises', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.Enum('draft', 'open', 'closed', name='exercisestatus', native_enum=False, create_constraint=False, length=32), server_default='draft', nullable=False))
        batch_op.add_column(sa.Column('follow_mix', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('seed', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('last_sample', sa.JSON(), nullable=True))
    op.create_table('exercise_shoppers',
    sa.Column('exercise_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['exercise_id'], ['exercises.id'], name=op.f('fk_exercise_shoppers_exercise_id_exercises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_exercise_shoppers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('exercise_id', 'user_id', name=op.f('pk_exercise_shoppers'))
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_assignments_line_id'), ['line_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignments_reception_point_id'), ['reception_point_id'], unique=False)


def downgrade():
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignments_reception_point_id'))
        batch_op.drop_index(batch_op.f('ix_assignments_line_id'))
        batch_op.drop_column('cancelled_at')
    op.drop_table('exercise_shoppers')
    with op.batch_alter_table('exercises', schema=None) as batch_op:
        batch_op.drop_column('last_sample')
        batch_op.drop_column('seed')
        batch_op.drop_column('follow_mix')
        batch_op.drop_column('status')
