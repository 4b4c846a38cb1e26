"""Review workflow: leases on sessions (the review queue) and finished review passes (double review).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_lease",
        sa.Column("session_id", sa.String(255), primary_key=True),
        sa.Column("reviewer", sa.String(255), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("reviewer", name="uq_review_lease_reviewer"),
        sa.CheckConstraint("round IN (1, 2)", name="ck_review_lease_round"),
    )
    op.create_table(
        "review_pass",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("session_id", sa.String(255), nullable=False),
        sa.Column("reviewer", sa.String(255), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("round IN (1, 2)", name="ck_review_pass_round"),
    )
    op.create_index("ix_review_pass_session_id", "review_pass", ["session_id"])
    op.create_index("ix_review_pass_finished_at", "review_pass", ["finished_at"])


def downgrade() -> None:
    op.drop_table("review_pass")
    op.drop_table("review_lease")
