"""The review queue: hand each reviewer one session at a time under a lease that expires.

A lease row per held session (primary key) and per reviewer (unique): when two reviewers pick the same
session at once, the second insert fails, its transaction rolls back and it picks again. One code path for
SQLite (writers queue on BEGIN IMMEDIATE) and PostgreSQL (the unique index decides). Which session is
offered, and for which round, is in viewer.team.double (`round_for`).
"""

from __future__ import annotations

import random
import time
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from viewer import db
from viewer.review.errors import ReviewError, StoreUnavailable
from viewer.review.models import AuditEntry, Review, now
from viewer.review.store import Store
from viewer.team.workflow_models import Lease, ReviewPass
from viewer.team import double
from viewer.team.workflow_settings import DEFAULT_LEASE_MINUTES

RELEASE_KIND = "lease"  # the audit trail's kind for "Release" (entity id: the round given back)
ATTEMPTS = 50  # each failed attempt means another reviewer just took a session: progress was made


@dataclass(frozen=True)
class Held:
    """A lease as read: `round` 2 is a blind second review."""

    session_id: str
    reviewer: str
    round: int
    taken_at: datetime
    expires_at: datetime


def _held(row: Lease) -> Held:
    return Held(row.session_id, row.reviewer, row.round, row.taken_at, row.expires_at)


@contextmanager
def _writing(store: Store, retrying: bool = False) -> Iterator[Session]:
    """One write transaction; a database failure becomes StoreUnavailable (a message without SQL or values),
    except the conflicts a `retrying` caller handles itself."""
    try:
        with db.writing(store.engine) as s:
            yield s
    except (db.Conflict, db.Busy):
        if retrying:
            raise
        raise StoreUnavailable("the database is busy or a concurrent change conflicted; nothing was written") \
            from None


# -- taking a session -------------------------------------------------------------------------------------
def next_session(store: Store, reviewer: str, sessions: Sequence[str],
                 lease_minutes: float = DEFAULT_LEASE_MINUTES, *, double_share: float = 0.0) -> Held | None:
    """The reviewer's own live lease (renewed), else a new lease on the first session in `sessions` that needs
    them and nobody else holds; None when there is nothing to review. `sessions` are offered in their order,
    except that those this reviewer released go last (the longest ago released first), so "Release" then
    "Next" moves on. The caller passes only sessions that load (see `offerable`)."""
    for attempt in range(ATTEMPTS):
        try:
            with _writing(store, retrying=True) as s:
                return _take(s, reviewer, list(sessions), lease_minutes, double_share)
        except (db.Conflict, db.Busy):  # someone took it first (or a PostgreSQL deadlock victim)
            time.sleep(random.uniform(0, 0.01 * (attempt + 1)))  # noqa: S311  (jitter, not security)
    raise ReviewError("the review queue is too busy right now; try again")


def _take(s: Session, reviewer: str, sessions: list[str], minutes: float, share: float) -> Held | None:
    at = now()
    _settle(s)  # a session just given its final status no longer blocks anyone
    own = s.scalars(select(Lease).where(Lease.reviewer == reviewer).with_for_update()).first()
    if own is not None and own.expires_at > at:
        own.expires_at = at + timedelta(minutes=minutes)
        return _held(own)
    if own is not None:
        s.delete(own)
        s.flush()
    held = {sid for sid, until in s.execute(select(Lease.session_id, Lease.expires_at)) if until > at}
    state = double.Progress.read(s)
    for sid in _released_last(s, reviewer, sessions):
        if sid in held:
            continue
        round_ = state.round_for(sid, reviewer, share)
        if round_ is None:
            continue
        s.execute(delete(Lease).where(Lease.session_id == sid, Lease.expires_at <= at))  # an expired lease
        lease = Lease(session_id=sid, reviewer=reviewer, round=round_, taken_at=at,
                      expires_at=at + timedelta(minutes=minutes))
        s.add(lease)
        s.flush()  # IntegrityError here: someone took this session (or I did, in another tab) a moment ago
        if double.Progress.read(s, [sid]).round_for(sid, reviewer, share) == round_:
            return _held(lease)
        # Someone held, reviewed and released it since the reads above (PostgreSQL reads per statement).
        s.delete(lease)
        s.flush()
    return None


def offerable(sessions: Sequence[str], unreadable: Collection[str]) -> list[str]:
    """The sessions the queue may offer: those that load. One that fails to load (validator errors) is never
    leased: nobody could review it, and it would block the queue for whoever took it."""
    broken = set(unreadable)
    return [sid for sid in sessions if sid not in broken]


def _released_last(s: Session, reviewer: str, sessions: list[str]) -> list[str]:
    """`sessions` with the ones this reviewer released moved behind the others, oldest release first."""
    query = (select(AuditEntry.session_id, func.max(AuditEntry.id))
             .where(AuditEntry.entity_kind == RELEASE_KIND, AuditEntry.action == "release",
                    AuditEntry.who == reviewer).group_by(AuditEntry.session_id))
    released = dict(s.execute(query).all())
    if not released:
        return sessions
    fresh = [sid for sid in sessions if sid not in released]
    return fresh + sorted((sid for sid in sessions if sid in released), key=released.__getitem__)


def _settle(s: Session, reviewer: str | None = None) -> None:
    """Round-1 leases (the reviewer's, or everyone's) whose session the holder has since given a final status
    (on the Review panel, the CLI, an import) are finished: record the pass and release them."""
    query = (select(Lease, Review.status).join(Review, Review.session_id == Lease.session_id)
             .where(Lease.round == 1, Review.deleted_at.is_(None), Review.status.in_(double.FINAL),
                    Review.updated_by == Lease.reviewer, Review.updated_at >= Lease.taken_at))
    if reviewer is not None:
        query = query.where(Lease.reviewer == reviewer)
    for lease, status in s.execute(query.order_by(Lease.session_id)).all():  # one lock order: no deadlock
        _finish(s, lease, status)


def _finish(s: Session, lease: Lease, status: str) -> bool:
    """Release the lease and record the pass, once: a concurrent finisher deletes nothing and records nothing."""
    gone = s.execute(delete(Lease).where(Lease.session_id == lease.session_id, Lease.reviewer == lease.reviewer)
                     .execution_options(synchronize_session="fetch")).rowcount
    if gone:
        s.add(ReviewPass(session_id=lease.session_id, reviewer=lease.reviewer, round=lease.round, status=status,
                         started_at=lease.taken_at, finished_at=now()))
        s.flush()
    return bool(gone)


# -- while reviewing ------------------------------------------------------------------------------------------
def current(store: Store, reviewer: str) -> Held | None:
    """The reviewer's live lease, if any (after settling a finished one)."""
    with _writing(store) as s:
        _settle(s, reviewer)
        row = s.scalars(select(Lease).where(Lease.reviewer == reviewer)).first()
        return _held(row) if row is not None and row.expires_at > now() else None


def renew(store: Store, reviewer: str, session_id: str, lease_minutes: float = DEFAULT_LEASE_MINUTES) -> bool:
    """Push the expiry of the reviewer's lease on this session forward; False if they do not hold it (an
    expired lease nobody else took yet is still theirs)."""
    with _writing(store) as s:
        pushed = s.execute(update(Lease).where(Lease.session_id == session_id, Lease.reviewer == reviewer)
                           .values(expires_at=now() + timedelta(minutes=lease_minutes)))
        return pushed.rowcount > 0


def release(store: Store, reviewer: str) -> bool:
    """Give the reviewer's lease back without a verdict; False if they held none. The release goes into the
    review audit trail (kind "lease"), which also sends that session behind the others for this reviewer."""
    with _writing(store) as s:
        row = s.scalars(select(Lease).where(Lease.reviewer == reviewer).with_for_update()).first()
        if row is None:
            return False
        s.delete(row)
        s.add(AuditEntry(at=now(), who=reviewer[:255], session_id=row.session_id, entity_kind=RELEASE_KIND,
                         entity_id=str(row.round), action="release", before=None, after=None))
        return True


def finish(store: Store, reviewer: str, session_id: str, status: str) -> bool:
    """The reviewer gave the session a status: a final one ends their lease and records the pass."""
    if status not in double.FINAL:
        return False
    with _writing(store) as s:
        row = s.get(Lease, session_id, with_for_update=True)
        if row is None or row.reviewer != reviewer:
            return False
        if row.round == 2:
            double.backfill_first_pass(s, session_id)
        return _finish(s, row, status)


def leases(store: Store) -> list[Held]:
    """Every live lease, soonest expiry first (finished ones settled first)."""
    with _writing(store) as s:
        _settle(s)
        rows = s.scalars(select(Lease).where(Lease.expires_at > now()).order_by(Lease.expires_at))
        return [_held(r) for r in rows]
