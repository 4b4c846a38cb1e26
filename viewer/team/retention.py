"""Retention: sessions recorded longer ago than a purpose's retention period are erased through the same path
as a data subject's erasure (preview first; audited with counts only; each person's register notes it)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from viewer.consent import erasures
from viewer.review.store import Store, reason
from viewer.team import erase
from viewer.team.erase_files import SubjectSession
from viewer.trace.dataset import find_sessions
from viewer.trace.manifest import read_manifest


def expired(root: Path, days: int, at: datetime | None = None) -> tuple[list[SubjectSession], dict[str, int],
                                                                          list[str]]:
    """Sessions that started more than `days` days before `at` (default now), how many per person, and the
    sessions whose manifest could not be read (kept: nothing is erased on a guess)."""
    if days < 1:
        raise erase.EraseError("the retention period must be at least one day")
    cutoff = (at or datetime.now(UTC)) - timedelta(days=days)
    paths, problems = find_sessions(Path(root))
    found, people, unreadable = [], Counter(), [str(p) for p in problems if p.code != "no-sessions"]
    for path in paths:
        manifest, _problems, _raw = read_manifest(path)
        if manifest is None:
            unreadable.append(f"{path}: manifest-invalid: cannot be read; kept")
            continue
        started = manifest.started_at if manifest.started_at.tzinfo else manifest.started_at.replace(tzinfo=UTC)
        if started < cutoff:
            found.append(SubjectSession(path, manifest.session_id))
            people[manifest.user] += 1
    return found, dict(people), unreadable


def plan(root: Path, days: int, store: Store, cache_dir: Path, at: datetime | None = None) -> erase.ErasePlan:
    sessions, _people, unreadable = expired(root, days, at)
    todo = erase.plan_sessions(root, sessions, store, cache_dir)
    todo.problems.extend(unreadable)
    return todo


def apply(root: Path, days: int, store: Store, cache_dir: Path, who: str, at: datetime | None = None) -> erase.Erased:
    sessions, people, _unreadable = expired(root, days, at)
    todo = erase.plan_sessions(root, sessions, store, cache_dir)
    done = erase.carry_out(root, todo, store, cache_dir, who, why=f"retention ({days} days)")
    try:
        for subject, n in people.items():
            if subject:
                erasures.carried_out(store, subject, who, done.erasure_id, n, 0, closes_requests=False)
    except SQLAlchemyError as exc:
        raise erase.EraseError(f"everything was deleted, but the erasure register could not be written: "
                               f"{reason(exc)}") from None
    return done
