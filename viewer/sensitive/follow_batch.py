"""Following flagged values at dataset scale: one task per session on an engine (viewer.engine: local worker
processes or a Dask cluster), for `suggest --engine` and `export --engine`.

The seam is `follow_task(session_path, cache_dir, sources) -> Computed`: what a worker runs for one session.
It loads the session, reads its pages through the OCR cache (an image already read is never read again) and
finds every other place of each source flag's value (viewer.sensitive.derived.compute_places); what comes back
holds value keys, never a value. The coordinating process chooses the sessions and their source flags from the
database, and stores each session's result in one transaction (derived.apply_places) as it arrives: workers
never open the database, and a worker that dies mid-task only costs that task again (viewer.engine retries it;
nothing of it was stored).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .derived import REVIEWER, Computed, SyncResult, apply_places, compute_places, to_follow
from .versions import agreed, ocr_version

# progress(sessions done, sessions to follow, the session just followed or None at the start)
Progress = Callable[[int, int, str | None], None]


class SessionUnreadable(RuntimeError):
    """A session could not be loaded on a worker; the message is its first problem (`path:line: code: ...`)."""


@dataclass(frozen=True)
class FollowItem:
    """One session to follow: its id in the database and its directory."""
    session_id: str
    path: Path


def follow_task(session_path: str, cache_dir: str | None, sources: list) -> Computed:
    """What a worker runs for one session (see the module docstring). Raises SessionUnreadable when the
    session cannot be loaded, OcrUnavailable when its screens must be read and this worker cannot run Tesseract."""
    from viewer.trace import TraceError, load_session

    cache = Path(cache_dir) if cache_dir else None
    try:
        session = load_session(Path(session_path), cache)
    except TraceError as exc:  # its problems as text: a TraceError does not travel back from a worker whole
        raise SessionUnreadable(str(exc.problems[0]) if exc.problems else f"{session_path}: cannot be loaded"
                                ) from None
    return compute_places(session, sources, cache)


def job_ocr(engine) -> str:
    """The OCR engine every worker runs (one version for the job); OcrUnavailable when none has one,
    VersionMismatch (viewer.sensitive.versions) when they differ."""
    return agreed(engine.everywhere(ocr_version), ocr=True)["ocr"]


def follow_sessions(engine, store, items: list[FollowItem], cache_dir: Path | None, *, reviewer: str = REVIEWER,
                    progress: Progress | None = None, cancel: threading.Event | None = None,
                    done: Callable[[FollowItem, SyncResult], None] | None = None) -> SyncResult:
    """Bring the derived flags of every session in `items` up to date on `engine` (an open Engine); sessions
    with nothing to follow cost no task. Each session's places are stored as its task finishes, then
    `done(item, its result)` is called. Returns the totals. Raises what a task raised (SessionUnreadable,
    OcrUnavailable), Cancelled, EngineError or VersionMismatch; what was stored before stays stored."""
    todo = []
    for item in items:
        sources, orphans = to_follow(store, item.session_id)
        if sources or orphans:
            todo.append((item, sources))
    report = progress or (lambda n, total, sid: None)
    report(0, len(todo), None)
    total = SyncResult()
    if not todo:
        return total
    job_ocr(engine)
    tasks = [(str(item.path), str(cache_dir) if cache_dir else None, sources) for item, sources in todo]
    running = engine.run(follow_task, tasks, cancel)
    try:
        for n, (i, computed) in enumerate(running, 1):
            item = todo[i][0]
            got = apply_places(store, item.session_id, computed, reviewer=reviewer)
            for name in ("followed", "added", "kept", "removed", "ocr_reads"):
                setattr(total, name, getattr(total, name) + getattr(got, name))
            if done is not None:
                done(item, got)
            report(n, len(todo), item.session_id)
    finally:
        running.close()
    return total
