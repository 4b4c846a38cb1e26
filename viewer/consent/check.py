"""Consent applied to sessions: a verdict per session, and `out_of_scope` flags for what a consent excludes.

The flags are whole-screen, scope `both`, accepted, source `consent`: the export removes them like any accepted
flag (events, screenshots, video frames). They are kept in step with the consent: recomputing replaces a
session's consent flags when the stretches changed (old ones deleted, audited), and leaves them alone when not.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from viewer.review.store import Store
from viewer.trace.dataset import find_sessions
from viewer.trace.problems import Problem, TraceError
from viewer.trace.session import Session, load_session

from . import records
from .scope import Coverage, Window, coverage, zone

SOURCE = "consent"
CATEGORY = "out_of_scope"


@dataclass(frozen=True)
class Verdict:
    session_id: str
    subject: str
    coverage: Coverage
    flags_added: int = 0
    flags_removed: int = 0


def windows(events: pd.DataFrame, duration: float) -> list[Window]:
    """The focused window over time, from focus events (unknown before the first one)."""
    focus = events[events["type"] == "focus"]
    times = focus["t"].astype(float).tolist()
    apps = [None if pd.isna(a) else str(a) for a in focus["app"]] if "app" in focus else [None] * len(times)
    titles = [None if pd.isna(t) else str(t) for t in focus["title"]] if "title" in focus else [None] * len(times)
    out, at, app, title = [], 0.0, None, None
    for t, a, ti in zip(times, apps, titles):
        if t > at:
            out.append(Window(at, t, app, title))
        at, app, title = max(at, t), a, ti
    if duration > at or not out:
        out.append(Window(at, max(duration, at), app, title))
    return out


def started(session: Session) -> datetime:
    at = session.manifest.started_at
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def session_coverage(session: Session, history: list[records.ConsentRecord], purpose: str) -> Coverage:
    """The verdict for the session under `purpose`; when covered, `records` names the covering record's id."""
    start = started(session)
    day = start.astimezone(zone(session.manifest.timezone)).date()
    state = records.state(history, purpose, day)
    result = coverage(state.grant, state.withdrawn, start, session.duration, session.manifest.timezone,
                      windows(session.events, session.duration))
    if result.covered and state.record_id is not None:
        result = replace(result, records=(state.record_id,))
    return result


def sync_flags(store: Store, session: Session, result: Coverage, who: str) -> tuple[int, int]:
    """Make the session's live consent flags match the out-of-scope stretches; returns (added, removed)."""
    wanted = {(round(s.t_start, 3), round(s.t_end, 3)): s.reason for s in result.out_of_scope} \
        if result.covered else {}
    live = [f for f in store.flags(session.session_id, content_hash=session.content_hash)
            if f.data.get("source") == SOURCE]
    have = {(round(f.data["t_start"], 3), round(f.data["t_end"], 3)): f for f in live}
    stale = [f for span, f in have.items() if span not in wanted]
    new = [(span, why) for span, why in wanted.items() if span not in have]
    if not stale and not new:
        return 0, 0
    with store.transaction(who) as tx:
        for f in stale:
            tx.delete("flag", f.id, f.version)
        for (a, b), why in new:
            tx.add("flag", session.session_id, session.content_hash,
                   {"t_start": a, "t_end": b, "regions": [], "scope": "both", "category": CATEGORY,
                    "status": "accepted", "source": SOURCE, "note": why})
    return len(new), len(stale)


def check_session(store: Store, session: Session, purpose: str, who: str, *, write_flags: bool = True) -> Verdict:
    subject = session.manifest.user
    history = records.history(store, subject) if subject else []
    result = session_coverage(session, history, purpose)
    added = removed = 0
    if write_flags:
        added, removed = sync_flags(store, session, result, who)
    return Verdict(session.session_id, subject, result, added, removed)


def check_dataset(root: Path, store: Store, purpose: str, who: str, cache: Path | None,
                  *, write_flags: bool = True) -> tuple[list[Verdict], list[Problem]]:
    """A verdict for every loadable session under `root`; sessions that cannot be loaded come back as problems."""
    paths, problems = find_sessions(Path(root))
    verdicts = []
    for path in paths:
        try:
            session = load_session(path, cache)
        except TraceError as exc:
            problems.extend(exc.problems)
            continue
        verdicts.append(check_session(store, session, purpose, who, write_flags=write_flags))
    return verdicts, problems
