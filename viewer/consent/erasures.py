"""The erasure register: a person's erasure requests and when they were carried out (counts only).

A subject asks (or an admin erases directly); `carried_out` closes the person's open requests, or records one,
with the random erasure id the audit trail keeps, so the person's access report lists it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from viewer import db
from viewer.consent.consent_models import ErasureRequest
from viewer.review.models import now
from viewer.review.store import Store


@dataclass(frozen=True)
class Erasure:
    id: str
    subject: str
    requested_at: datetime
    requested_by: str
    done_at: datetime | None
    erasure_id: str | None
    sessions: int | None
    rows: int | None


def _value(r: ErasureRequest) -> Erasure:
    return Erasure(r.id, r.subject, r.requested_at, r.requested_by, r.done_at, r.erasure_id, r.sessions, r.rows)


def request(store: Store, subject: str, who: str) -> Erasure:
    """Record that `subject` asked for erasure (an admin carries it out); a second open request is not added."""
    with db.writing(store.engine) as session:
        open_ = session.scalars(select(ErasureRequest).where(ErasureRequest.subject == subject,
                                                             ErasureRequest.done_at.is_(None))).first()
        if open_ is None:
            open_ = ErasureRequest(id=uuid.uuid4().hex, subject=subject, requested_at=now(), requested_by=who)
            session.add(open_)
            session.flush()
        return _value(open_)


def carried_out(store: Store, subject: str, who: str, erasure_id: str, sessions: int, rows: int, *,
                closes_requests: bool = True) -> None:
    """Register an erasure of `subject`'s data; it closes their open requests unless it erased only some of
    their sessions on its own account (retention)."""
    stamp = now()
    with db.writing(store.engine) as session:
        pending = list(session.scalars(select(ErasureRequest).where(ErasureRequest.subject == subject,
                                                                    ErasureRequest.done_at.is_(None)))) \
            if closes_requests else []
        if not pending:
            pending = [ErasureRequest(id=uuid.uuid4().hex, subject=subject, requested_at=stamp, requested_by=who)]
            session.add(pending[0])
        for r in pending:
            r.done_at, r.erasure_id, r.sessions, r.rows = stamp, erasure_id, sessions, rows


def for_subject(store: Store, subject: str) -> list[Erasure]:
    with db.reading(store.engine) as session:
        return [_value(r) for r in session.scalars(select(ErasureRequest).where(ErasureRequest.subject == subject)
                                                   .order_by(ErasureRequest.requested_at))]


def open_requests(store: Store) -> list[Erasure]:
    """Requests nobody has carried out yet, oldest first (the Admin page lists them)."""
    with db.reading(store.engine) as session:
        return [_value(r) for r in session.scalars(select(ErasureRequest).where(ErasureRequest.done_at.is_(None))
                                                   .order_by(ErasureRequest.requested_at))]
