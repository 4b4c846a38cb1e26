"""Immutable values the store hands out (never live ORM objects), and the JSON snapshots the audit keeps."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from viewer.review.fields import FIELDS
from viewer.review.models import Annotation, AuditEntry


@dataclass(frozen=True)
class Record:
    """One annotation as read. Entity fields are in `data` and also readable as attributes (rec.t_start)."""

    kind: str
    id: str
    version: int
    session_id: str
    content_hash: str
    reviewer: str
    updated_by: str
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    data: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        data = self.__dict__.get("data") or {}
        if name in data:
            return data[name]
        raise AttributeError(name)

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: datetime
    who: str
    session_id: str
    entity_kind: str
    entity_id: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def entity_data(kind: str, row: Annotation) -> dict[str, Any]:
    return {name: copy.deepcopy(getattr(row, name)) for name in FIELDS[kind]}


def to_record(kind: str, row: Annotation) -> Record:
    return Record(kind=kind, id=row.id, version=row.version, session_id=row.session_id,
                  content_hash=row.content_hash, reviewer=row.reviewer, updated_by=row.updated_by,
                  created_at=row.created_at, updated_at=row.updated_at, deleted_at=row.deleted_at,
                  data=entity_data(kind, row))


def snapshot(kind: str, row: Annotation) -> dict[str, Any]:
    """The JSON the audit log keeps as `before` / `after`."""
    deleted = row.deleted_at.isoformat() if row.deleted_at else None
    return {"version": row.version, "session_id": row.session_id, "content_hash": row.content_hash,
            "reviewer": row.reviewer, "deleted_at": deleted, **entity_data(kind, row)}


def to_audit(row: AuditEntry) -> AuditRecord:
    return AuditRecord(id=row.id, at=row.at, who=row.who, session_id=row.session_id,
                       entity_kind=row.entity_kind, entity_id=row.entity_id, action=row.action,
                       before=row.before, after=row.after)
