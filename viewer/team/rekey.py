"""Moving a session's rows from an old session id to a new one (sessions re-imported under new ids).

    moved = rekey(store, {old_id: new_id, ...}, who)

One transaction: every annotation (labels, flags, comments, review status), the audit log, the access log and
the review queue's passes follow the new id; a lease on the old id is dropped (leases are short-lived and the
new id may hold one). Each old id whose rows moved gets a `review_rekey` row (the old id as a SHA-256, never
as text) and an audit row. An old id with no rows is skipped, so running again is a no-op. A pair is refused
when the new id already has annotations: merging two histories is a reviewer's decision, not a migration's.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from viewer.db import reading
from viewer.review import validate
from viewer.team.accounts_models import AccessEntry
from viewer.review.errors import ReviewError
from viewer.review.models import MODELS, AuditEntry, now
from viewer.team.rekey_models import RekeyEntry
from viewer.review.store import Store
from viewer.team.workflow_models import Lease, ReviewPass

MOVED = (*MODELS.values(), AuditEntry, AccessEntry, ReviewPass)


def old_id_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _count(session: Session, model, session_id: str) -> int:
    return session.scalar(select(func.count()).select_from(model).where(model.session_id == session_id)) or 0


def rekey(store: Store, mapping: dict[str, str], who: str) -> dict[str, int]:
    """{old id: rows moved} for every old id that had rows. Raises ReviewError (nothing written) when a new
    id already has annotations or an id is not a valid session id."""
    pairs = [(validate.key("session_id", old), validate.key("session_id", new))
             for old, new in sorted(mapping.items()) if old != new]
    moved: dict[str, int] = {}
    with store.transaction(who) as tx:
        session = tx.s
        for old, new in pairs:
            counts = {m: _count(session, m, old) for m in MOVED}
            if not any(counts.values()):
                continue
            if any(_count(session, m, new) for m in MODELS.values()):
                raise ReviewError(f"{new}: already has annotations; the old session's were not moved onto it")
            for model, n in counts.items():
                if n:
                    session.execute(update(model).where(model.session_id == old).values(session_id=new)
                                    .execution_options(synchronize_session=False))
            session.execute(delete(Lease).where(Lease.session_id == old))
            moved[old] = sum(counts.values())
            entry = RekeyEntry(at=now(), who=tx.who, old_id_sha256=old_id_hash(old), new_session_id=new,
                               rows=moved[old])
            session.add(entry)
            session.flush()
            session.add(AuditEntry(at=entry.at, who=tx.who, session_id=new, entity_kind="rekey",
                                   entity_id=str(entry.id), action="rekey",
                                   before={"session_id_sha256": entry.old_id_sha256},
                                   after={"session_id": new, "rows": moved[old]}))
    return moved


def rekeyed(store: Store, old_id: str) -> list[RekeyEntry]:
    """Where an old id's rows went (by its hash), oldest first."""
    with reading(store.engine) as session:
        rows = session.scalars(select(RekeyEntry).where(RekeyEntry.old_id_sha256 == old_id_hash(old_id))
                               .order_by(RekeyEntry.id))
        return list(rows)
