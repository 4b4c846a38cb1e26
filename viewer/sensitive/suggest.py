"""Suggest sensitive flags for sessions, and store them once (status `suggested`, source = detector)."""

from __future__ import annotations

import logging
from pathlib import Path

from .config import Config, default_config
from .detect import session_findings
from .findings import Finding

log = logging.getLogger(__name__)
REVIEWER = "sensitive-suggest"


def suggest_session(session, config: Config | None = None, ocr: bool = False, workers: int | None = None,
                    cache_dir: Path | None = None) -> list[Finding]:
    """All findings for one loaded session, sorted by time; OCR on screenshots when asked (the words read
    kept in the session's OCR cache under `cache_dir`, for following values later)."""
    config = config or default_config()
    found = session_findings(session, config)
    if ocr:
        from .shots import screen_findings
        from .ocr_cache import OcrCache

        cache = OcrCache(cache_dir, session.session_id) if cache_dir is not None else None
        found += screen_findings(session, config, workers=workers, cache=cache)
    return sorted(found, key=lambda f: (f.t_start, f.t_end, f.category, f.detector))


def _flag_key(session_id: str, content_hash: str, detector: str, t0: float, t1: float, category: str) -> tuple:
    return (session_id, content_hash, detector, round(float(t0), 3), round(float(t1), 3), category)


def store_findings(store, session, findings: list[Finding]) -> int:
    """Add each finding as a suggested flag unless the same (session, content hash, detector, span,
    category) is there already, deleted or not (a rejected suggestion is not suggested again)."""
    existing = {_flag_key(r.session_id, r.content_hash, r.source, r.t_start, r.t_end, r.category)
                for r in store.find("flag", session.session_id, content_hash=session.content_hash,
                                    include_deleted=True)}
    added = 0
    for f in findings:
        key = _flag_key(session.session_id, session.content_hash, f.detector, f.t_start, f.t_end, f.category)
        if key in existing:
            continue
        store.add_flag(session.session_id, session.content_hash, reviewer=REVIEWER,
                       t_start=round(f.t_start, 3), t_end=round(f.t_end, 3), regions=f.region_objects(),
                       scope=f.scope,
                       category=f.category, status="suggested", source=f.detector,
                       note=f"suggested by {f.detector} ({f.confidence:.2f}) {f.preview}".strip())
        existing.add(key)
        added += 1
    return added


def session_dirs(paths: list[Path]) -> tuple[list[Path], list]:
    """Each path is a session directory or a dataset of them."""
    from viewer.trace.dataset import find_sessions

    out, problems = [], []
    for p in paths:
        found, probs = find_sessions(Path(p))
        out += found
        problems += probs
    return out, problems
