"""Undecided suggestions: live flags whose status is still `suggested` (nobody accepted or rejected them),
counted per session and category. The export refuses sessions that have any unless told how to treat them;
the Replay, Queue and Sessions pages show the counts. Only counts and category names leave here, never a value."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select

from viewer.db import reading
from viewer.review.models import Flag

PENDING = "suggested"


def pending_counts(store, session_ids: Collection[str] | None = None) -> dict[str, dict[str, int]]:
    """session id -> {category: undecided suggestions}, most first; sessions with none are absent.
    One grouped query over every version of each trace (a suggestion made on an older version is still
    undecided, and the export would apply or skip it like the others)."""
    query = (select(Flag.session_id, Flag.category, func.count())
             .where(Flag.status == PENDING, Flag.deleted_at.is_(None))
             .group_by(Flag.session_id, Flag.category))
    wanted = None if session_ids is None else set(session_ids)
    if wanted is not None:
        if not wanted:
            return {}
        if len(wanted) <= 500:  # a long IN list costs more than filtering the grouped rows here
            query = query.where(Flag.session_id.in_(sorted(wanted)))
    found: dict[str, dict[str, int]] = {}
    with reading(store.engine) as session:
        for sid, category, n in session.execute(query):
            if wanted is None or sid in wanted:
                found.setdefault(sid, {})[category] = int(n)
    return {sid: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for sid, c in found.items()}


def pending_records(records) -> list:
    """The undecided suggestions among a session's live flag records (as a page already holds them)."""
    return [r for r in records if r.data.get("status") == PENDING and not r.deleted]


def describe_counts(counts: dict[str, int]) -> str:
    """"email 2, secret 1": categories are fixed names, never detected text."""
    return ", ".join(f"{category} {n}" for category, n in counts.items())
