"""Double review: a share of sessions, chosen by hashing the session id, gets a second, blind review.

The rounds, from the session's review status and the finished passes (review_pass):
- round 1 is due while the status is unreviewed / in_review (or none), and on needs_changes for anyone but
  the reviewer who asked for the changes;
- round 2 is due once a double-review session is approved or rejected, for anyone but its first reviewer(s),
  until a round-2 pass is recorded. Meanwhile the first reviewers' work is hidden from everyone else (blind).
The second reviewer's verdict goes to review_pass, never over the session's status: disagreements are for
people to settle (viewer.team.agreement lists them).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from viewer.db import reading
from viewer.review.models import Review
from viewer.review.store import Store
from viewer.team.workflow_models import ReviewPass
from viewer.team import workflow_settings

FINAL = ("approved", "rejected", "needs_changes")  # a reviewer's verdict: their pass is over
DONE = ("approved", "rejected")  # round 1 is over and a second review may start


def is_double(session_id: str, share: float) -> bool:
    """Deterministic: the same sessions are chosen on every server and run; a larger share adds sessions."""
    digest = hashlib.sha256(session_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < share


def first_reviewers(passes: Iterable[ReviewPass], status_set_by: str | None) -> set[str]:
    """Who did round 1: the round-1 passes, else (a status set outside the queue) whoever set the status."""
    names = {p.reviewer for p in passes if p.round == 1}
    return names or ({status_set_by} if status_set_by else set())


@dataclass
class Progress:
    """Review statuses and finished passes, read once per queue decision."""

    statuses: dict[str, tuple[str, str]] = field(default_factory=dict)  # session -> (status, set by)
    passes: dict[str, list[ReviewPass]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def read(cls, s: Session, sessions: Iterable[str] | None = None) -> Progress:
        """All sessions, or only the few named (each query a fresh read)."""
        reviews = select(Review).where(Review.deleted_at.is_(None))
        passes = select(ReviewPass).order_by(ReviewPass.finished_at, ReviewPass.id)
        if sessions is not None:
            wanted = list(sessions)
            reviews = reviews.where(Review.session_id.in_(wanted))
            passes = passes.where(ReviewPass.session_id.in_(wanted))
        progress = cls()
        for row in s.scalars(reviews):
            progress.statuses[row.session_id] = (row.status, row.updated_by)
        for row in s.scalars(passes):
            progress.passes[row.session_id].append(row)
        return progress

    def round_for(self, session_id: str, reviewer: str, share: float) -> int | None:
        """Which round this reviewer would do on the session, or None when it needs nothing from them."""
        status, set_by = self.statuses.get(session_id, ("unreviewed", None))
        if status in ("unreviewed", "in_review"):
            return 1
        if status == "needs_changes":
            return None if set_by == reviewer else 1
        if not is_double(session_id, share) or self.second_done(session_id):
            return None
        return None if reviewer in first_reviewers(self.passes[session_id], set_by) else 2

    def second_done(self, session_id: str) -> bool:
        return any(p.round == 2 for p in self.passes[session_id])

    def hidden_from(self, session_id: str, user: str | None, share: float) -> set[str]:
        status, set_by = self.statuses.get(session_id, ("unreviewed", None))
        if not is_double(session_id, share) or status not in DONE or self.second_done(session_id):
            return set()
        return first_reviewers(self.passes[session_id], set_by) - {user}


def hidden_reviewers(store: Store, session_id: str, user: str | None, share: float | None = None) -> set[str]:
    """Reviewers whose labels, flags, comments and status `user` must not see on this session: the first
    reviewer(s) while its blind second review is due and not finished (nobody, for them themselves).
    share: of sessions double-reviewed (default: VIEWER_DOUBLE_REVIEW; ValueError if that is bad)."""
    if share is None:
        share = workflow_settings.settings().double_share
    with reading(store.engine) as s:
        return Progress.read(s, [session_id]).hidden_from(session_id, user, share)


def backfill_first_pass(s: Session, session_id: str) -> None:
    """Before a second pass is recorded: make sure the first exists (a status set before the queue was used)."""
    query = select(ReviewPass).where(ReviewPass.session_id == session_id, ReviewPass.round == 1)
    if s.scalars(query).first() is not None:
        return
    review = s.scalars(select(Review).where(Review.session_id == session_id, Review.deleted_at.is_(None))).first()
    if review is not None and review.status in DONE:
        s.add(ReviewPass(session_id=session_id, reviewer=review.updated_by, round=1, status=review.status,
                         started_at=review.created_at, finished_at=review.updated_at))
        s.flush()


@dataclass(frozen=True)
class Pair:
    """The two passes of a finished double review."""

    session_id: str
    first: str
    first_status: str
    second: str
    second_status: str
    finished_at: datetime  # of the second pass


def finished_pairs(store: Store, session_id: str | None = None) -> list[Pair]:
    """Double reviews with both passes done (the last round-1 pass before the round-2 one)."""
    query = select(ReviewPass).order_by(ReviewPass.finished_at, ReviewPass.id)
    if session_id is not None:
        query = query.where(ReviewPass.session_id == session_id)
    by_session: dict[str, list[ReviewPass]] = defaultdict(list)
    with reading(store.engine) as s:
        for row in s.scalars(query):
            by_session[row.session_id].append(row)
    pairs = []
    for sid, passes in by_session.items():
        second = next((p for p in passes if p.round == 2), None)
        firsts = [p for p in passes if p.round == 1 and p.finished_at <= second.finished_at] if second else []
        if second is not None and firsts:
            first = firsts[-1]
            pairs.append(Pair(sid, first.reviewer, first.status, second.reviewer, second.status,
                              second.finished_at))
    return pairs
