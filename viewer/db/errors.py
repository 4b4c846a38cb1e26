"""What can go wrong in the annotation store.

Messages name fields, ids, people and times, never the text a reviewer typed or a trace contained.
"""

from __future__ import annotations

from datetime import datetime


class ReviewError(Exception):
    """Base of every error the annotation store raises on purpose."""


class InvalidField(ReviewError, ValueError):
    """A value failed validation; `field` names it, `code` classifies it (for `path:line: code: message`)."""

    def __init__(self, field: str, message: str, code: str = "invalid") -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.code, self.reason = field, code, message


class NotFound(ReviewError, LookupError):
    def __init__(self, kind: str, entity_id: str, reason: str = "does not exist") -> None:
        super().__init__(f"{kind} {entity_id} {reason}")
        self.kind, self.entity_id = kind, entity_id


class StaleEdit(ReviewError):
    """The row changed since the caller read it; nothing was written."""

    def __init__(self, kind: str, entity_id: str, expected: int | None, current: int | None,
                 changed_by: str | None, changed_at: datetime | None, what: str | None = None) -> None:
        when = changed_at.isoformat(timespec="seconds") if changed_at else "an unknown time"
        now = f"now version {current}, " if current is not None else ""
        seen = f"version {expected}" if expected is not None else "not having seen it"
        super().__init__(
            f"{what or f'{kind} {entity_id}'} was changed by {changed_by or 'someone'} at {when} "
            f"({now}your edit was based on {seen}); nothing was overwritten: reload and apply your edit again"
        )
        self.kind, self.entity_id = kind, entity_id
        self.expected, self.current = expected, current
        self.changed_by, self.changed_at = changed_by, changed_at


class StoreUnavailable(ReviewError):
    """The database could not be opened or migrated (message is safe to show: no SQL, no values)."""


class Conflict(ReviewError):
    """A write broke a constraint (usually a concurrent change to the same rows); nothing was written."""


class Busy(StoreUnavailable):
    """The database was locked or unreachable during a write; nothing was written (trying again may work)."""
