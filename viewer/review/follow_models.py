"""Which version of each flag had its value followed (viewer.sensitive.derived): a flag whose current version
is not here is followed again, so derived flags are recomputed whenever their source flag changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from viewer.db import Base, UTCDateTime


class FollowState(Base):
    __tablename__ = "review_follow"

    flag_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    session_id: Mapped[str] = mapped_column(String(255), index=True)
    flag_version: Mapped[int] = mapped_column(Integer)
    places: Mapped[int] = mapped_column(Integer)  # derived flags made (not the values: they are never stored)
    followed_at: Mapped[datetime] = mapped_column(UTCDateTime())
