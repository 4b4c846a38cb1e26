"""SQLAlchemy models of the annotation store. The migrations in migrations/versions create exactly these
tables (a test compares them). Table names start with `review_` so the store can share a database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Float, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from viewer.db import Base, UTCDateTime, now  # noqa: F401 (re-exported: defined once in viewer.db)


class Annotation:
    """Columns every annotation row has. `reviewer` is the author; `updated_by` the last one to change it."""

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    session_id: Mapped[str] = mapped_column(String(255), index=True)
    content_hash: Mapped[str] = mapped_column(String(128))
    reviewer: Mapped[str] = mapped_column(String(255))
    updated_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        # Each UPDATE carries `WHERE version = <version read>` and fails on 0 rows; the store sets the numbers.
        return {"version_id_col": cls.__table__.c.version, "version_id_generator": False}


def span_checks(prefix: str) -> tuple[CheckConstraint, ...]:
    return (CheckConstraint("t_start >= 0 AND t_end >= t_start", name=f"ck_{prefix}_span"),)


class Label(Annotation, Base):
    __tablename__ = "review_label"
    __table_args__ = (
        *span_checks("review_label"),
        CheckConstraint("quality IS NULL OR (quality >= 1 AND quality <= 5)", name="ck_review_label_quality"),
    )

    t_start: Mapped[float] = mapped_column(Float)
    t_end: Mapped[float] = mapped_column(Float)
    instruction: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(16))
    quality: Mapped[int | None] = mapped_column(Integer)
    tags: Mapped[list] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text)


class Flag(Annotation, Base):
    __tablename__ = "review_flag"
    __table_args__ = span_checks("review_flag")

    t_start: Mapped[float] = mapped_column(Float)
    t_end: Mapped[float] = mapped_column(Float)
    regions: Mapped[list] = mapped_column(JSON)
    scope: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text)
    # a derived flag (another place of a flagged value): its source flag, a keyed hash of the value, the place
    derived_from: Mapped[str | None] = mapped_column(String(32), index=True)
    value_key: Mapped[str | None] = mapped_column(String(64))
    place: Mapped[str | None] = mapped_column(String(16))


class Comment(Annotation, Base):
    __tablename__ = "review_comment"

    t: Mapped[float] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text)


class Review(Annotation, Base):
    """At most one live review status per session (a partial unique index; deleted rows do not count)."""

    __tablename__ = "review_status"
    __table_args__ = (
        Index("uq_review_status_live_session", "session_id", unique=True,
              sqlite_where=text("deleted_at IS NULL"), postgresql_where=text("deleted_at IS NULL")),
    )

    status: Mapped[str] = mapped_column(String(16))


class AuditEntry(Base):
    """Append-only: the store inserts rows and never updates or deletes them."""

    __tablename__ = "review_audit"
    __table_args__ = (Index("ix_review_audit_entity", "entity_kind", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    who: Mapped[str] = mapped_column(String(255))
    session_id: Mapped[str] = mapped_column(String(255), index=True)
    entity_kind: Mapped[str] = mapped_column(String(16))
    entity_id: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(16))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)


MODELS: dict[str, type[Annotation]] = {"label": Label, "flag": Flag, "comment": Comment, "review": Review}
