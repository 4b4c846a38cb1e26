"""Export: approved sessions + their accepted flags -> a redacted dataset with a manifest of SHA-256 hashes."""

from __future__ import annotations

import bisect
import hashlib
import hmac
import os
import shutil
import uuid
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import cv2
import numpy as np
import orjson

from viewer.trace import load_session
from viewer.trace.paths import inside

MANIFEST = "manifest.json"
KEY_ENV = "VIEWER_EXPORT_KEY"
INPUT_TYPES = {"move", "down", "up", "click", "scroll", "key_down", "key_up", "key", "text"}
PRIVATE_KEYS = ("source_private", "source_metadata")
PRIVATE_DIRS = ("source",)


class ExportError(Exception):
    """Bad input for export/verify: the message is meant for the user."""


def tool_version() -> str:
    try:
        return version("trace-viewer")
    except PackageNotFoundError:
        return "unknown"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def pseudonym(user: str, key: bytes) -> str:
    return "u-" + hmac.new(key, str(user).encode(), hashlib.sha256).hexdigest()[:16]


def _spans(flags, scopes):
    return [(float(f.data["t_start"]), float(f.data["t_end"])) for f in flags if f.data.get("scope", "both") in scopes]


def _in_any(t: float, spans) -> bool:
    return any(a <= t <= b for a, b in spans)


def redact_events(events: list[dict], flags) -> tuple[list[dict], int, int]:
    """Drop input events inside an events/both span, replace focus titles there; (events, removed, titles)."""
    spans = _spans(flags, ("events", "both"))
    out, removed, titles = [], 0, 0
    for e in events:
        t = float(e.get("t", 0.0))
        if spans and _in_any(t, spans):
            if e.get("type") in INPUT_TYPES:
                removed += 1
                continue
            if e.get("type") == "focus" and "title" in e:
                e = {**e, "title": "[redacted]"}
                titles += 1
        out.append(e)
    return out, removed, titles


def _screens(manifest: dict) -> dict:
    return {int(s.get("id", i)): s for i, s in enumerate(manifest.get("screens") or [])}


def _boxes(regions, screen_id, width: int, height: int, sx: float = 1.0, ox: float = 0.0, oy: float = 0.0):
    """Pixel boxes (x0, y0, x1, y1) of a flag's regions on an image of that screen (whole frame when none usable)."""
    regions = regions or []
    if not regions:
        return [(0, 0, width, height)]
    boxes = []
    for r in regions:
        if isinstance(r, (list, tuple)):
            r = dict(zip(("x", "y", "w", "h"), r))
        if r.get("screen") is not None and screen_id is not None and int(r["screen"]) != int(screen_id):
            continue
        if not r.get("w") or not r.get("h"):
            return [(0, 0, width, height)]
        x0 = int(np.floor((float(r.get("x", 0)) + ox) * sx))
        y0 = int(np.floor((float(r.get("y", 0)) + oy) * sx))
        x1 = int(np.ceil((float(r.get("x", 0)) + ox + float(r["w"])) * sx))
        y1 = int(np.ceil((float(r.get("y", 0)) + oy + float(r["h"])) * sx))
        boxes.append((max(0, x0), max(0, y0), min(width, x1), min(height, y1)))
    return boxes


def _fill(img, boxes) -> None:
    for x0, y0, x1, y1 in boxes:
        if x1 > x0 and y1 > y0:
            img[y0:y1, x0:x1] = 0


def screenshots_to_redact(events: list[dict], flags) -> dict[str, list]:
    """file -> [(flag, screen)] for every screenshot on screen during a pixels/both span (incl. the one at t_start)."""
    per_screen: dict = {}
    for e in events:
        if e.get("type") == "screenshot" and e.get("file"):
            per_screen.setdefault(e.get("screen"), []).append((float(e["t"]), e["file"]))
    result: dict[str, list] = {}
    for f in flags:
        if f.data.get("scope", "both") not in ("pixels", "both"):
            continue
        a, b = float(f.data["t_start"]), float(f.data["t_end"])
        for screen, shots in per_screen.items():
            times = [t for t, _ in shots]
            first = max(0, bisect.bisect_right(times, a) - 1)
            for t, file in shots[first:]:
                if t > b:
                    break
                result.setdefault(file, []).append((f, screen))
    return result


def _redact_image(src: Path, dst: Path, hits) -> None:
    img = cv2.imread(str(src), cv2.IMREAD_UNCHANGED)
    if img is None:
        raise ExportError(f"{src}: cannot read image")
    h, w = img.shape[:2]
    for flag, screen in hits:
        _fill(img, _boxes(flag.data.get("regions"), screen, w, h))
    params = [cv2.IMWRITE_JPEG_QUALITY, 95] if src.suffix.lower() in (".jpg", ".jpeg") else []
    ok, buf = cv2.imencode(src.suffix.lower(), img, params)
    if not ok:
        raise ExportError(f"{src}: cannot encode image")
    dst.write_bytes(buf.tobytes())


def _redact_video(src: Path, dst: Path, manifest: dict, flags) -> int:
    """Re-encode with the flagged regions filled in frames inside pixel spans; returns frames touched."""
    t0 = float((manifest.get("video") or {}).get("t0", 0.0))
    screens = list(_screens(manifest).values())
    min_x = min((float(s.get("x", 0)) for s in screens), default=0.0)
    min_y = min((float(s.get("y", 0)) for s in screens), default=0.0)
    total_w = max((float(s.get("x", 0)) + float(s["width"]) for s in screens), default=0.0) - min_x
    cap = cv2.VideoCapture(str(src))
    fps = cap.get(cv2.CAP_PROP_FPS) or 10.0
    w, h = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
    scale = w / total_w if total_w else 1.0
    tmp = dst.with_name(dst.stem + ".tmp" + dst.suffix)
    writer = cv2.VideoWriter(str(tmp), cv2.VideoWriter_fourcc(*"mp4v"), fps, (w, h))
    touched, i = 0, 0
    pix = [f for f in flags if f.data.get("scope", "both") in ("pixels", "both")]
    try:
        while True:
            ok, frame = cap.read()
            if not ok:
                break
            t = t0 + i / fps
            hit = False
            for f in pix:
                if float(f.data["t_start"]) <= t <= float(f.data["t_end"]):
                    hit = True
                    regions = f.data.get("regions") or []
                    if not regions:
                        _fill(frame, [(0, 0, w, h)])
                        continue
                    for r in regions:
                        r = dict(zip(("x", "y", "w", "h"), r)) if isinstance(r, (list, tuple)) else r
                        s = _screens(manifest).get(int(r.get("screen") or 0), {})
                        ox, oy = float(s.get("x", 0)) - min_x, float(s.get("y", 0)) - min_y
                        _fill(frame, _boxes([{**r, "screen": None}], None, w, h, scale, ox, oy))
            touched += hit
            writer.write(frame)
            i += 1
    finally:
        cap.release()
        writer.release()
    os.replace(tmp, dst)
    return touched


def _session_dirs(dataset: Path) -> list[Path]:
    dataset = Path(dataset)
    if (dataset / "session.json").is_file():
        return [dataset]
    return sorted(p for p in dataset.iterdir() if p.is_dir() and (p / "session.json").is_file())


def _accepted(store, session_id: str):
    return [f for f in store.flags(session_id) if f.data.get("status") == "accepted" and not f.deleted]


def export_session(src: Path, dst: Path, flags, key: bytes) -> dict:
    session = load_session(src)
    manifest = orjson.loads((src / "session.json").read_bytes())
    for k in PRIVATE_KEYS:
        manifest.pop(k, None)
    if "user" in manifest:
        manifest["user"] = pseudonym(manifest["user"], key)
    events_path = src / "events.jsonl"
    if not events_path.is_file():
        raise ExportError(f"{src}: only events.jsonl sessions can be exported so far")
    events = [orjson.loads(line) for line in events_path.read_bytes().splitlines() if line.strip()]
    kept, removed, titles = redact_events(events, flags)
    to_redact = screenshots_to_redact(events, flags)
    dst.mkdir(parents=True)
    (dst / "session.json").write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n")
    with open(dst / "events.jsonl", "wb") as out:
        for e in kept:
            out.write(orjson.dumps(e) + b"\n")
    video_file = (manifest.get("video") or {}).get("file")
    shots, frames = 0, 0
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src).as_posix()
        if path.is_dir() or rel in ("session.json", "events.jsonl") or rel.split("/")[0] in PRIVATE_DIRS:
            continue
        if inside(src, rel) is None:
            continue
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel in to_redact:
            _redact_image(path, target, to_redact[rel])
            shots += 1
        elif rel == video_file and _video_touched(manifest, flags):
            frames = _redact_video(path, target, manifest, flags)
        else:
            shutil.copyfile(path, target)
    return {
        "source_content_hash": session.content_hash,
        "events_removed": removed,
        "titles_redacted": titles,
        "screenshots_redacted": shots,
        "video_frames_redacted": frames,
        "flags": [{"id": f.id, "version": f.version, "scope": f.data.get("scope", "both"),
                   "t_start": float(f.data["t_start"]), "t_end": float(f.data["t_end"])} for f in flags],
    }


def _video_touched(manifest: dict, flags) -> bool:
    return any(f.data.get("scope", "both") in ("pixels", "both") for f in flags)


def export_dataset(dataset: Path, out: Path, store, key: bytes, statuses=("approved",)) -> dict:
    out = Path(out)
    if out.exists():
        raise ExportError(f"{out}: already exists; choose a new output directory")
    if not key:
        raise ExportError(f"{KEY_ENV} is not set: a key is required to pseudonymise users")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.partial-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        sessions = {}
        for src in _session_dirs(dataset):
            sid = orjson.loads((src / "session.json").read_bytes()).get("session_id") or src.name
            review = store.review(sid)
            status = review.data.get("status") if review else "unreviewed"
            if status not in statuses:
                continue
            sessions[sid] = export_session(src, tmp / src.name, _accepted(store, sid), key)
            sessions[sid]["dir"] = src.name
        files = {p.relative_to(tmp).as_posix(): sha256(p) for p in sorted(tmp.rglob("*")) if p.is_file()}
        body = {"format": "trace-export/1", "tool_version": tool_version(), "sessions": sessions, "files": files}
        (tmp / MANIFEST).write_bytes(orjson.dumps(body, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
        os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return body


def verify_export(out: Path, store=None) -> list[str]:
    """Problems found (empty = the export is intact and every accepted flag was applied)."""
    out = Path(out)
    try:
        body = orjson.loads((out / MANIFEST).read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        return [f"{out / MANIFEST}: cannot read manifest: {exc}"]
    problems = []
    files = body.get("files") or {}
    present = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {MANIFEST}
    for rel in sorted(files):
        if rel not in present:
            problems.append(f"{rel}: missing")
        elif sha256(out / rel) != files[rel]:
            problems.append(f"{rel}: hash mismatch (modified)")
    for rel in sorted(present - set(files)):
        problems.append(f"{rel}: extra file not in manifest")
    if store is not None:
        for sid, info in sorted((body.get("sessions") or {}).items()):
            applied = {(f["id"], f["version"]) for f in info.get("flags", [])}
            for f in _accepted(store, sid):
                if (f.id, f.version) not in applied:
                    problems.append(f"{sid}: accepted flag {f.id} (version {f.version}) was not applied")
    return problems
