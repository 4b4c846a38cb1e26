"""Derived flags in the store: every other place of a flagged value, linked to its source flag.

sync_session(store, session, cache_dir) brings a session's derived flags up to date:
- each live accepted or suggested flag (not itself derived) whose current version was not followed yet has
  its value read back from the trace (follow.flag_values) and searched everywhere (follow.find_places);
- each place becomes a flag (source "follow", same category, `derived_from` = the source's id, `value_key` =
  a keyed hash of the value, `place`), accepted when its source is accepted, suggested when it is suggested;
- a derived flag that is found again keeps its row: one a reviewer rejected stays rejected; places no longer
  found, and every derived flag of a source deleted or rejected, are deleted (soft, audited).
Every change is an audited store write under the name `reviewer`. Nothing here stores or logs a value; a
derived flag's note names its source flag and its place only.

OCR: pages come through the session's OCR cache (VIEWER_CACHE); reading screenshots that are not cached yet
is the slow part, reported through `progress` (done, total, what) as it goes. sync_session runs in the
caller's thread (the command line synchronously, the app in a background thread); at dataset scale the
computation (compute_places, no database) runs per session on an engine's workers and the coordinating
process stores what comes back (apply_places; viewer.sensitive.follow_batch).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from viewer.db import reading
from viewer.review.follow_models import FollowState
from viewer.review.models import now

from . import follow
from .ocr_cache import OcrCache
from .pages import fields_path, session_pages
from .typed import segments

SOURCE = "follow"
REVIEWER = "value-follow"
FOLLOWED = ("accepted", "suggested")


@dataclass
class SyncResult:
    followed: int = 0  # source flags followed (again)
    added: int = 0
    kept: int = 0
    removed: int = 0
    ocr_reads: int = 0  # images that were not in the OCR cache


def followed_versions(store, session_id: str) -> dict[str, int]:
    with reading(store.engine) as s:
        rows = s.scalars(select(FollowState).where(FollowState.session_id == session_id))
        return {r.flag_id: r.flag_version for r in rows}


def is_derived(flag) -> bool:
    return bool(flag.data.get("derived_from"))


def _place_key(value_key: str, place: str, t0: float, t1: float, regions) -> tuple:
    boxes = tuple(tuple(round(float(r[k])) for k in ("screen", "x", "y", "w", "h")) if isinstance(r, dict)
                  else tuple(round(float(v)) for v in r) for r in regions or [])
    return (value_key, place, round(float(t0), 3), round(float(t1), 3), boxes)


def _wanted(src, places: list[follow.Place], keys: list[str]) -> dict[tuple, dict]:
    out = {}
    for p in places:
        regions = [{"screen": r[0], "x": r[1], "y": r[2], "w": r[3], "h": r[4]} for r in p.regions]
        fields = {"t_start": round(p.t_start, 3), "t_end": round(p.t_end, 3), "regions": regions,
                  "scope": p.scope, "category": src.data["category"], "source": SOURCE,
                  "note": f"same value as flag {src.id[:8]} ({p.place})", "derived_from": src.id,
                  "value_key": keys[p.value], "place": p.place}
        out[_place_key(keys[p.value], p.place, fields["t_start"], fields["t_end"], regions)] = fields
    return out


def _status(src_status: str, current: str | None) -> str:
    if current == "rejected":
        return "rejected"  # a reviewer's own decision on this place
    return src_status


def _plan(store, session_id: str, content_hash: str | None, force: bool = False) -> tuple[dict, list, list, list]:
    """(sources by id, derived flags, sources to follow, derived flags whose source is gone or rejected);
    `content_hash` None: the flags of every content hash of the session."""
    flags = store.flags(session_id, content_hash=content_hash)
    sources = {f.id: f for f in flags if not is_derived(f) and f.data.get("status") in FOLLOWED}
    derived = [f for f in flags if is_derived(f)]
    done = followed_versions(store, session_id)
    todo = [f for f in sources.values() if force or done.get(f.id) != f.version]
    orphans = [f for f in derived if f.data["derived_from"] not in sources]
    return sources, derived, todo, orphans


def pending(store, session_id: str, content_hash: str | None = None) -> bool:
    """True when some flag changed since its value was followed (two reads, no trace access); without a
    content hash, over every content hash the session's flags are kept under."""
    _, _, todo, orphans = _plan(store, session_id, content_hash)
    return bool(todo or orphans)


def to_follow(store, session_id: str) -> tuple[list, bool]:
    """(the session's source flags whose current version was not followed yet, whether some derived flag lost
    its source), over every content hash: what a worker's follow task (compute_places) is given."""
    _, _, todo, orphans = _plan(store, session_id, None)
    return todo, bool(orphans)


@dataclass
class Computed:
    """What following found in one session, without a value: per source flag id, the version followed and
    the derived flags wanted (place key -> fields). Plain data: it comes back from a worker."""
    content_hash: str
    wanted: dict[str, tuple[int, dict]]
    ocr_reads: int = 0


def compute_places(session, sources: list, cache_dir: Path | None, progress=None) -> Computed:
    """Every other place of each source flag's value in `session` (sources of another content hash are
    left out). Reads the trace and the OCR cache only; never the database."""
    todo = [f for f in sources if f.content_hash == session.content_hash]
    cache = OcrCache(cache_dir, session.session_id)  # the OCR cache is kept by the manifest's id (erasure)
    key = follow.follow_key(cache_dir) if cache_dir is not None else b"no-cache"
    segs = segments(session.events) if todo else []
    wanted: dict[str, tuple[int, dict]] = {}
    pages, fields = None, None
    for src in todo:
        values = follow.flag_values(session, src, cache, segs)
        places: list[follow.Place] = []
        if values:
            if pages is None:
                pages = session_pages(session, cache, progress)
                fields = follow.FieldBoxes(session, fields_path(session, cache))
            places = follow.find_places(session, src, values, pages, fields)
        wanted[src.id] = (src.version, _wanted(src, places, [follow.value_key(key, v) for v in values]))
    if fields is not None:
        fields.save()
    return Computed(session.content_hash, wanted, cache.reads)


def apply_places(store, session_id: str, computed: Computed, *, reviewer: str = REVIEWER) -> SyncResult:
    """Store what compute_places found, in one transaction: the session's flags are read again first, and a
    source that changed (or went) since it was followed is left for the next run (its follow state is not
    advanced); derived flags of sources gone or rejected are deleted."""
    sources, derived, _, orphans = _plan(store, session_id, computed.content_hash)
    result = SyncResult(ocr_reads=computed.ocr_reads)
    plans = [(sources[i], dict(w)) for i, (version, w) in computed.wanted.items()
             if i in sources and sources[i].version == version]
    if not plans and not orphans:
        return result
    with store.transaction(reviewer) as tx:
        for f in orphans:
            tx.delete("flag", f.id, f.version)
            result.removed += 1
        for src, wanted in plans:
            result.followed += 1
            count = len(wanted)
            mine = [f for f in derived if f.data["derived_from"] == src.id]
            for f in mine:
                k = _place_key(f.data.get("value_key") or "", f.data.get("place") or "", f.data["t_start"],
                               f.data["t_end"], f.data.get("regions"))
                if k not in wanted:
                    tx.delete("flag", f.id, f.version)
                    result.removed += 1
                    continue
                fields = wanted.pop(k)
                status = _status(src.data["status"], f.data.get("status"))
                if status != f.data.get("status") or fields["category"] != f.data.get("category"):
                    tx.update("flag", f.id, f.version, {"status": status, "category": fields["category"]})
                result.kept += 1
            for fields in wanted.values():
                tx.add("flag", session_id, computed.content_hash, {**fields, "status": src.data["status"]})
                result.added += 1
            tx.s.merge(FollowState(flag_id=src.id, session_id=session_id, flag_version=src.version,
                                   places=count, followed_at=now()))
        tx.s.flush()
    return result


def sync_session(store, session, cache_dir: Path | None, *, reviewer: str = REVIEWER, force: bool = False,
                 progress: Callable[[int, int, str], None] | None = None, session_id: str | None = None
                 ) -> SyncResult:
    """Bring the session's derived flags up to date in this process (see the module docstring); returns what
    changed. `session_id`: the id its annotations are kept under, when not the manifest's (the Replay page's
    name)."""
    sid = session_id or session.session_id
    _, _, todo, orphans = _plan(store, sid, session.content_hash, force)
    if not todo and not orphans:
        return SyncResult()
    return apply_places(store, sid, compute_places(session, todo, cache_dir, progress), reviewer=reviewer)


def places_of(flags, source_id: str) -> list:
    """The live derived flags of one source flag, in time order (for "+N places" and the list of places)."""
    return sorted((f for f in flags if f.data.get("derived_from") == source_id and not f.deleted),
                  key=lambda f: (f.data["t_start"], f.data["t_end"]))
