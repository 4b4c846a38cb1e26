"""The database side of a data-subject deletion: every row, in every table that has a `session_id` column
(annotations, flags, comments, reviews, their audit trail, the access log, and tables added later), about
the erased sessions; then one audit row saying that a deletion happened, with counts and a hash only."""

from __future__ import annotations

from sqlalchemy import MetaData, Table, delete, func, select

from viewer import db
from viewer.review.models import AuditEntry, now
from viewer.review.store import Store
from viewer.team import access

SKIPPED_TABLES = {"alembic_version"}


def session_tables(store: Store) -> list[Table]:
    """Read from the database itself, so tables other modules' migrations added are covered too."""
    meta = MetaData()
    meta.reflect(bind=store.engine)
    return [t for t in reversed(meta.sorted_tables) if "session_id" in t.c and t.name not in SKIPPED_TABLES]


def count_rows(store: Store, session_ids: list[str]) -> dict[str, int]:
    if not session_ids:
        return {}
    with db.reading(store.engine) as conn:
        counts = {t.name: conn.scalar(select(func.count()).select_from(t).where(t.c.session_id.in_(session_ids)))
                  for t in session_tables(store)}
    return {name: n for name, n in counts.items() if n}


def delete_rows(store: Store, session_ids: list[str]) -> dict[str, int]:
    """One transaction: all these rows go, or none."""
    if not session_ids:
        return {}
    tables = session_tables(store)
    deleted = {}
    with db.writing(store.engine) as conn:
        for table in tables:
            deleted[table.name] = conn.execute(delete(table).where(table.c.session_id.in_(session_ids))).rowcount
    return {name: n for name, n in deleted.items() if n}


def record_erasure(store: Store, who: str, erasure_id: str, sessions: int, rows: int, files: int,
                   why: str = "data-subject erasure") -> None:
    """The audit trail and the access log say who erased how much when; never a name, id or content."""
    summary = {"sessions": sessions, "rows": rows, "cache_files": files, "erasure_id": erasure_id}
    with db.writing(store.engine) as session:
        session.add(AuditEntry(at=now(), who=who[:255], session_id="", entity_kind="erasure",
                               entity_id=erasure_id, action="erase",
                               before=None, after=summary))
    access.record(store, who, "delete",
                  detail=f"{why}: {sessions} session(s), {rows} row(s), {files} cache file(s), "
                         f"erasure {erasure_id}")
