"""The follow step of an export: before a session is written, its derived flags are brought up to date
(viewer.sensitive.derived.sync_session, synchronously: screenshots without OCR text yet are read now, with
progress) and the value under every accepted flag is read back from the trace, so text fields can be
redacted value by value. Values stay in memory for the session being written; nothing is stored or logged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from viewer.sensitive import follow
from viewer.sensitive.derived import sync_session
from viewer.sensitive.ocr import OcrUnavailable
from viewer.sensitive.ocr_cache import OcrCache
from viewer.sensitive.typed import segments
from viewer.trace import TraceError, load_session

from .base import ExportError

# progress(done, total, what) while a session's screens are read
FollowProgress = Callable[[int, int, str], None]


def load(src: Path, cache_dir: Path | None):
    try:
        return load_session(src, cache_dir)
    except TraceError as exc:
        first = exc.problems[0] if exc.problems else f"{src}: cannot be loaded"
        raise ExportError(f"{first}") from None


def values_by_flag(session, flags, cache_dir: Path | None, sources: dict | None = None) -> dict[str, list]:
    """flag id -> the values it covers (a derived flag: its source's value with the same keyed hash).
    `sources`: flag id -> record, for the sources of derived flags (default: looked up among `flags`)."""
    cache = OcrCache(cache_dir, session.session_id)
    key = follow.follow_key(cache_dir) if cache_dir is not None else b"no-cache"
    segs = segments(session.events)
    by_id = {f.id: f for f in flags}
    by_id.update(sources or {})
    memo: dict[str, list] = {}

    def of(flag) -> list:
        if flag.id not in memo:
            memo[flag.id] = follow.flag_values(session, flag, cache, segs)
        return memo[flag.id]

    out: dict[str, list] = {}
    for f in flags:
        src_id = f.data.get("derived_from")
        if not src_id:
            out[f.id] = of(f)
            continue
        src = by_id.get(src_id)
        if src is not None:  # without a key (a manifest summary): every value of its source
            want = f.data.get("value_key")
            out[f.id] = [v for v in of(src) if not want or follow.value_key(key, v) == want]
    return {k: v for k, v in out.items() if v}


def follow_and_read(store, src: Path, cache_dir: Path | None, progress: FollowProgress | None = None
                    ) -> tuple[list, dict[str, list]]:
    """Sync the session's derived flags; (its accepted flags now, their values)."""
    session = load(src, cache_dir)
    try:
        sync_session(store, session, cache_dir, progress=progress)
    except OcrUnavailable as exc:
        raise ExportError(f"{src.name}: cannot follow flagged values on screen: {exc} (install Tesseract)") from None
    live = store.flags(session.session_id)
    accepted = [f for f in live if f.data.get("status") == "accepted"]
    sources = {f.id: f for f in live}
    return accepted, values_by_flag(session, accepted, cache_dir, sources)
