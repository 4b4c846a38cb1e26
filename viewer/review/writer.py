"""The write operations of one transaction. Every change checks the version the caller read, bumps it,
and appends an audit row in the same transaction. Nothing is mutated before all checks pass."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from viewer.review import validate
from viewer.review.errors import NotFound, StaleEdit
from viewer.review.models import MODELS, Annotation, AuditEntry, Review, now
from viewer.review.records import Record, entity_data, snapshot, to_record


def new_id() -> str:
    return uuid.uuid4().hex


class Writer:
    """Obtained from Store.transaction(reviewer); `who` is the person the audit log names."""

    def __init__(self, session: Session, who: str) -> None:
        self.s, self.who = session, who

    # -- create -------------------------------------------------------------------------------------
    def add(self, kind: str, session_id: str, content_hash: str, fields: dict[str, Any], *,
            reviewer: str | None = None, entity_id: str | None = None, version: int = 1) -> Record:
        """A new row. `entity_id`/`version` are given only when importing a row exported elsewhere."""
        clean = validate.values(kind, fields)
        keys = {"session_id": validate.key("session_id", session_id),
                "content_hash": validate.key("content_hash", content_hash),
                "reviewer": validate.key("reviewer", reviewer or self.who)}
        if kind == "review":
            self.refuse_second_review(keys["session_id"], None)
        stamp = now()
        row = MODELS[kind](id=entity_id or new_id(), **keys, **clean, updated_by=self.who, created_at=stamp,
                           updated_at=stamp, deleted_at=None, version=version)
        self.insert(kind, row)
        self.audit(kind, row, "create", None)
        return to_record(kind, row)

    def insert(self, kind: str, row: Annotation) -> None:
        try:
            with self.s.begin_nested():
                self.s.add(row)
        except IntegrityError:  # only a concurrent second live review of a session gets here
            if kind == "review":
                self.refuse_second_review(row.session_id, None)
            raise

    def refuse_second_review(self, session_id: str, expected: int | None) -> None:
        live = self.live_review(session_id)
        if live is not None:
            raise StaleEdit("review", live.id, expected, live.version, live.updated_by, live.updated_at,
                            what=f"the review status of session {session_id}")

    # -- change -------------------------------------------------------------------------------------
    def update(self, kind: str, entity_id: str, version: int, fields: dict[str, Any],
               content_hash: str | None = None) -> Record:
        row = self.locked(kind, entity_id, version)
        if row.deleted_at is not None:
            raise NotFound(kind, entity_id, "is deleted; restore it first")
        clean = validate.values(kind, fields, current=entity_data(kind, row))
        if content_hash is not None:
            clean["content_hash"] = validate.key("content_hash", content_hash)
        if all(getattr(row, name) == value for name, value in clean.items()):
            return to_record(kind, row)  # nothing changes: no new version, no audit row
        return self.change(kind, row, "update", clean)

    def delete(self, kind: str, entity_id: str, version: int) -> Record:
        row = self.locked(kind, entity_id, version)
        if row.deleted_at is not None:
            return to_record(kind, row)
        return self.change(kind, row, "delete", {"deleted_at": now()})

    def restore(self, kind: str, entity_id: str, version: int) -> Record:
        row = self.locked(kind, entity_id, version)
        if row.deleted_at is None:
            return to_record(kind, row)
        if kind == "review":
            self.refuse_second_review(row.session_id, None)
        return self.change(kind, row, "restore", {"deleted_at": None})

    def set_review(self, session_id: str, content_hash: str, status: str, version: int | None) -> Record:
        """Create the session's review status (version None: the caller saw none) or change it."""
        live = self.live_review(validate.key("session_id", session_id))
        if live is None and version is None:
            return self.add("review", session_id, content_hash, {"status": status})
        if live is not None and live.version == version:
            return self.update("review", live.id, version, {"status": status}, content_hash)
        self.refuse_second_review(session_id, version)
        raise self.stale_missing_review(session_id, version)  # the review the caller saw was deleted

    def change(self, kind: str, row: Annotation, action: str, values: dict[str, Any]) -> Record:
        before = snapshot(kind, row)
        for name, value in values.items():
            setattr(row, name, value)
        row.version, row.updated_at, row.updated_by = row.version + 1, now(), self.who
        try:
            self.s.flush()  # UPDATE ... WHERE id = ? AND version = <read>
        except StaleDataError:
            raise self.stale_after_race(kind, row.id, row.version - 1) from None
        self.audit(kind, row, action, before)
        return to_record(kind, row)

    def current(self, kind: str, entity_id: str) -> Record | None:
        row = self.s.get(MODELS[validate.kind(kind)], entity_id, with_for_update=True)
        return None if row is None else to_record(kind, row)

    # -- helpers ------------------------------------------------------------------------------------
    def locked(self, kind: str, entity_id: str, version: int) -> Annotation:
        """The row, locked for this transaction (PostgreSQL: FOR UPDATE; SQLite: BEGIN IMMEDIATE), checked
        against the version the caller read."""
        validate.version(version)
        row = self.s.get(MODELS[validate.kind(kind)], entity_id, with_for_update=True, populate_existing=True)
        if row is None:
            raise NotFound(kind, entity_id)
        if row.version != version:
            raise StaleEdit(kind, entity_id, version, row.version, row.updated_by, row.updated_at)
        return row

    def live_review(self, session_id: str) -> Review | None:
        query = select(Review).where(Review.session_id == session_id, Review.deleted_at.is_(None))
        return self.s.scalars(query.with_for_update()).first()

    def stale_missing_review(self, session_id: str, version: int | None) -> StaleEdit:
        query = select(Review).where(Review.session_id == session_id).order_by(Review.updated_at.desc())
        last = self.s.scalars(query).first()
        who, when, current = (last.updated_by, last.updated_at, None) if last else (None, None, None)
        return StaleEdit("review", last.id if last else "-", version, current, who, when,
                         what=f"the review status of session {session_id}")

    def stale_after_race(self, kind: str, entity_id: str, expected: int) -> StaleEdit:
        return StaleEdit(kind, entity_id, expected, None, None, None)

    def audit(self, kind: str, row: Annotation, action: str, before: dict | None) -> None:
        self.s.add(AuditEntry(at=row.updated_at, who=self.who, session_id=row.session_id, entity_kind=kind,
                              entity_id=row.id, action=action, before=before, after=snapshot(kind, row)))
        self.s.flush()
