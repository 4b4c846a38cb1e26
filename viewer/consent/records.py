"""Consent records in the store: grant, withdraw, history, and the grant that governs a moment.

The history is append-only; every change also gets an audit row (`entity_kind` "consent") naming who recorded
it. The state at a moment is derived: the newest grant recorded whose validity includes that day, unless a
withdrawal was recorded after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from viewer import db
from viewer.consent.consent_models import ConsentEvent
from viewer.review.errors import ReviewError
from viewer.review.models import AuditEntry, now
from viewer.review.store import Store

from .scope import Grant

MAX_EVIDENCE = 2000


class ConsentError(ReviewError):
    """A consent record that cannot be written as asked (the message says why; never any content)."""


@dataclass(frozen=True)
class ConsentRecord:
    id: int
    subject: str
    purpose: str
    action: str  # grant | withdraw
    grant: Grant | None  # for grants
    evidence: str
    recorded_by: str
    recorded_at: datetime


def _record(row: ConsentEvent) -> ConsentRecord:
    grant = None
    if row.action == "grant":
        grant = Grant(row.purpose, tuple(row.apps or ()), tuple(row.titles or ()),
                      None if row.weekdays is None else tuple(row.weekdays),
                      None if row.hours is None else tuple(row.hours), row.valid_from, row.valid_until)
    return ConsentRecord(row.id, row.subject, row.purpose, row.action, grant, row.evidence, row.recorded_by,
                         row.recorded_at)


def _check(subject: str, purpose: str) -> tuple[str, str]:
    subject, purpose = (subject or "").strip(), (purpose or "").strip()
    if not subject:
        raise ConsentError("the data subject is empty")
    if not purpose or len(purpose) > 64:
        raise ConsentError("the purpose must be 1 to 64 characters")
    return subject, purpose


def _write(store: Store, who: str, row: ConsentEvent) -> ConsentRecord:
    with db.writing(store.engine) as session:
        session.add(row)
        session.flush()
        session.add(AuditEntry(at=row.recorded_at, who=who[:255], session_id="", entity_kind="consent",
                               entity_id=str(row.id), action=row.action, before=None,
                               after={"purpose": row.purpose, "action": row.action}))
        return _record(row)


def grant(store: Store, who: str, subject: str, purpose: str, grant_scope: Grant, evidence: str = "") -> ConsentRecord:
    subject, purpose = _check(subject, purpose)
    if grant_scope.valid_from and grant_scope.valid_until and grant_scope.valid_until < grant_scope.valid_from:
        raise ConsentError("--until is before --from")
    if len(evidence) > MAX_EVIDENCE:
        raise ConsentError(f"the evidence is longer than {MAX_EVIDENCE} characters")
    row = ConsentEvent(subject=subject, purpose=purpose, action="grant", apps=list(grant_scope.apps),
                       titles=list(grant_scope.titles),
                       weekdays=None if grant_scope.weekdays is None else list(grant_scope.weekdays),
                       hours=None if grant_scope.hours is None else list(grant_scope.hours),
                       valid_from=grant_scope.valid_from, valid_until=grant_scope.valid_until, evidence=evidence,
                       recorded_by=who, recorded_at=now())
    return _write(store, who, row)


def withdraw(store: Store, who: str, subject: str, purpose: str, evidence: str = "") -> ConsentRecord:
    subject, purpose = _check(subject, purpose)
    if not any(r.action == "grant" for r in history(store, subject, purpose)):
        raise ConsentError(f"no consent for purpose {purpose!r} was ever granted by this person")
    row = ConsentEvent(subject=subject, purpose=purpose, action="withdraw", apps=[], titles=[], weekdays=None,
                       hours=None, valid_from=None, valid_until=None, evidence=evidence[:MAX_EVIDENCE],
                       recorded_by=who, recorded_at=now())
    return _write(store, who, row)


def history(store: Store, subject: str | None = None, purpose: str | None = None) -> list[ConsentRecord]:
    """Oldest first."""
    query = select(ConsentEvent).order_by(ConsentEvent.id)
    if subject is not None:
        query = query.where(ConsentEvent.subject == subject)
    if purpose is not None:
        query = query.where(ConsentEvent.purpose == purpose)
    with db.reading(store.engine) as session:
        return [_record(r) for r in session.scalars(query)]


def any_records(store: Store) -> bool:
    """Consent is enforced once the database holds any consent record (the design guide's rule)."""
    with db.reading(store.engine) as session:
        return session.scalar(select(ConsentEvent.id).limit(1)) is not None


@dataclass(frozen=True)
class State:
    grant: Grant | None  # the grant valid on that day
    withdrawn: bool  # the newest record for the purpose is a withdrawal
    record_id: int | None = None  # the id of the record that holds `grant`


def state(records: list[ConsentRecord], purpose: str, day: date) -> State:
    """From one subject's history (oldest first): the grant governing `day`, and whether it is withdrawn."""
    mine = [r for r in records if r.purpose == purpose]
    if mine and mine[-1].action == "withdraw":
        return State(None, True)
    for r in reversed(mine):
        g = r.grant
        if g is not None and (g.valid_from is None or g.valid_from <= day) \
                and (g.valid_until is None or day <= g.valid_until):
            return State(g, False, r.id)
    latest = next((r for r in reversed(mine) if r.grant is not None), None)
    # outside every validity: coverage() says before/after
    return State(latest.grant if latest else None, False, latest.id if latest else None)
