"""An export's per-session work on an engine (viewer.engine: local worker processes or a Dask cluster).

Three steps, the slow ones in parallel per session:
1. (with follow) `warm_task` on the workers: every page of the session (screenshots, video frames) read
   into the OCR cache, so following values afterwards reads no image;
2. in this process, session after session: derived flags brought up to date in the database and the
   accepted flags' values read back (viewer.export.follow_step; the cache makes it quick);
3. `session_task` on the workers: the session's redacted copy written (events, screenshots, video frames)
   into the export's hidden partial directory; its file hashes come back.
The driver (viewer.export.dataset) writes the manifest, verifies every file against it, and only then renames
the directory into place. Workers never open the database; they need the dataset, the cache and the output
directory at the same paths (one machine, or a shared file system).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from viewer.sensitive.config import ExportKeep

SESSION_THREADS = 2  # copies, hashes and image redaction of one session release the GIL


def warm_task(src: str, cache_dir: str | None) -> int:
    """Every page of one session read into the OCR cache; returns how many pages it has."""
    from viewer.sensitive.ocr_cache import OcrCache
    from viewer.sensitive.pages import session_pages
    from viewer.trace import TraceError, load_session

    if cache_dir is None:
        return 0
    try:
        session = load_session(Path(src), Path(cache_dir))
    except TraceError:
        return 0  # the follow step reports it, with the file and line
    return len(session_pages(session, OcrCache(Path(cache_dir), session.session_id)))


def session_task(src: str, dst: str, flags: list, key: bytes, keep: ExportKeep, values: dict | None
                 ) -> tuple[dict, dict[str, str]]:
    """One session's redacted copy written whole at `dst`: (what was applied and stripped, {path: sha256})."""
    from .session import export_session

    with ThreadPoolExecutor(SESSION_THREADS) as pool:
        info, hashes, jobs = export_session(Path(src), Path(dst), flags, key, pool, keep, values)
        for job in jobs:
            hashes.update(job.result())
    return info, hashes
