"""Session re-keying: the mapping from old session ids (as a SHA-256) to new ones, with who and when.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_rekey",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("who", sa.String(255), nullable=False),
        sa.Column("old_id_sha256", sa.String(64), nullable=False),
        sa.Column("new_session_id", sa.String(255), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
    )
    op.create_index("ix_review_rekey_old_id_sha256", "review_rekey", ["old_id_sha256"])
    op.create_index("ix_review_rekey_new_session_id", "review_rekey", ["new_session_id"])


def downgrade() -> None:
    op.drop_table("review_rekey")
