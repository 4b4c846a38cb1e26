"""verify-export's value check: every applied flag's value is read back from the source session (never from
the export or the database) and searched, tolerantly, in what left: the exported events' text fields
(window titles, `text` events, markers), the exported manifest's task instructions, and the OCR text of the
exported screenshots and video frames on screen during the flag's pixel spans. A problem names the file and
the flag (id and category), never the value."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import orjson

from viewer.review.fields import TEXT_PLACES
from viewer.sensitive import match
from viewer.sensitive.ocr import OcrUnavailable
from viewer.sensitive.ocr_cache import OcrCache
from viewer.sensitive.pages import Page
from viewer.trace.schema import MANIFEST_FILE

from .base import PIXEL_SCOPES, ExportError, scope, span
from .events import read_events_frame
from .follow_step import load, values_by_flag
from .pixels import screenshots_to_redact

FIELDS = {"focus": ("title", "window title"), "text": ("text", "text event"), "marker": ("label", "marker")}


@dataclass(frozen=True)
class _Summary:
    """An applied flag as the manifest describes it (when the database does not have it)."""

    id: str
    version: int
    data: dict = field(default_factory=dict)

    @property
    def deleted(self) -> bool:
        return False


def _flags(info: dict, store) -> tuple[list, dict]:
    """(applied flags as records where the store has them, every record of the session by id)."""
    by_id = {}
    if store is not None:
        sid = info.get("session_id")
        by_id = {f.id: f for f in store.find("flag", sid, include_deleted=True)} if sid else {}
    out = []
    for s in info.get("flags") or []:
        rec = by_id.get(s["id"])
        if rec is None:
            rec = _Summary(s["id"], s.get("version", 1), {**s, "category": "flag", "regions": []})
        out.append(rec)
    return out, by_id


def _category(flag) -> str:
    return str(flag.data.get("category") or "flag")


def _rejected_places(by_id: dict) -> set[tuple[str, str, float]]:
    """(source id, place, t) of derived text places a reviewer rejected: left in the export on purpose."""
    return {(f.data["derived_from"], f.data.get("place"), round(float(f.data["t_start"]), 3))
            for f in by_id.values() if f.data.get("derived_from") and f.data.get("status") == "rejected"
            and f.data.get("place") in TEXT_PLACES and not f.deleted}


def _text_problems(out: Path, session_dir: Path, flags, values, rejected) -> list[str]:
    problems = []
    events_path = next((session_dir / n for n in ("events.jsonl", "events.parquet") if (session_dir / n).is_file()),
                       None)
    rows = []
    if events_path is not None:
        frame = read_events_frame(events_path)
        cols = [c for c in ("t", "type", "title", "text", "label") if c in frame.columns]
        rows = frame.select(cols).to_dicts()
    rel = events_path.relative_to(out).as_posix() if events_path is not None else ""
    for f in flags:
        vals = values.get(f.id) or []
        if not vals:
            continue
        source = f.data.get("derived_from") or f.id
        hits = set()
        for e in rows:
            col, what = FIELDS.get(e.get("type"), (None, None))
            text = e.get(col) if col else None
            if not isinstance(text, str):
                continue
            place = {"title": "title", "text": "text", "label": "marker"}[col]
            if (source, place, round(float(e["t"]), 3)) in rejected:
                continue
            if any(match.find_raw(v.folded, match.fold(text).text, 1) for v in vals):
                hits.add(what)
        problems += [f"{rel}: flag {source} ({_category(f)}): its value can still be read in a {what}"
                     for what in sorted(hits)]
        manifest = orjson.loads((session_dir / MANIFEST_FILE).read_bytes())
        for task in manifest.get("tasks") or []:
            text = task.get("instruction") if isinstance(task, dict) else None
            if isinstance(text, str) and any(match.find_raw(v.folded, match.fold(text).text, 1) for v in vals):
                problems.append(f"{(session_dir / MANIFEST_FILE).relative_to(out).as_posix()}: flag {source} "
                                f"({_category(f)}): its value can still be read in a task instruction")
                break
    return list(dict.fromkeys(problems))  # a value found once, not once per place it was derived at


def _shown(page_words, vals) -> bool:
    page = Page("screen", 0, 0.0, 0.0, page_words)
    page.index()
    return any(match.find_raw(v.folded, page.folded, 1) for v in vals)


def _pixel_problems(out: Path, session_dir: Path, flags, values, cache: OcrCache) -> list[str]:
    problems = []
    pixel = [f for f in flags if values.get(f.id) and scope(f) in PIXEL_SCOPES]
    if not pixel:
        return []
    path = next((session_dir / n for n in ("events.jsonl", "events.parquet") if (session_dir / n).is_file()), None)
    frame = read_events_frame(path)
    shots = frame.filter(frame["type"] == "screenshot").select(
        [c for c in ("t", "type", "file", "screen") if c in frame.columns]).to_dicts()
    for f in pixel:
        for file in sorted(screenshots_to_redact(shots, [f])):
            target = session_dir / file
            if not target.is_file():
                continue
            if _shown(cache.words_of_file(target), values[f.id]):
                source = f.data.get("derived_from") or f.id
                problems.append(f"{target.relative_to(out).as_posix()}: flag {source} ({_category(f)}): its value "
                                "can still be read on screen (OCR)")
    problems += _video_problems(out, session_dir, pixel, values, cache)
    return list(dict.fromkeys(problems))


def _video_problems(out: Path, session_dir: Path, flags, values, cache: OcrCache) -> list[str]:
    manifest = orjson.loads((session_dir / MANIFEST_FILE).read_bytes())
    video = (manifest.get("video") or {}).get("file")
    if not video or not (session_dir / video).is_file():
        return []
    import cv2
    from PIL import Image

    cap = cv2.VideoCapture(str(session_dir / video))
    fps = cap.get(cv2.CAP_PROP_FPS) or 10.0
    t0 = float((manifest.get("video") or {}).get("t0", 0.0))
    problems = []
    try:
        for f in flags:
            a, b = span(f)
            for t in sorted({a + 0.2 * (b - a), (a + b) / 2}):  # frames the flag's span shows
                cap.set(cv2.CAP_PROP_POS_FRAMES, max(0, round((t - t0) * fps)))
                ok, img = cap.read()
                if not ok:
                    continue
                words = cache.words_of_image(Image.fromarray(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)))
                if _shown(words, values[f.id]):
                    source = f.data.get("derived_from") or f.id
                    problems.append(f"{(session_dir / video).relative_to(out).as_posix()}: flag {source} "
                                    f"({_category(f)}): its value can still be read in a frame (OCR)")
                    break
    finally:
        cap.release()
    return problems


def source_values(sid: str, info: dict, data: Path, store, cache_dir: Path | None):
    """(source session, applied flags, every flag record by id, values by flag id) of an exported session, read
    back from its source under `data`; or why its values cannot be re-checked (a line naming the session)."""
    src = Path(data) / str(info.get("dir") or sid)
    try:
        session = load(src, cache_dir) if (src / MANIFEST_FILE).is_file() else None
    except ExportError:
        session = None
    if session is None or session.content_hash != info.get("source_content_hash"):
        why = "its source session is not in the dataset" if session is None else "its source changed since"
        return f"{sid}: values not re-checked: {why}"
    flags, by_id = _flags({**info, "session_id": session.session_id}, store)
    return session, flags, by_id, values_by_flag(session, flags, cache_dir, by_id)


def value_problems(out: Path, body: dict, data: Path, store, cache_dir: Path | None, strict: bool
                   ) -> tuple[list[str], list[str]]:
    """(problems, notes). A session whose source is not under `data` (or changed since) is a problem when
    `strict` (the caller named the dataset), else a note that its values were not re-checked."""
    problems, notes = [], []
    for sid, info in sorted((body.get("sessions") or {}).items()):
        read = source_values(sid, info, data, store, cache_dir)
        if isinstance(read, str):
            (problems if strict else notes).append(read)
            continue
        session, flags, by_id, values = read
        session_dir = out / str(info.get("dir") or sid)
        problems += _text_problems(out, session_dir, flags, values, _rejected_places(by_id))
        try:
            problems += _pixel_problems(out, session_dir, flags, values, OcrCache(cache_dir, session.session_id))
        except OcrUnavailable as exc:
            problems.append(f"{sid}: screens not re-checked: {exc}")
    return problems, notes
