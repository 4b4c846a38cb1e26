"""The re-keying table on the store's metadata: which old session id moved to which new one, when, by whom.

The old id is kept only as a SHA-256: old ids of imported sessions could hold the recorder's e-mail, which is
why they were re-keyed. Whoever holds an old id can still find where its annotations went.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from viewer.db import Base, UTCDateTime


class RekeyEntry(Base):
    """Append-only: one row per old session id whose rows were moved."""

    __tablename__ = "review_rekey"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    who: Mapped[str] = mapped_column(String(255))
    old_id_sha256: Mapped[str] = mapped_column(String(64), index=True)
    new_session_id: Mapped[str] = mapped_column(String(255), index=True)
    rows: Mapped[int] = mapped_column(Integer)
