"""VM2 and VM3 worded so a shopper can tell them apart: who answers the line, and what it is for

Only the words shown to shoppers change, and only where a council still has the shipped words:
codes, weights, conditions and meaning stay, so no result moves.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 12:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

_items = sa.table("items", sa.column("code"), sa.column("question"), sa.column("guidance"))

# The words shipped before, as the first migration stored them.
_BEFORE = {
    "VM2": ("Did the greeting name the officer (on an individual line) or the team (on a "
            "shared line)?", "The directory shows whether the line is individual or shared."),
    "VM3": ("Did the greeting name the team or service?", "Either is enough."),
}
# Written out, not imported, so the migration keeps doing what it did when it was written.
_AFTER = {
    "VM2": ("Did the greeting say whose phone you had reached: the officer's name on an "
            "individual line, or the team's name on a shared line?",
            "This question is about who, like “You have reached Sam Patel”. The directory "
            "shows whether the line is individual or shared."),
    "VM3": ("Did the greeting say which council service you had reached, like Council Tax?",
            "This question is about what the line is for. The service's name or its team's "
            "name is enough, even if you heard that name in the last question."),
}


def _reword(old: dict, new: dict) -> None:
    for code, (question, guidance) in old.items():
        op.get_bind().execute(
            _items.update()
            .where(_items.c.code == code, _items.c.question == question,
                   _items.c.guidance == guidance)
            .values(question=new[code][0], guidance=new[code][1]))


def upgrade():
    _reword(_BEFORE, _AFTER)


def downgrade():
    _reword(_AFTER, _BEFORE)
