"""The dataset driver: which sessions go out (review status, an optional chosen set), each one exported
into a hidden partial directory that is renamed into place only when everything, manifest included, is written."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .base import KEY_ENV, ExportError, accepted_by_session
from .follow_step import follow_and_read
from .manifest import write_manifest
from .session import export_session, session_id_of

COPY_THREADS = 2  # one per core: copies, hashes and image redaction release the GIL

# progress(sessions done, sessions in total, the session just finished or None at the start)
Progress = Callable[[int, int, str | None], None]


def session_dirs(dataset: Path) -> list[Path]:
    dataset = Path(dataset)
    if (dataset / "session.json").is_file():
        return [dataset]
    return sorted(p for p in dataset.iterdir() if p.is_dir() and (p / "session.json").is_file())


def review_statuses(store) -> dict[str, str]:
    """session id -> live review status (one query; a session without one is "unreviewed")."""
    return {r.session_id: r.data.get("status", "unreviewed") for r in store.find("review")}


def chosen_sessions(dataset: Path, store, statuses: Collection[str],
                    only: Collection[str] | None = None) -> list[tuple[str, Path]]:
    """(session id, directory) of the sessions to export, in directory order."""
    status_of = review_statuses(store)
    chosen = []
    for src in session_dirs(dataset):
        sid = session_id_of(src)
        if status_of.get(sid, "unreviewed") in statuses and (only is None or sid in only):
            chosen.append((sid, src))
    return chosen


def _finish(sid: str, name: str, hashes: dict[str, str], jobs) -> dict[str, str]:
    """Waits for a session's files; all its hashes keyed by path in the export."""
    for job in jobs:
        hashes.update(job.result())
    return {f"{name}/{rel}": h for rel, h in hashes.items()}


def export_dataset(dataset: Path, out: Path, store, key: bytes, statuses=("approved",),
                   only: Collection[str] | None = None, progress: Progress | None = None, *,
                   follow: bool = False, cache_dir: Path | None = None, follow_progress=None) -> dict:
    """Writes the redacted copy at `out` (which must not exist); returns the manifest. With `follow`, each
    session's flagged values are followed first (derived flags brought up to date, through the OCR cache
    under `cache_dir`; follow_progress(done, total, what) while screens are read) and text fields are
    redacted value by value."""
    out = Path(out)
    if out.exists():
        raise ExportError(f"{out}: already exists; choose a new output directory")
    if not key:
        raise ExportError(f"{KEY_ENV} is not set: a key is required to pseudonymise users")
    todo = chosen_sessions(dataset, store, statuses, only)
    flags = accepted_by_session(store)
    report = progress or (lambda done, total, sid: None)
    report(0, len(todo), None)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.partial-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        sessions, files = {}, {}
        with ThreadPoolExecutor(COPY_THREADS) as pool:
            pending = None  # the previous session's copies run while the next one is read and redacted
            for done, (sid, src) in enumerate(todo, 1):
                applied, values = flags.get(sid, []), None
                if follow:
                    applied, values = follow_and_read(store, src, cache_dir, follow_progress)
                info, hashes, jobs = export_session(src, tmp / src.name, applied, key, pool, values)
                sessions[sid] = {**info, "dir": src.name}
                if pending:
                    files.update(_finish(*pending))
                    report(done - 1, len(todo), pending[0])
                pending = (sid, src.name, hashes, jobs)
            if pending:
                files.update(_finish(*pending))
                report(len(todo), len(todo), pending[0])
        body = write_manifest(tmp, sessions, files)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return body
