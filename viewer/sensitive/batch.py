"""Suggesting at dataset scale: one task per session on an engine (viewer.engine: local processes or Dask).

The seam is `suggest_task(session_path, options) -> (SessionResult, versions)`: what a worker runs for one
session. It loads the session, finds what `suggest` finds (OCR of changed screenshots through the OCR cache
under `options.cache_dir`, so a second pass never reads the same image twice), and, when something was found
on screen, reads the session's other pages into that cache too. Workers never open the database: the
coordinating process (`suggest_dataset`) stores each session's findings in one transaction; with OCR, the
values of what was found are then followed on the same engine, one task per session
(viewer.sensitive.follow_batch), and stored as each session's task finishes. A session is marked done in the
job state (`SuggestState`) only once its findings and their followed places are stored, so a run stopped
anywhere (Ctrl-C, cancel, a failure) leaves no session half-done and the next run does again exactly what was
not finished.

A job runs with one set of versions (OCR engine, detectors, configuration): the workers are asked first, and
a job whose workers disagree, or that needs OCR on a worker without it, stops before any work with a clear
message; every result is checked again against the job's versions.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import orjson

from viewer.trace.cache import content_hash

from .config import Config, default_config
from .findings import Finding
from .ocr import OcrUnavailable
from .suggest import REVIEWER, _flag_key, suggest_session
from .follow_batch import FollowItem, follow_sessions
from .versions import NO_OCR, VersionMismatch, agreed

DETECTORS_VERSION = "1"  # bump when a detector changes what it finds
STATE_FOLDER = "suggest-jobs"

@dataclass(frozen=True)
class SuggestOptions:
    """What every task of a job does; plain data (it travels to the workers)."""
    ocr: bool = False
    config: Config = field(default_factory=default_config)
    cache_dir: str | None = None  # the trace and OCR caches (VIEWER_CACHE), shared by the workers
    ocr_threads: int = 1  # Tesseract processes per worker at a time
    follow: bool = True  # read the pages of sessions with findings into the OCR cache, for following values
    chunk_shots: int = 400  # a session with more screenshot files has its OCR shared out in chunks this long

    def fingerprint(self) -> str:
        return content_hash(f"{self.ocr}|{self.follow}|{self.config!r}".encode())  # chunking changes nothing found


@dataclass
class SessionResult:
    """One session's result: its findings and what it took. `problems`: why it could not be read (else [])."""
    dir: str
    session_id: str | None = None
    content_hash: str | None = None
    findings: list[Finding] = field(default_factory=list)
    screenshots: int = 0
    problems: list = field(default_factory=list)


@lru_cache(maxsize=1)
def detectors_version() -> str:
    """The detectors' version and a hash of the name lists they ship with (their model): two workers with
    different lists installed report different versions."""
    from .entities import DATA

    digest = hashlib.sha256()
    for path in sorted(DATA.glob("*")):
        digest.update(path.name.encode() + b"\x00" + path.read_bytes())
    return f"{DETECTORS_VERSION}-{digest.hexdigest()[:12]}"


def worker_versions(options: SuggestOptions) -> dict[str, str]:
    """What decides a task's result besides its session: the OCR engine (with OCR), detectors and options."""
    from .ocr_cache import engine_version

    return {"ocr": engine_version() if options.ocr else "-", "detectors": detectors_version(),
            "options": options.fingerprint()}


def suggest_task(session_path: str, options: SuggestOptions) -> tuple[SessionResult, dict[str, str]]:
    """What a worker runs for one session (see the module docstring). Raises OcrUnavailable when OCR is asked
    for and this worker cannot run it; a session that cannot be loaded comes back with its problems."""
    from viewer.trace import TraceError, load_session

    versions = worker_versions(options)
    if options.ocr and versions["ocr"] == "none":
        raise OcrUnavailable(NO_OCR)
    path = Path(session_path)
    cache = Path(options.cache_dir) if options.cache_dir else None
    try:
        session = load_session(path, cache)
    except TraceError as exc:
        return SessionResult(path.name, problems=list(exc.problems)), versions
    found = suggest_session(session, options.config, ocr=options.ocr, workers=options.ocr_threads,
                            cache_dir=cache)
    if options.ocr and options.follow and found and cache is not None:
        from .ocr_cache import OcrCache
        from .pages import session_pages

        session_pages(session, OcrCache(cache, session.session_id))
    return SessionResult(path.name, session.session_id, session.content_hash, found,
                         len(session.screenshots.files)), versions


def shot_files(session_dir: Path) -> int:
    """Screenshot files of a session (a directory listing, no decoding): how long its OCR will be."""
    folder = Path(session_dir) / "screenshots"
    try:
        return sum(1 for e in os.scandir(folder) if e.is_file())
    except OSError:
        return 0


def ocr_chunk_task(session_path: str, options: SuggestOptions, part: int, parts: int
                   ) -> tuple[int, dict[str, str]]:
    """One chunk of a long session's screenshots read into its OCR cache (the changed ones, comparing each
    with the previous one of its screen inside the chunk), so that the session's own task then finds them
    cached. Returns (screenshots read, versions)."""
    from PIL import Image

    from viewer.trace import TraceError, load_session

    from viewer.trace.paths import require_inside

    from .ocr import changed, signature
    from .ocr_cache import OcrCache

    versions = worker_versions(options)
    if versions["ocr"] == "none":
        raise OcrUnavailable(NO_OCR)
    cache_dir = Path(options.cache_dir) if options.cache_dir else None
    try:
        session = load_session(Path(session_path), cache_dir)
    except TraceError:
        return 0, versions  # the session's own task reports it
    idx = session.screenshots
    n = len(idx.files)
    cache = OcrCache(cache_dir, session.session_id)
    last: dict[int, object] = {}
    for i in range(part * n // parts, (part + 1) * n // parts):
        screen = int(idx.screens[i])
        try:
            path = require_inside(session.path, str(idx.files[i]))
            with Image.open(path) as im:
                sig = signature(im)
        except (OSError, ValueError):
            continue
        if changed(last.get(screen), sig):
            last[screen] = sig
            cache.words_of_file(path)
    return cache.reads, versions


def store_session(store, session_id: str, content_hash_: str, findings: list[Finding]) -> int:
    """The findings of one session stored as suggested flags in one transaction (all or none); a finding
    already there, deleted or not, is not added again (as suggest.store_findings). Returns how many were added."""
    existing = {_flag_key(r.session_id, r.content_hash, r.source, r.t_start, r.t_end, r.category)
                for r in store.find("flag", session_id, content_hash=content_hash_, include_deleted=True)}
    added = 0
    with store.transaction(REVIEWER) as tx:
        for f in findings:
            key = _flag_key(session_id, content_hash_, f.detector, f.t_start, f.t_end, f.category)
            if key in existing:
                continue
            tx.add("flag", session_id, content_hash_, {
                "t_start": round(f.t_start, 3), "t_end": round(f.t_end, 3), "regions": f.region_objects(),
                "scope": f.scope, "category": f.category, "status": "suggested", "source": f.detector,
                "note": f"suggested by {f.detector} ({f.confidence:.2f}) {f.preview}".strip()})
            existing.add(key)
            added += 1
    return added


class SuggestState:
    """Which sessions a job finished, kept under the cache (one file per dataset and database, named by a
    hash): session directory name -> the session's file signature and the job's versions key."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.done: dict[str, str] = {}
        if path is not None and path.is_file():
            try:
                self.done = dict(orjson.loads(path.read_bytes()))
            except (OSError, orjson.JSONDecodeError, TypeError, ValueError):
                self.done = {}  # damaged: everything is done again (storing is idempotent)

    @staticmethod
    def for_job(cache_dir: Path | None, dataset: Path, db_url: str) -> SuggestState:
        if cache_dir is None:
            return SuggestState(None)
        name = content_hash(f"{Path(dataset).resolve()}|{db_url}".encode())
        return SuggestState(Path(cache_dir) / STATE_FOLDER / f"{name}.json")

    def is_done(self, name: str, mark: str) -> bool:
        return self.done.get(name) == mark

    def mark(self, name: str, mark: str) -> None:
        self.done[name] = mark

    def save(self) -> None:
        if self.path is not None:
            from .ocr_cache import write_private

            write_private(self.path, orjson.dumps(self.done))


def session_bytes(session_dir: Path) -> int:
    """The size of a session's files (screenshots and video dominate): a task's likely cost."""
    total = 0
    for folder, _, names in os.walk(session_dir):
        for name in names:
            try:
                total += os.stat(os.path.join(folder, name)).st_size
            except OSError:
                pass
    return total


def session_mark(session_dir: Path, key: str) -> str:
    """Names, sizes and times of every file of the session, with the job's versions key."""
    from viewer.quality.media import stat_signature

    return f"{stat_signature(Path(session_dir))}:{key}"


@dataclass
class BatchProgress:
    """What a running job has done; `rate` in screenshots per second, `eta_s` from the sessions' pace."""
    sessions_done: int = 0
    sessions_total: int = 0
    skipped: int = 0  # unchanged since the last run: not read again
    screenshots: int = 0
    findings: int = 0
    added: int = 0
    derived: int = 0
    to_follow: int = 0  # sessions whose findings' values are followed once every session is read
    followed: int = 0
    started: float = field(default_factory=time.perf_counter)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    @property
    def rate(self) -> float:
        return self.screenshots / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta_s(self) -> float | None:
        done = self.sessions_done - self.skipped
        left = self.sessions_total - self.sessions_done
        return None if done <= 0 else self.elapsed / done * left


@dataclass
class BatchResult:
    progress: BatchProgress
    problems: list = field(default_factory=list)  # sessions that could not be loaded
    results: list[SessionResult] = field(default_factory=list)  # with keep_results
    versions: dict[str, str] = field(default_factory=dict)


def job_versions(engine, options: SuggestOptions) -> dict[str, str]:
    """The versions every worker reports; VersionMismatch when they differ, OcrUnavailable without OCR."""
    return agreed(engine.everywhere(worker_versions, options), options.ocr)


def suggest_dataset(dirs: list[Path], options: SuggestOptions, engine, store=None, *,
                    state: SuggestState | None = None, progress: Callable[[BatchProgress], None] | None = None,
                    cancel: threading.Event | None = None, keep_results: bool = False) -> BatchResult:
    """Suggest for every session in `dirs` on `engine` (an open viewer.engine.Engine). With a `store`, each
    session's findings are stored (one transaction) and, with OCR, their values followed; with a `state`,
    sessions unchanged since they were done under the same versions are skipped and each finished session
    is marked. Raises Cancelled (viewer.engine) when `cancel` is set, OcrUnavailable, VersionMismatch, or
    EngineError; what finished before stays stored and marked."""
    versions = job_versions(engine, options)
    key = content_hash(orjson.dumps(versions, option=orjson.OPT_SORT_KEYS))
    state = state or SuggestState(None)
    track = BatchProgress(sessions_total=len(dirs))
    marks, todo = {}, []
    for d in dirs:
        marks[d.name] = session_mark(d, key)
        if store is not None and state.is_done(d.name, marks[d.name]):
            track.skipped += 1
            track.sessions_done += 1
        else:
            todo.append(d)
    todo.sort(key=session_bytes, reverse=True)  # the biggest first: no long session left alone at the end
    report = progress or (lambda p: None)
    report(track)
    out = BatchResult(track, versions=versions)
    if options.ocr:
        _read_long_sessions(engine, todo, options, versions, cancel)
    saver = _Saver(state)
    follow: list = []  # sessions whose findings' values are followed next (marked done once followed)
    running = engine.run(suggest_task, [(str(d), options) for d in todo], cancel)
    try:
        for i, (result, seen) in running:
            if seen != versions:
                raise VersionMismatch("a worker's versions changed during the job; one job uses one version")
            if _finish(store, result, options, out):
                follow.append(FollowItem(result.session_id, todo[i]))
            elif store is not None and not result.problems:
                state.mark(todo[i].name, marks[todo[i].name])
            track.sessions_done += 1
            saver.tick()
            if keep_results:
                out.results.append(result)
            report(track)
        running.close()
        if follow:
            _follow(engine, store, follow, options, marks, state, saver, track, report, cancel)
    finally:
        running.close()  # the workers' unfinished tasks are dropped now, not when the generator is collected
        if store is not None:
            state.save()
    return out


class _Saver:
    """The job state written every 10 s while a job runs (and at its end by the caller)."""

    def __init__(self, state: SuggestState) -> None:
        self.state, self.last = state, time.perf_counter()

    def tick(self) -> None:
        if time.perf_counter() - self.last > 10:
            self.state.save()
            self.last = time.perf_counter()


def _follow(engine, store, items: list, options: SuggestOptions, marks: dict, state: SuggestState, saver: _Saver,
            track: BatchProgress, report, cancel) -> None:
    """The stored findings' values followed on the engine, one task per session; each session marked done
    once its places are stored."""
    track.to_follow = len(items)
    report(track)

    def done(item: FollowItem, got) -> None:
        track.derived += got.added
        track.followed += 1
        state.mark(item.path.name, marks[item.path.name])
        saver.tick()
        report(track)

    cache = Path(options.cache_dir) if options.cache_dir else None
    follow_sessions(engine, store, items, cache, reviewer=REVIEWER, cancel=cancel, done=done)
    for item in items:  # those with nothing left to follow by now cost no task
        state.mark(item.path.name, marks[item.path.name])
    track.followed = track.to_follow


def _read_long_sessions(engine, todo: list[Path], options: SuggestOptions, versions: dict, cancel) -> None:
    """The screenshots of sessions longer than `options.chunk_shots` read into the OCR cache in chunks on
    every worker first (a long session would otherwise keep one worker busy while the others wait)."""
    chunks = []
    for d in todo:
        n = shot_files(d)
        if n > options.chunk_shots:
            parts = -(-n // options.chunk_shots)
            chunks += [(str(d), options, part, parts) for part in range(parts)]
    running = engine.run(ocr_chunk_task, chunks, cancel)
    try:
        for _, (_, seen) in running:
            if seen != versions:
                raise VersionMismatch("a worker's versions changed during the job; one job uses one version")
    finally:
        running.close()


def _finish(store, result: SessionResult, options: SuggestOptions, out: BatchResult) -> bool:
    """Store one session's findings (in the coordinating process); True when their values are to be followed."""
    track = out.progress
    track.screenshots += result.screenshots
    track.findings += len(result.findings)
    out.problems += result.problems
    if store is None or result.problems:
        return False
    track.added += store_session(store, result.session_id, result.content_hash, result.findings)
    if not options.ocr:
        return False
    from .derived import pending

    return pending(store, result.session_id, result.content_hash)
