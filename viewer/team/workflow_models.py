"""Review-workflow tables on the store's metadata: who holds which session (leases) and finished passes.

`review_lease`: at most one lease per session (its primary key) and per reviewer (a unique constraint), so
two reviewers asking at the same moment can never both hold one session: the second insert fails and the
queue tries the next session. `review_pass`: one row per finished review of a session by one reviewer
(round 1, or round 2 for the blind second review) with that reviewer's verdict.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from viewer.db import Base, UTCDateTime


class Lease(Base):
    __tablename__ = "review_lease"
    __table_args__ = (
        UniqueConstraint("reviewer", name="uq_review_lease_reviewer"),
        CheckConstraint("round IN (1, 2)", name="ck_review_lease_round"),
    )

    session_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    reviewer: Mapped[str] = mapped_column(String(255))
    round: Mapped[int] = mapped_column(Integer)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReviewPass(Base):
    __tablename__ = "review_pass"
    __table_args__ = (CheckConstraint("round IN (1, 2)", name="ck_review_pass_round"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(String(255), index=True)
    reviewer: Mapped[str] = mapped_column(String(255))
    round: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
