"""Scanning a dataset: one row per session, incremental, on local processes or a Dask cluster.

The per-session function (`scan_task`) is the same on every engine. A session is not read again
when the previous report (kept under VIEWER_CACHE, keyed by the dataset) has a row made with the
same thresholds whose files look untouched (size and mtime of the manifest and events, and of every
other file); when only their times changed, the worker hashes the manifest and events bytes
(viewer.trace.cache.content_hash) and, if the hash is the same, reuses the row without parsing.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from viewer import settings
from viewer.engine import local_cluster
from viewer.trace.cache import content_hash
from viewer.trace.dataset import find_sessions
from viewer.trace.manifest import read_manifest
from viewer.trace.problems import Problem, TraceError
from viewer.trace.schema import EVENTS_JSONL, EVENTS_PARQUET, MANIFEST_FILE
from viewer.trace.session import load_session

from .config import Thresholds
from .media import stat_signature
from .metrics import failed_row, session_row
from .report import without_annotations

QA_VERSION = "1"
TRACE_FILES = (MANIFEST_FILE, EVENTS_JSONL, EVENTS_PARQUET)
KEY_COLUMNS = ("dir", "files_sig", "media_sig", "qa_key", "content_hash")
Progress = Callable[[int, int], None]


def qa_key(th: Thresholds) -> str:
    return content_hash(f"{QA_VERSION}|{th.fingerprint()}".encode())


def hash_files(session_dir: Path) -> str:
    """The content hash the loader uses: manifest bytes + events bytes (empty when a file is missing)."""
    manifest = session_dir / MANIFEST_FILE
    events = next((session_dir / n for n in (EVENTS_JSONL, EVENTS_PARQUET) if (session_dir / n).is_file()), None)
    parts = []
    for path in (manifest, events):
        try:
            parts.append(path.read_bytes() if path else b"")
        except OSError:
            parts.append(b"")
    return content_hash(*parts)


def _unreadable(session_dir: Path, problems: list[Problem]) -> dict:
    manifest, _, _ = read_manifest(session_dir)
    codes = ["unreadable"] + [c for c in dict.fromkeys(p.code for p in problems if p.is_error)][:5]
    sid = manifest.session_id if manifest else session_dir.name
    return failed_row(session_dir, sid, codes, hash_files(session_dir))


def scan_session(session_dir: Path | str, thresholds: Thresholds | None = None,
                 cache_dir: Path | str | None = None) -> dict:
    """One report row; never raises for a bad session (its row says `unreadable` and why)."""
    session_dir = Path(session_dir)
    try:
        session = load_session(session_dir, Path(cache_dir) if cache_dir else None)
        row = session_row(session, thresholds)
    except TraceError as exc:
        row = _unreadable(session_dir, exc.problems)
    except Exception as exc:  # noqa: BLE001 - one session never stops a scan of thousands
        row = failed_row(session_dir, session_dir.name, ["scan-failed"])
        row["error"] = type(exc).__name__
    row["dir"] = session_dir.name
    return row


def scan_task(session_dir: str, thresholds: Thresholds, cache_dir: str | None, previous_hash: str | None,
              signatures: tuple[str, str]) -> dict:
    """What a worker runs for one session. With `previous_hash`, an unchanged trace returns a stub."""
    path = Path(session_dir)
    if previous_hash is not None and hash_files(path) == previous_hash:
        return {"dir": path.name, "_unchanged": True, "files_sig": signatures[0]}
    row = scan_session(path, thresholds, cache_dir)
    row["files_sig"], row["media_sig"] = signatures
    row["qa_key"] = qa_key(thresholds)
    row["scanned_at"] = pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds")
    return row


@dataclass
class ScanResult:
    report: pd.DataFrame
    scanned: int = 0  # sessions read and measured
    rehashed: int = 0  # touched but unchanged: hashed, not parsed
    reused: int = 0  # taken from the previous report without reading
    problems: list[Problem] = field(default_factory=list)  # about the dataset itself
    seconds: float = 0.0


def _signatures(session_dir: Path) -> tuple[str, str]:
    return (stat_signature(session_dir, only=TRACE_FILES),
            stat_signature(session_dir, skip=TRACE_FILES))


def _previous_rows(previous: pd.DataFrame | None, key: str) -> dict[str, dict]:
    if previous is None or not len(previous) or "dir" not in previous.columns:
        return {}
    prev = previous[previous.get("qa_key", pd.Series(dtype=str)) == key] if "qa_key" in previous else previous[:0]
    return {str(r["dir"]): without_annotations(r) for r in prev.to_dict("records")}


def plan(sessions: list[Path], previous: pd.DataFrame | None, th: Thresholds) -> tuple[list, dict, dict]:
    """(tasks, reused rows, previous rows): a task is (dir, previous hash or None, signatures)."""
    prev = _previous_rows(previous, qa_key(th))
    tasks, reused = [], {}
    for path in sessions:
        sigs = _signatures(path)
        old = prev.get(path.name)
        if old is not None and old.get("media_sig") == sigs[1]:
            if old.get("files_sig") == sigs[0]:
                reused[path.name] = old
                continue
            tasks.append((path, old.get("content_hash") or None, sigs))
            continue
        tasks.append((path, None, sigs))
    return tasks, reused, prev


def _threads_per_worker(workers: int, worker_threads: str | None) -> str:
    """Workers share the CPUs instead of each using all of them (VIEWER_QA_WORKER_THREADS overrides)."""
    return worker_threads or str(max(1, (os.cpu_count() or 1) // workers))


def scan_batch(batch: list[tuple[str, str | None, tuple[str, str]]], thresholds: Thresholds,
               cache_dir: str | None) -> list[dict]:
    """What a worker runs: several sessions per round trip, so small sessions do not pay one each."""
    return [scan_task(path, thresholds, cache_dir, prev, sigs) for path, prev, sigs in batch]


def _batches(tasks: list, workers: int, per_worker: int = 4) -> list[list]:
    """Tasks grouped by size (events bytes) into about `per_worker` batches per worker, biggest first, so the
    workers finish together and a batch of many small sessions costs one round trip."""
    sized = sorted(((_events_bytes(p), (str(p), prev, sigs)) for p, prev, sigs in tasks), key=lambda x: -x[0])
    goal = max(1, sum(size for size, _ in sized) // max(1, workers * per_worker))
    out, current, filled = [], [], 0
    for size, task in sized:
        current.append(task)
        filled += size
        if filled >= goal:
            out.append(current)
            current, filled = [], 0
    if current:
        out.append(current)
    return out


def _events_bytes(session_dir: Path) -> int:
    for name in (EVENTS_PARQUET, EVENTS_JSONL):
        try:
            return (Path(session_dir) / name).stat().st_size or 1
        except OSError:
            continue
    return 1


_POOLS: dict[tuple[int, str], object] = {}  # (workers, threads) -> a live ProcessPoolExecutor, reused


def _pool(workers: int, threads: str):
    """A pool of `workers` spawned processes, started once per process and reused by later scans (start-up,
    imports and polars' thread pool are paid once); shut down at exit.

    Spawned workers import the parent's __main__ module: start scans with more than one worker only from a
    main module that is safe to import (the command line); the app scans in its own process (workers=1)."""
    import atexit
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    key = (workers, threads)
    pool = _POOLS.get(key)
    if pool is None or getattr(pool, "_broken", False) or getattr(pool, "_shutdown_thread", False):
        # spawn: polars and pandas start threads, and forking a threaded process can deadlock; the thread cap
        # is set in each worker before it loads polars (the initializer's module imports nothing heavy)
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=settings.set_in_process,
                                   initargs=({"POLARS_MAX_THREADS": threads}, True))
        if not _POOLS:
            atexit.register(_shutdown_pools)
        _POOLS[key] = pool
    return pool


def _shutdown_pools() -> None:
    for pool in _POOLS.values():
        pool.shutdown(wait=False, cancel_futures=True)
    _POOLS.clear()


def _run_local(tasks: list, th: Thresholds, cache: str | None, workers: int | None, progress: Progress,
               worker_threads: str | None = None):
    workers = workers or min(os.cpu_count() or 1, 8)
    if workers <= 1 or len(tasks) <= 1:
        for i, (path, prev, sigs) in enumerate(tasks, 1):
            yield scan_task(str(path), th, cache, prev, sigs)
            progress(i, len(tasks))
        return
    from concurrent.futures import as_completed

    workers = min(workers, len(tasks))
    pool = _pool(workers, _threads_per_worker(workers, worker_threads))
    futures = [pool.submit(scan_batch, batch, th, cache) for batch in _batches(tasks, workers)]
    done = 0
    try:
        for future in as_completed(futures):
            for row in future.result():
                done += 1
                yield row
            progress(done, len(tasks))
    finally:
        for future in futures:  # stopped early (cancelled, or a failure): leave the pool for the next scan
            future.cancel()


def _run_dask(tasks: list, th: Thresholds, cache: str | None, workers: int | None, address: str | None,
              progress: Progress, worker_threads: str | None = None):
    from distributed import Client, as_completed

    cluster = None
    if address:
        client = Client(address, timeout="20s")
    else:
        n = workers or min(os.cpu_count() or 1, 8)
        threads = _threads_per_worker(n, worker_threads)
        cluster = local_cluster(n, {"POLARS_MAX_THREADS": threads})
        client = Client(cluster)
    try:
        if not tasks:
            return
        futures = client.map(scan_task, [str(p) for p, _, _ in tasks], [th] * len(tasks), [cache] * len(tasks),
                             [prev for _, prev, _ in tasks], [sigs for _, _, sigs in tasks], pure=False)
        for i, future in enumerate(as_completed(futures), 1):
            yield future.result()
            future.release()
            progress(i, len(tasks))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def scan_dataset(root: Path | str, thresholds: Thresholds | None = None, *, cache_dir: Path | str | None = None,
                 previous: pd.DataFrame | None = None, engine: str = "local", workers: int | None = None,
                 address: str | None = None, progress: Progress | None = None,
                 worker_threads: str | None = None) -> ScanResult:
    """Scan every session under `root`; rows of `previous` are reused for unchanged sessions.
    `worker_threads`: polars threads per worker (VIEWER_QA_WORKER_THREADS; default CPUs / workers)."""
    started = time.perf_counter()
    th = thresholds or Thresholds()
    sessions, problems = find_sessions(Path(root))
    tasks, reused, prev = plan(sessions, previous, th)
    cache = str(cache_dir) if cache_dir else None
    progress = progress or (lambda done, total: None)
    if engine == "dask":
        results = _run_dask(tasks, th, cache, workers, address, progress, worker_threads)
    elif engine == "local":
        results = _run_local(tasks, th, cache, workers, progress, worker_threads)
    else:
        raise ValueError(f"unknown engine '{engine}' (local or dask)")
    rows, rehashed, scanned = dict(reused), 0, 0
    for row in results:
        if row.pop("_unchanged", False):
            old = dict(prev[row["dir"]])
            old["files_sig"] = row["files_sig"]
            rows[row["dir"]] = old
            rehashed += 1
        else:
            rows[row["dir"]] = row
            scanned += 1
    ordered = [rows[p.name] for p in sessions if p.name in rows]
    report = to_frame(ordered)
    return ScanResult(report, scanned, rehashed, len(reused), problems, time.perf_counter() - started)


def to_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    if not len(frame):
        frame = pd.DataFrame({"session_id": pd.Series(dtype=str), "dir": pd.Series(dtype=str),
                              "problems": pd.Series(dtype=object), "problem_count": pd.Series(dtype=int)})
    for col in ("problems",):
        frame[col] = frame[col].map(lambda v: list(v) if isinstance(v, (list, tuple)) or hasattr(v, "tolist")
                                    else [] if v is None or (isinstance(v, float) and math.isnan(v)) else str(v).split())
    if "readable" in frame:
        frame["readable"] = frame["readable"].fillna(False).astype(bool)
    first = [c for c in LEADING if c in frame.columns]
    return frame[first + [c for c in frame.columns if c not in first]]


LEADING = ("session_id", "dir", "readable", "problems", "problem_count", "first_problem", "first_problem_t",
           "problem_t", "duration_s", "events", "events_per_s", "idle_fraction")
