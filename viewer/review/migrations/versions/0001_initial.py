"""Initial schema: labels, flags, comments, review status, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ANNOTATIONS = ("review_label", "review_flag", "review_comment", "review_status")


def common() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("session_id", sa.String(255), nullable=False),
        sa.Column("content_hash", sa.String(128), nullable=False),
        sa.Column("reviewer", sa.String(255), nullable=False),
        sa.Column("updated_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def span(table: str) -> list:
    return [
        sa.Column("t_start", sa.Float(), nullable=False),
        sa.Column("t_end", sa.Float(), nullable=False),
        sa.CheckConstraint("t_start >= 0 AND t_end >= t_start", name=f"ck_{table}_span"),
    ]


def upgrade() -> None:
    op.create_table(
        "review_label", *common(), *span("review_label"),
        sa.Column("instruction", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("quality", sa.Integer(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint("quality IS NULL OR (quality >= 1 AND quality <= 5)", name="ck_review_label_quality"),
    )
    op.create_table(
        "review_flag", *common(), *span("review_flag"),
        sa.Column("regions", sa.JSON(), nullable=False),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    )
    op.create_table(
        "review_comment", *common(),
        sa.Column("t", sa.Float(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_table("review_status", *common(), sa.Column("status", sa.String(16), nullable=False))
    for table in ANNOTATIONS:
        op.create_index(f"ix_{table}_session_id", table, ["session_id"])
    op.create_index("uq_review_status_live_session", "review_status", ["session_id"], unique=True,
                    sqlite_where=sa.text("deleted_at IS NULL"), postgresql_where=sa.text("deleted_at IS NULL"))
    op.create_table(
        "review_audit",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("who", sa.String(255), nullable=False),
        sa.Column("session_id", sa.String(255), nullable=False),
        sa.Column("entity_kind", sa.String(16), nullable=False),
        sa.Column("entity_id", sa.String(32), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
    )
    op.create_index("ix_review_audit_session_id", "review_audit", ["session_id"])
    op.create_index("ix_review_audit_entity", "review_audit", ["entity_kind", "entity_id"])


def downgrade() -> None:
    op.drop_table("review_audit")
    for table in ANNOTATIONS:
        op.drop_table(table)
