"""The database layer every package's tables and writes sit on: the declarative base, the engines (one per URL
per process, closed on shutdown), and the one transaction helper that turns database errors into the project's
errors. Every write goes through `writing` (a test checks)."""

from viewer.db.base import Base, UTCDateTime, now
from viewer.db.engines import BUSY_TIMEOUT_MS, WRITE, acquire, create, dispose_all, parse_url, release, safe_url
from viewer.db.errors import (Busy, Conflict, InvalidField, NotFound, ReviewError, StaleEdit,
                              StoreUnavailable)
from viewer.db.tx import reading, reason, writing

__all__ = ["BUSY_TIMEOUT_MS", "Base", "Busy", "Conflict", "InvalidField", "NotFound", "ReviewError", "StaleEdit",
           "StoreUnavailable", "UTCDateTime", "WRITE", "acquire", "create", "dispose_all", "now", "parse_url",
           "reading", "reason", "release", "safe_url", "writing"]
