"""Consent records (append-only), which exports included whom and went to whom, the erasure register, and the subject role.

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consent_event",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("purpose", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("apps", sa.JSON(), nullable=False),
        sa.Column("titles", sa.JSON(), nullable=False),
        sa.Column("weekdays", sa.JSON(), nullable=True),
        sa.Column("hours", sa.JSON(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(255), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("action IN ('grant', 'withdraw')", name="ck_consent_event_action"),
    )
    op.create_index("ix_consent_event_subject", "consent_event", ["subject"])
    op.create_table(
        "export_record",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("who", sa.String(255), nullable=False),
        sa.Column("purpose", sa.String(64), nullable=False),
        sa.Column("recipient", sa.String(255), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
    )
    op.create_index("ix_export_record_at", "export_record", ["at"])
    op.create_table(
        "export_subject",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("export_id", sa.String(32), sa.ForeignKey("export_record.id"), nullable=False),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
    )
    op.create_index("ix_export_subject_export_id", "export_subject", ["export_id"])
    op.create_index("ix_export_subject_subject", "export_subject", ["subject"])
    op.create_table(
        "erasure_request",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("requested_by", sa.String(255), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("erasure_id", sa.String(32), nullable=True),
        sa.Column("sessions", sa.Integer(), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=True),
    )
    op.create_index("ix_erasure_request_subject", "erasure_request", ["subject"])
    # The subject role: an account for a recorded person, mapped to the manifests' `user`.
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("person", sa.String(255), nullable=True))
        batch.drop_constraint("ck_accounts_role", type_="check")
        batch.create_check_constraint("ck_accounts_role", "role IN ('reviewer', 'researcher', 'admin', 'subject')")
        batch.create_check_constraint("ck_accounts_person", "(role = 'subject') = (person IS NOT NULL)")


def downgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.drop_constraint("ck_accounts_person", type_="check")
        batch.drop_constraint("ck_accounts_role", type_="check")
        batch.create_check_constraint("ck_accounts_role", "role IN ('reviewer', 'researcher', 'admin')")
        batch.drop_column("person")
    op.drop_table("erasure_request")
    op.drop_table("export_subject")
    op.drop_table("export_record")
    op.drop_table("consent_event")
