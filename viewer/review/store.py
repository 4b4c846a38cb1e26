"""Store: the annotation store's public API. It owns its engine; every write commits before returning."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError

from viewer import db
from viewer.db import reason  # noqa: F401 (re-exported for callers)
from viewer.review import migrate, validate
from viewer.review.errors import NotFound, StoreUnavailable
from viewer.review.fields import KINDS
from viewer.review.models import MODELS, AuditEntry, Review
from viewer.review.records import AuditRecord, Record, to_audit, to_record
from viewer.review.writer import Writer

ORDER = {"label": ("t_start", "t_end"), "flag": ("t_start", "t_end"), "comment": ("t",), "review": ()}


class Store:
    """The annotation store on one database. Stores opened on the same URL share the process's engine
    (viewer.db.acquire); close() gives it back."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str | None = None, *, migrate_schema: bool = True) -> Store:
        """Open (and by default migrate to the newest schema) the database at `url`
        (default: viewer.settings.load().db_url)."""
        if url is None:
            from viewer.settings import load

            url = load().db_url
        engine = None
        try:
            engine = db.acquire(url)
            if migrate_schema:
                migrate.upgrade(engine)
        except (SQLAlchemyError, OSError, ValueError, StoreUnavailable) as exc:
            if engine is not None:
                db.release(engine)
            raise StoreUnavailable(f"cannot open the annotation database {db.safe_url(url)}: {reason(exc)}") from None
        return cls(engine)

    def close(self) -> None:
        db.release(self.engine)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def backend(self) -> str:
        """"sqlite" or "postgresql"."""
        return self.engine.dialect.name

    # -- writes ---------------------------------------------------------------------------------------
    @contextmanager
    def transaction(self, reviewer: str) -> Iterator[Writer]:
        """Several writes as one: all are committed at the end of the block, or none if it raises."""
        who = validate.key("reviewer", reviewer)
        with db.writing(self.engine) as session:
            yield Writer(session, who)

    def add(self, kind: str, session_id: str, content_hash: str, *, reviewer: str, **fields: Any) -> Record:
        with self.transaction(reviewer) as tx:
            return tx.add(kind, session_id, content_hash, fields)

    def add_label(self, session_id: str, content_hash: str, *, reviewer: str, t_start: float, t_end: float,
                  **fields: Any) -> Record:
        """fields: instruction, outcome (success|failure|partial|None), quality (1..5|None), tags, note."""
        return self.add("label", session_id, content_hash, reviewer=reviewer, t_start=t_start, t_end=t_end,
                        **fields)

    def add_flag(self, session_id: str, content_hash: str, *, reviewer: str, t_start: float, t_end: float,
                 **fields: Any) -> Record:
        """fields: regions [{screen, x, y, w, h} or [x, y, w, h]], scope (events|pixels|both, default both),
        category (default "other"), status (default accepted for source "human", else suggested),
        source (default "human"), note."""
        return self.add("flag", session_id, content_hash, reviewer=reviewer, t_start=t_start, t_end=t_end,
                        **fields)

    def add_comment(self, session_id: str, content_hash: str, *, reviewer: str, t: float, text: str) -> Record:
        return self.add("comment", session_id, content_hash, reviewer=reviewer, t=t, text=text)

    def set_review(self, session_id: str, content_hash: str, status: str, *, reviewer: str,
                   version: int | None = None) -> Record:
        """version: that of the review status the caller read, None if it saw none (see review())."""
        with self.transaction(reviewer) as tx:
            return tx.set_review(session_id, content_hash, status, version)

    def update(self, kind: str, entity_id: str, version: int, *, reviewer: str, content_hash: str | None = None,
               **fields: Any) -> Record:
        """Change some fields (and optionally re-key onto another content hash). Raises StaleEdit when
        `version` is not the current one."""
        with self.transaction(reviewer) as tx:
            return tx.update(kind, entity_id, version, fields, content_hash)

    def delete(self, kind: str, entity_id: str, version: int, *, reviewer: str) -> Record:
        """Soft delete (undo with restore)."""
        with self.transaction(reviewer) as tx:
            return tx.delete(kind, entity_id, version)

    def restore(self, kind: str, entity_id: str, version: int, *, reviewer: str) -> Record:
        with self.transaction(reviewer) as tx:
            return tx.restore(kind, entity_id, version)

    # -- reads ----------------------------------------------------------------------------------------
    def get(self, kind: str, entity_id: str) -> Record:
        """One row, deleted or not; NotFound if it never existed."""
        with db.reading(self.engine) as session:
            row = session.get(MODELS[validate.kind(kind)], entity_id)
            if row is None:
                raise NotFound(kind, entity_id)
            return to_record(kind, row)

    def find(self, kind: str, session_id: str | None = None, *, content_hash: str | None = None,
             other_hash_than: str | None = None, include_deleted: bool = False) -> list[Record]:
        """Rows of one kind (of one session, of one trace version or of any but one), in time order."""
        model = MODELS[validate.kind(kind)]
        query = select(model)
        if session_id is not None:
            query = query.where(model.session_id == session_id)
        if content_hash is not None:
            query = query.where(model.content_hash == content_hash)
        if other_hash_than is not None:
            query = query.where(model.content_hash != other_hash_than)
        if not include_deleted:
            query = query.where(model.deleted_at.is_(None))
        order = [model.session_id, *(getattr(model, name) for name in ORDER[kind]), model.created_at, model.id]
        with db.reading(self.engine) as session:
            return [to_record(kind, row) for row in session.scalars(query.order_by(*order))]

    def labels(self, session_id: str, **kw: Any) -> list[Record]:
        return self.find("label", session_id, **kw)

    def flags(self, session_id: str, **kw: Any) -> list[Record]:
        return self.find("flag", session_id, **kw)

    def comments(self, session_id: str, **kw: Any) -> list[Record]:
        return self.find("comment", session_id, **kw)

    def review(self, session_id: str) -> Record | None:
        """The session's live review status; None means nobody set one yet ("unreviewed")."""
        with db.reading(self.engine) as session:
            query = select(Review).where(Review.session_id == session_id, Review.deleted_at.is_(None))
            row = session.scalars(query).first()
            return to_record("review", row) if row else None

    def on_other_hash(self, session_id: str, content_hash: str) -> list[Record]:
        """Live annotations of the session made on another version of its trace (the trace changed since)."""
        return [r for kind in KINDS for r in self.find(kind, session_id, other_hash_than=content_hash)]

    def audit(self, *, session_id: str | None = None, kind: str | None = None,
              entity_id: str | None = None) -> list[AuditRecord]:
        """Audit rows, oldest first."""
        query = select(AuditEntry).order_by(AuditEntry.id)
        for column, value in (("session_id", session_id), ("entity_kind", kind), ("entity_id", entity_id)):
            if value is not None:
                query = query.where(getattr(AuditEntry, column) == value)
        with db.reading(self.engine) as session:
            return [to_audit(row) for row in session.scalars(query)]

