"""Team-mode tables on the store's metadata (so one set of migrations covers them): accounts and the access log.

`accounts` holds who may log in and with which role; failed logins are counted here, so the slow-down holds
across processes and restarts. `access_log` is append-only: who did what when (never any sensitive content).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from viewer.db import Base, UTCDateTime

ROLES = ("reviewer", "researcher", "admin")  # the staff roles
SUBJECT = "subject"  # a recorded person: only their own sessions and their access report
ALL_ROLES = (*ROLES, SUBJECT)


class Account(Base):
    __tablename__ = "accounts"
    __table_args__ = (
        UniqueConstraint("name", name="uq_accounts_name"),
        CheckConstraint("role IN ('reviewer', 'researcher', 'admin', 'subject')", name="ck_accounts_role"),
        CheckConstraint("(role = 'subject') = (person IS NOT NULL)", name="ck_accounts_person"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    failed_logins: Mapped[int] = mapped_column(Integer)
    last_failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    person: Mapped[str | None] = mapped_column(String(255))  # a subject's manifest `user`; None for staff


class AccessEntry(Base):
    """Append-only: rows are inserted, never updated or deleted."""

    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    who: Mapped[str] = mapped_column(String(255), index=True)
    action: Mapped[str] = mapped_column(String(32))
    session_id: Mapped[str | None] = mapped_column(String(255), index=True)
    detail: Mapped[str] = mapped_column(Text)
