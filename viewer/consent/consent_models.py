"""Consent and export-recipient tables on the store's metadata (one set of migrations covers them).

`consent_event` is append-only: a grant or a withdrawal per data subject (the manifests' `user`) and
purpose; the state at any moment is derived from the history, never edited in place. `export_record` and
`export_subject` say which exports included whose sessions and to whom they went, by person (the export's
pseudonym key is never stored), so data whose consent ends can be traced to its holders.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from viewer.db import Base, UTCDateTime

CONSENT_ACTIONS = ("grant", "withdraw")


class ConsentEvent(Base):
    """Append-only: rows are inserted, never updated or deleted."""

    __tablename__ = "consent_event"
    __table_args__ = (CheckConstraint("action IN ('grant', 'withdraw')", name="ck_consent_event_action"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject: Mapped[str] = mapped_column(String(255), index=True)
    purpose: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    apps: Mapped[list] = mapped_column(JSON)  # glob patterns over the focused app; [] = every app
    titles: Mapped[list] = mapped_column(JSON)  # glob patterns over window titles, optionally "APP=GLOB"
    weekdays: Mapped[list | None] = mapped_column(JSON)  # 0 = Monday .. 6 = Sunday; None = every day
    hours: Mapped[list | None] = mapped_column(JSON)  # ["HH:MM", "HH:MM"] local time; None = all day
    valid_from: Mapped[date | None] = mapped_column(Date)  # in the session's time zone
    valid_until: Mapped[date | None] = mapped_column(Date)  # inclusive
    evidence: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(255))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ExportRecord(Base):
    __tablename__ = "export_record"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    who: Mapped[str] = mapped_column(String(255))
    purpose: Mapped[str] = mapped_column(String(64))
    recipient: Mapped[str] = mapped_column(String(255))
    format: Mapped[str] = mapped_column(String(16))
    sessions: Mapped[int] = mapped_column(Integer)


class ExportSubject(Base):
    """Whose sessions an export included, and how many (no session ids: the person is what is traced)."""

    __tablename__ = "export_subject"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    export_id: Mapped[str] = mapped_column(String(32), ForeignKey("export_record.id"), index=True)
    subject: Mapped[str] = mapped_column(String(255), index=True)
    sessions: Mapped[int] = mapped_column(Integer)


class ErasureRequest(Base):
    """A person's erasure, asked for and/or carried out. The audit trail keeps counts and a random id only; this
    register links that id to the person so their access report can list it and an auditor can confirm it."""

    __tablename__ = "erasure_request"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    subject: Mapped[str] = mapped_column(String(255), index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    requested_by: Mapped[str] = mapped_column(String(255))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    erasure_id: Mapped[str | None] = mapped_column(String(32))
    sessions: Mapped[int | None] = mapped_column(Integer)
    rows: Mapped[int | None] = mapped_column(Integer)
