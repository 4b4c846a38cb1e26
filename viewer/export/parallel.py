"""An export's per-session work on an engine (viewer.engine: local worker processes or a Dask cluster).

Two steps, each in parallel per session:
1. (with follow) the flagged values followed on the workers (viewer.sensitive.follow_batch: every page of
   the session read through the OCR cache and the other places of each flag's value found); the coordinating
   process stores each session's derived flags as its task finishes;
2. `session_task` on the workers: the value under every accepted flag read back from the trace (with follow)
   and the session's redacted copy written (events, screenshots, video frames) into the export's hidden
   partial directory; its file hashes come back. Values never leave the worker.
The driver (viewer.export.dataset) writes the manifest, verifies every file against it, and only then renames
the directory into place. Workers never open the database; they need the dataset, the cache and the output
directory at the same paths (one machine, or a shared file system).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from viewer.sensitive.config import ExportKeep

SESSION_THREADS = 2  # copies, hashes and image redaction of one session release the GIL


@dataclass(frozen=True)
class ValuesOf:
    """Which flags' values a worker reads back before writing a session (plain data): the accepted flags and
    every live flag by id (the sources of derived ones), through the OCR cache under `cache_dir`."""
    accepted: list
    sources: dict
    cache_dir: str | None


def session_task(src: str, dst: str, flags: list, key: bytes, keep: ExportKeep, values_of: ValuesOf | None
                 ) -> tuple[dict, dict[str, str]]:
    """One session's redacted copy written whole at `dst`: (what was applied and stripped, {path: sha256}).
    With `values_of`, text fields are redacted value by value (the values are read here, on the worker)."""
    from .session import export_session

    values = None
    if values_of is not None:
        from .follow_step import load, values_by_flag

        cache = Path(values_of.cache_dir) if values_of.cache_dir else None
        values = values_by_flag(load(Path(src), cache), values_of.accepted, cache, values_of.sources)
    with ThreadPoolExecutor(SESSION_THREADS) as pool:
        info, hashes, jobs = export_session(Path(src), Path(dst), flags, key, pool, keep, values)
        for job in jobs:
            hashes.update(job.result())
    return info, hashes
