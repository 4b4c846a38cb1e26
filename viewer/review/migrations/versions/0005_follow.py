"""Derived flags: a flag's source flag, a keyed hash of its value and the place it was found; and which
flag versions were followed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("review_flag") as batch:
        batch.add_column(sa.Column("derived_from", sa.String(32), nullable=True))
        batch.add_column(sa.Column("value_key", sa.String(64), nullable=True))
        batch.add_column(sa.Column("place", sa.String(16), nullable=True))
    op.create_index("ix_review_flag_derived_from", "review_flag", ["derived_from"])
    op.create_table(
        "review_follow",
        sa.Column("flag_id", sa.String(32), primary_key=True),
        sa.Column("session_id", sa.String(255), nullable=False),
        sa.Column("flag_version", sa.Integer(), nullable=False),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.Column("followed_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_review_follow_session_id", "review_follow", ["session_id"])


def downgrade() -> None:
    op.drop_table("review_follow")
    op.drop_index("ix_review_flag_derived_from", "review_flag")
    with op.batch_alter_table("review_flag") as batch:
        batch.drop_column("place")
        batch.drop_column("value_key")
        batch.drop_column("derived_from")
