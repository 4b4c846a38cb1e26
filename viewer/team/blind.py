"""The store as one user sees it on one session: blind during a double review, and keeping the queue's lease.

`view(store, session_id, user)` wraps the Store the review panel uses:
- reads skip rows written or last changed by reviewers hidden from this user (viewer.team.double);
- during the blind second review the session's status (the first reviewer's) reads as none, and the second
  reviewer's verdict is recorded as their pass instead of overwriting it;
- every write renews the user's lease on the session, and a final status releases it.
Everything else is the Store itself.
"""

from __future__ import annotations

from typing import Any

from viewer.review.errors import ReviewError
from viewer.review.models import now
from viewer.review.records import Record
from viewer.review.store import Store
from viewer.team import double, queue, workflow_settings


def view(store: Store, session_id: str, user: str | None) -> BlindView:
    """Raises ReviewError when the workflow settings are bad (the message names the variable)."""
    try:
        conf = workflow_settings.settings()
    except ValueError as exc:
        raise ReviewError(str(exc)) from None
    return BlindView(store, session_id, user, conf)


class BlindView:
    def __init__(self, store: Store, session_id: str, user: str | None, conf: workflow_settings.QueueSettings) -> None:
        self._store, self.session_id, self.user, self.conf = store, session_id, user, conf
        self.hidden = double.hidden_reviewers(store, session_id, user, conf.double_share)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    # -- reads --------------------------------------------------------------------------------------------
    def _visible(self, rows: list[Record]) -> list[Record]:
        shown = [r for r in rows if r.reviewer not in self.hidden and r.updated_by not in self.hidden]
        if len(shown) == len(rows):
            return shown
        gone = {r.id for r in rows} - {r.id for r in shown}  # a hidden flag's other places stay hidden too
        return [r for r in shown if r.kind != "flag" or r.data.get("derived_from") not in gone]

    def find(self, kind: str, session_id: str | None = None, **kw: Any) -> list[Record]:
        return self._visible(self._store.find(kind, session_id, **kw))

    def labels(self, session_id: str, **kw: Any) -> list[Record]:
        return self.find("label", session_id, **kw)

    def flags(self, session_id: str, **kw: Any) -> list[Record]:
        return self.find("flag", session_id, **kw)

    def comments(self, session_id: str, **kw: Any) -> list[Record]:
        return self.find("comment", session_id, **kw)

    def on_other_hash(self, session_id: str, content_hash: str) -> list[Record]:
        return self._visible(self._store.on_other_hash(session_id, content_hash))

    def audit(self, **kw: Any) -> list:
        return [a for a in self._store.audit(**kw) if a.who not in self.hidden]

    def review(self, session_id: str) -> Record | None:
        return None if self.hidden else self._store.review(session_id)

    # -- writes -------------------------------------------------------------------------------------------
    def set_review(self, session_id: str, content_hash: str, status: str, *, reviewer: str,
                   version: int | None = None) -> Record:
        if self.hidden:
            return self._blind_verdict(session_id, content_hash, status, reviewer)
        rec = self._store.set_review(session_id, content_hash, status, reviewer=reviewer, version=version)
        if not queue.finish(self._store, reviewer, session_id, status):
            queue.renew(self._store, reviewer, session_id, self.conf.lease_minutes)
        return rec

    def _blind_verdict(self, session_id: str, content_hash: str, status: str, reviewer: str) -> Record:
        held = queue.current(self._store, reviewer)
        if held is None or held.session_id != session_id or held.round != 2:
            raise ReviewError(f"a blind second review of session {session_id} is in progress: take it from the "
                              "Queue page to give your verdict")
        if not queue.finish(self._store, reviewer, session_id, status):
            queue.renew(self._store, reviewer, session_id, self.conf.lease_minutes)
        stamp = now()
        return Record(kind="review", id="second-review", version=0, session_id=session_id,
                      content_hash=content_hash, reviewer=reviewer, updated_by=reviewer, created_at=stamp,
                      updated_at=stamp, deleted_at=None, data={"status": status})

    def _renewing(self, result: Record, reviewer: str) -> Record:
        queue.renew(self._store, reviewer, self.session_id, self.conf.lease_minutes)
        return result

    def add(self, kind: str, session_id: str, content_hash: str, *, reviewer: str, **fields: Any) -> Record:
        return self._renewing(self._store.add(kind, session_id, content_hash, reviewer=reviewer, **fields),
                              reviewer)

    def add_label(self, session_id: str, content_hash: str, *, reviewer: str, **fields: Any) -> Record:
        return self.add("label", session_id, content_hash, reviewer=reviewer, **fields)

    def add_flag(self, session_id: str, content_hash: str, *, reviewer: str, **fields: Any) -> Record:
        return self.add("flag", session_id, content_hash, reviewer=reviewer, **fields)

    def add_comment(self, session_id: str, content_hash: str, *, reviewer: str, **fields: Any) -> Record:
        return self.add("comment", session_id, content_hash, reviewer=reviewer, **fields)

    def update(self, kind: str, entity_id: str, version: int, *, reviewer: str, **fields: Any) -> Record:
        return self._renewing(self._store.update(kind, entity_id, version, reviewer=reviewer, **fields), reviewer)

    def delete(self, kind: str, entity_id: str, version: int, *, reviewer: str) -> Record:
        return self._renewing(self._store.delete(kind, entity_id, version, reviewer=reviewer), reviewer)

    def restore(self, kind: str, entity_id: str, version: int, *, reviewer: str) -> Record:
        return self._renewing(self._store.restore(kind, entity_id, version, reviewer=reviewer), reviewer)
