"""The access log: who viewed which session, revealed masked text, logged in (or failed to), exported.

Append-only. `detail` is a short description for people; never put typed text, a password or any value
from a trace in it (callers pass fixed words or ids)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from viewer.db import reading, writing
from viewer.team.accounts_models import AccessEntry
from viewer.review.models import now
from viewer.review.store import Store

ACTIONS = ("login", "login_failed", "login_locked", "logout", "view_session", "reveal_text", "export",
           "qa", "user_add", "user_set_role", "user_disable", "user_password", "delete", "consent", "access_report")
MAX_DETAIL = 500


@dataclass(frozen=True)
class Access:
    id: int
    at: datetime
    who: str
    action: str
    session_id: str | None
    detail: str


def record(store: Store, who: str, action: str, session_id: str | None = None, detail: str = "") -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown access action {action!r}")
    with writing(store.engine) as session:
        session.add(AccessEntry(at=now(), who=(who or "?")[:255], action=action,
                                session_id=None if session_id is None else str(session_id)[:255],
                                detail=(detail or "")[:MAX_DETAIL]))


def _filtered(query, who: str | None, action: str | None, session_id: str | None):
    if who:
        query = query.where(AccessEntry.who == who)
    if action:
        query = query.where(AccessEntry.action == action)
    if session_id:
        query = query.where(AccessEntry.session_id == session_id)
    return query


def entries(store: Store, *, who: str | None = None, action: str | None = None, session_id: str | None = None,
            limit: int = 1000, offset: int = 0) -> list[Access]:
    """Newest first; `offset` skips that many of the newest (for pages of `limit`)."""
    query = _filtered(select(AccessEntry), who, action, session_id) \
        .order_by(AccessEntry.id.desc()).limit(limit).offset(offset)
    with reading(store.engine) as session:
        return [Access(r.id, r.at, r.who, r.action, r.session_id, r.detail) for r in session.scalars(query)]


def count(store: Store, *, who: str | None = None, action: str | None = None, session_id: str | None = None) -> int:
    query = _filtered(select(func.count()).select_from(AccessEntry), who, action, session_id)
    with reading(store.engine) as session:
        return session.scalar(query) or 0


def views(store: Store, session_ids: list[str], actions: tuple[str, ...]) -> list[dict]:
    """Rows with these `actions` about these sessions, oldest first, as {when, who, action, session_id}."""
    query = select(AccessEntry).where(AccessEntry.session_id.in_(session_ids), AccessEntry.action.in_(actions))
    with reading(store.engine) as session:
        return [{"when": r.at.isoformat(timespec="seconds"), "who": r.who, "action": r.action,
                 "session_id": r.session_id} for r in session.scalars(query.order_by(AccessEntry.id))]


def people(store: Store) -> list[str]:
    """Every name in the log, for a filter's choices."""
    with reading(store.engine) as session:
        return list(session.scalars(select(AccessEntry.who).distinct().order_by(AccessEntry.who)))
