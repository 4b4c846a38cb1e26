"""What every importer shares: the session being built, writing it atomically, sizes, times, extras."""

from __future__ import annotations

import hashlib
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import orjson

from ..trace.schema import CORE_FIELDS, SCREENSHOT_DIR
from ..trace.writer import session_dir, write_events, write_manifest
from .identity import Identity, scrub_manifest, scrub_value
from .report import ImportReport, SessionSummary

SIDE_DIR = "source"  # verbatim source material trace/1 has no field for (may hold sensitive content)
VIDEO_FILE_SUFFIXES = (".mp4", ".webm", ".mkv", ".mov", ".flv", ".avi")
UNKNOWN = "unknown"
T_DECIMALS = 6  # t kept to the microsecond: rounding to ms made source events 0.6 ms apart identical
PLACEHOLDER_START = "1970-01-01T00:00:00Z"  # started_at when the source has no wall clock (said in "clock")

FileSource = Path | bytes | Callable[[], bytes | None]


@dataclass
class Built:
    """One session an importer has read, not yet written: manifest, events and files to place in it."""

    session_id: str
    source: str
    manifest: dict
    events: list[dict] = field(default_factory=list)
    files: list[tuple[str, FileSource]] = field(default_factory=list)  # (relative path, content)
    identity: Identity = field(default_factory=Identity)  # the recorded person, scrubbed on writing

    def add_file(self, rel: str, content: FileSource) -> None:
        self.files.append((rel, content))


def safe_id(name: str) -> str:
    """A session id as trace/1 wants it: letters, digits, '.', '_', '-', starting with a letter or digit.

    At most 120 characters, leaving room for the "-2" of a repeated name.
    """
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name).lstrip("._-")[:120].rstrip("._-")
    return cleaned or "session"


def pseudonym(*parts) -> str:
    """A stable pseudonymous user id from identifying values (host name, machine id...)."""
    text = "|".join(str(p) for p in parts if p not in (None, ""))
    return "user-" + hashlib.sha256(text.encode()).hexdigest()[:12] if text else UNKNOWN


def iso_utc(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def extra_value(value):
    """A value fit to be an extra field on an event: scalars as they are, lists/objects as JSON text."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return orjson.dumps(value, default=str).decode()


def extras(row: dict, consumed: Iterable[str]) -> dict:
    """The fields of a source row not mapped to trace/1 fields, kept as extra fields (never lost).

    A source field whose name is a trace/1 field gets a `src_` prefix so it cannot be mistaken for it.
    """
    skip = set(consumed)
    out = {}
    for key, value in row.items():
        if key in skip or value is None:
            continue
        out[f"src_{key}" if key in CORE_FIELDS or key == "type" else key] = extra_value(value)
    return out


def os_name(system: str | None) -> str:
    s = (system or "").lower()
    if s.startswith(("darwin", "mac")):
        return "macOS"
    if s.startswith("win"):
        return "Windows"
    if s.startswith("linux"):
        return "Linux"
    return system or UNKNOWN


def image_size(path_or_bytes) -> tuple[int, int] | None:
    """(width, height) of an image file or bytes, or None if it cannot be read."""
    import io

    from PIL import Image

    try:
        src = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
        with Image.open(src) as im:
            return im.size
    except Exception:  # noqa: BLE001 - any unreadable image is just "size unknown"
        return None


def video_size(path: Path) -> tuple[int, int] | None:
    """(width, height) of a video's frames, or None if OpenCV cannot open it."""
    try:
        import cv2

        cap = cv2.VideoCapture(str(path))
        try:
            w, h = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
        finally:
            cap.release()
        return (w, h) if w > 0 and h > 0 else None
    except Exception:  # noqa: BLE001
        return None


def scale_between(logical: tuple[int, int] | None, pixels: tuple[int, int] | None):
    """(sx, sy) mapping logical coordinates to pixels, or None when the sizes do not give a sane factor."""
    if not logical or not pixels or min(*logical, *pixels) <= 0:
        return None
    sx, sy = pixels[0] / logical[0], pixels[1] / logical[1]
    if not (0.25 <= sx <= 4 and 0.25 <= sy <= 4):
        return None
    return sx, sy


def screen_entry(logical: tuple[int, int] | None, factors, pixels) -> dict:
    """A `screens[]` entry for coordinates already mapped to pixels (so `scale` is 1).

    The recorder's own factor (pixels per logical point) is kept as `source_scale`, and the logical
    size as `logical_width`/`logical_height`; `source_scale` is null when it could not be known.
    """
    lw, lh = logical or (None, None)
    width, height = pixels if factors and pixels else (lw, lh)
    entry = {"id": 0, "x": 0, "y": 0, "width": width, "height": height, "scale": 1.0,
             "logical_width": lw, "logical_height": lh}
    if factors:
        sx, sy = factors
        entry["source_scale"] = round(sx, 4) if abs(sx - sy) < 0.01 else [round(sx, 4), round(sy, 4)]
    else:
        entry["source_scale"] = None
    return entry


def inferred_screen(events: list[dict]) -> dict:
    """A screen entry sized by the pointer's extent, for sources that do not state their screen size."""
    xs = [e["x"] for e in events if "x" in e] or [0]
    ys = [e["y"] for e in events if "y" in e] or [0]
    return {"id": 0, "x": 0, "y": 0, "width": max(1, max(xs) + 1), "height": max(1, max(ys) + 1),
            "scale": 1.0, "size_inferred": True}


def coords_kind(factors, system: str | None) -> str:
    """The manifest's `coords`: "pixels" once mapped; "points" for macOS positions left unmapped."""
    return "points" if factors is None and os_name(system) == "macOS" else "pixels"


def write_built(built: Built, dest_root: Path, report: ImportReport, src_path,
                events_format: str = "parquet") -> Path | None:
    """Write one session under `dest_root` atomically (events as `events.<events_format>`); report (not raise)
    when that is impossible."""
    dest = Path(dest_root) / built.session_id
    _scrub(built)
    if dest.exists():
        report.warn(src_path, 0, "exists", f"{dest} already exists; left as it is (not overwritten)")
        report.existing.append(dest)
        return None
    try:
        with session_dir(dest) as tmp:
            _write_files(tmp, built.files)
            write_events(tmp, built.events, T_DECIMALS, events_format)
            write_manifest(tmp, built.manifest)
    except OSError as exc:
        report.add(src_path, 0, "write-failed", f"{dest}: {exc}")
        return None
    counts = Counter(e["type"] for e in built.events)
    recorder = built.manifest.get("recorder", {}).get("name", built.source)
    report.sessions.append(SessionSummary(dest, built.source, recorder, dict(counts)))
    return dest


def _scrub(built: Built) -> None:
    """The person's identifiers out of events, manifest and file names (`user` and the unexported provenance
    keep them)."""
    identity = built.identity
    if identity.pattern is None:
        return
    built.manifest = scrub_manifest(built.manifest, identity)
    built.files = [(identity.scrub(rel), content) for rel, content in built.files]
    built.events = [{k: scrub_value(v, identity) if isinstance(v, (str, list, dict)) else v for k, v in e.items()}
                    for e in built.events]


def _write_files(root: Path, files: list[tuple[str, FileSource]]) -> None:
    for rel, content in files:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, target)
            continue
        data = content() if callable(content) else content
        if data is not None:
            target.write_bytes(data)


def screenshot_rel(index: int, suffix: str) -> str:
    return f"{SCREENSHOT_DIR}/{index:06d}{suffix}"


def image_suffix(data: bytes) -> str:
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return ".png"
    if data[:3] == b"\xff\xd8\xff":
        return ".jpg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    return ".png"


def unique_ids(builts_ids: set[str], session_id: str) -> str:
    """`session_id`, or `session_id-2`, `-3`... if an earlier session of this import already took it."""
    candidate, n = session_id, 1
    while candidate in builts_ids:
        n += 1
        candidate = f"{session_id}-{n}"
    builts_ids.add(candidate)
    return candidate


_GENERATED_ID = re.compile(r"^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
                           r"|[0-9a-fA-F]{16,64})$")


def generated_id(value) -> str | None:
    """`value` when it is an id a tool generated (a UUID or a hex digest), else None.

    Such an id cannot hold a person's name or e-mail, so it may become a session id; anything else a
    source calls an id (a folder name, a user-given name) may, and is never used.
    """
    text = str(value).strip() if isinstance(value, (str, int)) else ""
    return text.lower() if _GENERATED_ID.match(text) else None


def content_id(prefix: str, *parts: bytes) -> str:
    """A session id from the bytes of a source: the same recording imports to the same id (and is then
    left as it is), and nothing of a person's identifiers can be read from it."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part)
    return f"{prefix}-{h.hexdigest()[:16]}"


def random_id(prefix: str) -> str:
    """A session id for a source that holds no generated id of its own."""
    import uuid

    return f"{prefix}-{uuid.uuid4().hex[:16]}"
