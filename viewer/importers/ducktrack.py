"""DuckTrack and AgentNet (OpenCUA) recordings -> trace/1.

A recording is a directory: `events.jsonl` (pynput events on a monotonic clock), `metadata.json`, an
OBS video, and for AgentNet `task_name.json`, `top_window.jsonl` and accessibility files.

Time: t = time_stamp - t_zero, where t_zero is the video start (AgentNet `video_start_timestamp`, else
OBS `OUTPUT_STARTED`) when the metadata gives it, else the first event; the earlier of the two if an event
precedes the video. `started_at` is metadata `start_time`, a local wall clock of 1 s precision: converted to
UTC with the metadata's `timezone` (an IANA name or a UTC offset) when it has one; else written as if it were
UTC (what readers of an offset-less time assume anyway), `timezone` "unknown", the clock note saying so and one
`local-time` warning at import (rather than a `naive-time` warning at every later validate).

Coordinates: logical points (macOS) are multiplied by the video's frame size / the metadata screen size
and rounded to pixels; without a video they stay as recorded (scale unknown, reported on macOS).
Times are written to the microsecond (T_DECIMALS), so events a fraction of a millisecond apart stay distinct
and in order. A pointer move that lands on the same microsecond and pixel as the move just before it (a
sub-pixel move in logical points) is merged into it, and the count reported as `merged-moves`; identical
source rows are kept as they are, so a recorder's real duplicates still show.
A display whose resolution changed mid-recording (pointer positions past the stated screen from some time on)
is mapped stretch by stretch into the stated screen (display_change.py); `display_changes` says when, to what
and where.
Scroll dx/dy are kept as recorded (what applications received); `scroll_direction` is DuckTrack's
replay correction for synthetic events and is kept in the manifest, not applied.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..trace.schema import VIDEO_SUFFIXES
from .common import (PLACEHOLDER_START, SIDE_DIR, T_DECIMALS, UNKNOWN, VIDEO_FILE_SUFFIXES, Built, coords_kind,
                     extras, inferred_screen, os_name, pseudonym, safe_id, scale_between, screen_entry, video_size)
from .display_change import display_change, map_stretch, shown_area
from .identity import IDENTITY_KEYS, Identity, content_id, find_identity, recording_uuid, session_id_for
from .jsonl import read_json, read_jsonl
from .keys import UNIDENTIFIED, w3c_button, w3c_key
from .report import ImportReport

EVENTS, METADATA, TASK, WINDOWS = "events.jsonl", "metadata.json", "task_name.json", "top_window.jsonl"
PRIVATE_KEYS = ("node", "id")  # host name and MAC-derived machine id: identifying
MAPPED_KEYS = ("system", "screen_width", "screen_height", "start_time")
POINTER = {"move", "click", "scroll"}
KEYS = {"press": "key_down", "release": "key_up"}
MARKERS = {"pause": "recording paused", "resume": "recording resumed"}
KNOWN = POINTER | set(KEYS) | set(MARKERS)


def is_recording(path: Path) -> bool:
    return path.is_dir() and (path / EVENTS).is_file() and (
        (path / METADATA).is_file() or _looks_like_events(path / EVENTS))


def _looks_like_events(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return b'"time_stamp"' in head and b'"action"' in head


def read(src: Path, report: ImportReport):
    built = build(src, report)
    if built is not None:
        yield built


def build(rec: Path, report: ImportReport) -> Built | None:
    meta = read_json(rec / METADATA, report, required=False) or {}
    if not isinstance(meta, dict):
        report.add(rec / METADATA, 0, "bad-metadata", "not a JSON object; ignored")
        meta = {}
    rows = list(read_jsonl(rec / EVENTS, report))
    windows = list(read_jsonl(rec / WINDOWS, report)) if (rec / WINDOWS).exists() else []
    times = [r["time_stamp"] for _, r in rows + windows if _is_number(r.get("time_stamp"))]
    if not times:
        report.add(rec / EVENTS, 0, "no-events", "no usable event; nothing imported")
        return None
    video, frame = _video(rec, meta, report)
    factors = _factors(rec, meta, frame, report)
    t_zero, video_start = _t_zero(meta, min(times))
    events = _events(rec / EVENTS, rows, t_zero, factors, report)
    events += _focus(rec / WINDOWS, windows, t_zero, report)
    if not events:
        report.add(rec / EVENTS, 0, "no-events", "no usable event; nothing imported")
        return None
    clock = (t_zero, video_start, min(times))
    return _built(rec, meta, events, clock, video, frame, factors, report)


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


# --- clock -------------------------------------------------------------------------------------

def _video_start(meta: dict) -> float | None:
    if _is_number(meta.get("video_start_timestamp")):
        return float(meta["video_start_timestamp"])
    timings = meta.get("obs_record_state_timings") or {}
    for state in ("OBS_WEBSOCKET_OUTPUT_STARTED", "OBS_WEBSOCKET_OUTPUT_STARTING"):
        values = timings.get(state) if isinstance(timings, dict) else None
        if isinstance(values, list) and values and _is_number(values[0]):
            return float(values[0])
    return None


def _t_zero(meta: dict, first: float) -> tuple[float, float | None]:
    start = _video_start(meta)
    return (first if start is None else min(start, first)), start


OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


def zone_of(value) -> tzinfo | None:
    """The time zone a recorder's metadata names: an IANA name ("Asia/Shanghai") or a UTC offset ("+08:00",
    "UTC+8"); None when it names none we can read."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.upper() in ("UTC", "GMT", "Z"):
        return UTC
    match = OFFSET.match(text)
    if match:
        sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
        delta = timedelta(hours=hours, minutes=minutes)
        return timezone(-delta if sign == "-" else delta) if delta <= timedelta(hours=14) else None
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _started_at(meta: dict, t_zero: float, video_start: float | None, first: float) -> str:
    """UTC start (`Z`), or the placeholder when the metadata has no start_time. Without a readable time zone
    the local wall clock is written as if it were UTC (the clock note and an import warning say so)."""
    try:
        wall = datetime.strptime(str(meta["start_time"]), "%Y-%m-%d %H:%M:%S")
    except (KeyError, ValueError):
        return PLACEHOLDER_START
    anchor = video_start if video_start is not None else first  # the moment start_time was taken
    local = (wall + timedelta(seconds=t_zero - anchor)).replace(tzinfo=zone_of(meta.get("timezone")) or UTC)
    return local.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# --- video and scale ---------------------------------------------------------------------------

def _video(rec: Path, meta: dict, report: ImportReport):
    found = sorted((p for p in rec.iterdir() if p.suffix.lower() in VIDEO_FILE_SUFFIXES and p.is_file()),
                   key=lambda p: -p.stat().st_size)
    if not found:
        if _video_start(meta) is not None:
            report.warn(rec, 0, "missing-video", "the metadata says a screen video was recorded, but no "
                        "video file is here; imported without video")
        return None, None
    if len(found) > 1:
        report.warn(rec, 0, "many-videos", f"{len(found)} videos; attached the largest, {found[0].name}")
    video = found[0]
    if video.suffix.lower() not in VIDEO_SUFFIXES:
        report.warn(video, 0, "video-format", f"{video.suffix} is not mp4/webm; kept under {SIDE_DIR}/ "
                    "and not attached")
    return video, video_size(video)


def _factors(rec: Path, meta: dict, frame, report: ImportReport):
    logical = _logical(meta)
    factors = scale_between(logical, frame)
    if frame and logical and factors is None:
        report.warn(rec, 0, "scale-unknown", f"video frame {frame} does not match screen {logical}; "
                    "coordinates kept in logical points")
    elif factors and abs(factors[0] - factors[1]) >= 0.01:
        report.warn(rec, 0, "video-aspect", f"video frame {frame} and screen {logical} differ in aspect; "
                    "x and y scaled separately")
    elif not frame and os_name(meta.get("system")) == "macOS":
        report.warn(rec, 0, "scale-unknown", "no video to measure the display scale; macOS coordinates "
                    "kept in logical points (scale 1 assumed)")
    return factors


def _logical(meta: dict) -> tuple[int, int] | None:
    w, h = meta.get("screen_width"), meta.get("screen_height")
    return (int(w), int(h)) if _is_number(w) and _is_number(h) else None


# --- events ------------------------------------------------------------------------------------

class BadRow(Exception):
    """A source row that cannot be imported: its problem code and message."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _events(path: Path, rows, t_zero: float, factors, report: ImportReport) -> list[dict]:
    out, last_row, merged = [], None, 0
    for line, row in rows:
        try:
            event = _event(row, t_zero, factors)
        except BadRow as bad:
            report.add(path, line, bad.code, f"{bad}; skipped")
            continue
        if out and row != last_row and _same_move(out[-1], event):
            merged += 1  # distinct in the source, identical once written: not a duplicate the recorder made
        else:
            out.append(event)
        last_row = row
        if row.get("action") not in KNOWN:
            report.warn(path, line, "unknown-action", f"action {row.get('action')!r} kept as a marker event")
    if merged:
        report.warn(path, 0, "merged-moves", f"{merged} pointer moves fell on the same microsecond and pixel "
                    "as the move before (the session keeps microseconds and whole pixels); merged into it")
    return out


def _same_move(a: dict, b: dict) -> bool:
    """Two move events that are identical once t is rounded as events.jsonl writes it."""
    return a["type"] == b["type"] == "move" and round(a["t"], T_DECIMALS) == round(b["t"], T_DECIMALS) \
        and {**a, "t": 0} == {**b, "t": 0}


def _event(row: dict, t_zero: float, factors) -> dict:
    ts, action = row.get("time_stamp"), row.get("action")
    if not _is_number(ts):
        raise BadRow("bad-event", "no numeric time_stamp")
    t = float(ts) - t_zero
    if action in POINTER:
        return _pointer(row, t, factors)
    if action in KEYS:
        return _key(row, t)
    label = MARKERS.get(action, f"ducktrack {action}")
    return {"t": t, "type": "marker", "label": label, **extras(row, ("time_stamp",))}


def _pointer(row: dict, t: float, factors) -> dict:
    x, y = row.get("x"), row.get("y")
    if not (_is_number(x) and _is_number(y)):
        raise BadRow("bad-event", f"{row.get('action')} without numeric x, y")
    sx, sy = factors or (1.0, 1.0)
    xy = {"x": round(x * sx), "y": round(y * sy)}
    action = row["action"]
    if action == "move":
        return {"t": t, "type": "move", **xy, **extras(row, ("time_stamp", "action", "x", "y"))}
    if action == "scroll":
        return _scroll(row, t, xy)
    return _click(row, t, xy)


def _scroll(row: dict, t: float, xy: dict) -> dict:
    dx, dy = row.get("dx", 0), row.get("dy", 0)
    if not (_is_number(dx) and _is_number(dy)):
        raise BadRow("bad-event", "scroll without numeric dx, dy")
    rest = extras(row, ("time_stamp", "action", "x", "y", "dx", "dy"))
    return {"t": t, "type": "scroll", **xy, "dx": dx, "dy": dy, **rest}


def _click(row: dict, t: float, xy: dict) -> dict:
    button = w3c_button(row.get("button"))
    pressed = row.get("pressed")
    rest = extras(row, ("time_stamp", "action", "x", "y", "button", "pressed"))
    if not isinstance(pressed, bool):
        raise BadRow("bad-event", "click without a boolean 'pressed'")
    if button is None:  # x1/x2 and other buttons trace/1 has no name for: kept, as a marker
        state = "down" if pressed else "up"
        return {"t": t, "type": "marker", **xy, "label": f"mouse button {row.get('button')} {state}",
                "src_button": row.get("button"), **rest}
    if row.get("button") != button:
        rest["src_button"] = row.get("button")
    return {"t": t, "type": "down" if pressed else "up", **xy, "button": button, **rest}


def _key(row: dict, t: float) -> dict:
    """AgentNet's `pynput_key` gives the typed character ("'A'"); `name` gives named keys ("shift")."""
    name, pynput_key = row.get("name"), row.get("pynput_key")
    char = w3c_key(pynput_key) if pynput_key else UNIDENTIFIED
    key = char if len(char) == 1 else w3c_key(name)
    if key == UNIDENTIFIED and char != UNIDENTIFIED:
        key = char
    rest = extras(row, ("time_stamp", "action", "name"))
    if name != key:
        rest["src_key"] = name
    return {"t": t, "type": KEYS[row["action"]], "key": key, **rest}


APP_KEYS = ("app_name", "app", "application", "top_window_name", "process_name")
TITLE_KEYS = ("window_title", "title", "window_name")


def _first(row: dict, keys: tuple[str, ...]) -> str | None:
    return next((k for k in keys if isinstance(row.get(k), str) and row[k]), None)


def _focus(path: Path, rows, t_zero: float, report: ImportReport) -> list[dict]:
    out = []
    for line, row in rows:
        app_key, title_key = _first(row, APP_KEYS), _first(row, TITLE_KEYS)
        if not _is_number(row.get("time_stamp")) or app_key is None:
            report.add(path, line, "bad-event", "window change without time_stamp or app name; skipped")
            continue
        event = {"t": float(row["time_stamp"]) - t_zero, "type": "focus", "app": row[app_key]}
        if title_key is not None:
            event["title"] = row[title_key]
        out.append({**event, **extras(row, ("time_stamp", app_key, title_key))})
    return out


# --- manifest ----------------------------------------------------------------------------------

def _recorder(rec: Path, meta: dict) -> str:
    agentnet = (rec / TASK).exists() or (rec / WINDOWS).exists() or "video_start_timestamp" in meta
    return "agentnet" if agentnet else "ducktrack"


def identity_of(rec: Path, meta: dict) -> Identity:
    """The recorder's user: metadata fields, else an e-mail in the folder's or its files' names."""
    names = [rec.name] + [p.relative_to(rec).as_posix() for p in sorted(rec.rglob("*"))]
    task = rec / TASK
    extra = [d for d in [read_json(task, ImportReport(), required=False)] if isinstance(d, dict)] \
        if task.is_file() else []
    return find_identity([meta, *extra], names)


def session_id_of(rec: Path, recorder: str, identity: Identity) -> str:
    """`<recorder>-<the folder's uuid>` (AgentNet folders end with one), else `<recorder>-<hash of the
    events file>`: never the folder's name, which may hold the recorder's e-mail or name."""
    uuid = recording_uuid(rec.name)
    fallback = f"{recorder}-{content_id(rec / EVENTS)}"
    return session_id_for(f"{recorder}-{uuid}" if uuid else None, identity, fallback)


def _built(rec, meta, events, clock, video, frame, factors, report) -> Built:
    t_zero, video_start, first = clock
    last = max(e["t"] for e in events)
    recorder = _recorder(rec, meta)
    identity = identity_of(rec, meta)
    manifest = {
        "session_id": session_id_of(rec, recorder, identity),
        "started_at": _started_at(meta, t_zero, video_start, first),
        "user": identity.user or pseudonym(*(meta.get(k) for k in PRIVATE_KEYS)),
        "recorder": {"name": recorder, "version": meta.get("recorder_version", UNKNOWN)},
        "os": os_name(meta.get("system")),
        "timezone": meta["timezone"] if zone_of(meta.get("timezone")) else UNKNOWN,
        "screens": [screen_entry(_logical(meta), factors, frame) if _logical(meta) else
                    inferred_screen(events)],
        "coords": coords_kind(factors, meta.get("system")),
        "clock": _clock_note(meta, t_zero, video_start),
        "import": {"source_format": "ducktrack", "source_name": rec.name, "previous_session_id": safe_id(rec.name)},
        "source_metadata": {k: v for k, v in meta.items() if k not in PRIVATE_KEYS + MAPPED_KEYS + IDENTITY_KEYS},
        "source_private": {k: meta[k] for k in PRIVATE_KEYS if k in meta},
    }
    _check_duration(rec, meta, last, report)
    change = display_change(events, manifest["screens"][0])
    if change is not None:
        screen = manifest["screens"][0]
        shown = _shown_in_video(video, frame, video_start - t_zero if video_start is not None else 0.0,
                                (change["t"], change["t_last_outside"]), (screen["width"], screen["height"]))
        map_stretch(events, change, (screen["width"], screen["height"]), shown)
        manifest["display_changes"] = [change]
        box = change["mapped_into"]
        report.warn(rec / EVENTS, 0, "display-changed", f"{change['positions_outside']} pointer positions leave "
                    f"the {screen['width']}x{screen['height']} screen from t = {change['t']:.1f} s on (up to "
                    f"{change['pointer_extent'][0]}x{change['pointer_extent'][1]}): the display's resolution "
                    f"changed then, to {change['screen'][0]}x{change['screen'][1]} (assumed); positions from then "
                    f"on mapped into the {box[2]}x{box[3]} area at ({box[0]}, {box[1]}) of the screen "
                    f"({change['mapped_by']})")
    if manifest["screens"][0].get("size_inferred"):
        report.warn(rec / METADATA, 0, "screen-size-unknown", "no screen size; inferred from the pointer's extent")
    if manifest["started_at"] == PLACEHOLDER_START:
        report.warn(rec / METADATA, 0, "no-start-time", "no usable start_time; started_at is a placeholder")
    elif manifest["timezone"] == UNKNOWN:
        report.warn(rec / METADATA, 0, "local-time", "start_time is the recorder's local wall clock and the "
                    "metadata names no time zone; started_at is that clock read as UTC (off by its UTC offset)")
    built = Built(manifest["session_id"], "ducktrack", manifest, events, identity=identity)
    _attach_video(built, video, video_start, t_zero, meta, report)
    _add_task(built, rec, last, report)
    _keep_side_files(built, rec, video)
    return built


def _shown_in_video(video, frame, t0: float, stretch: tuple[float, float], screen: tuple[int, int]):
    """Where the video (starting at t0) shows the display during `stretch` (t from, to), in screen pixels;
    None without a video to tell."""
    if video is None or frame is None or video.suffix.lower() not in VIDEO_SUFFIXES:
        return None
    box = shown_area(video, stretch[0] - t0, stretch[1] - t0)
    if box is None:
        return None
    sx, sy = screen[0] / frame[0], screen[1] / frame[1]
    return round(box[0] * sx), round(box[1] * sy), round(box[2] * sx), round(box[3] * sy)


def _clock_note(meta: dict, t_zero: float, video_start: float | None) -> dict:
    if "start_time" not in meta:
        return {"t_zero": "first event", "source_time_at_t_zero": t_zero, "started_at_known": False,
                "note": f"no start_time in the metadata: started_at is a placeholder ({PLACEHOLDER_START})"}
    return {
        "t_zero": "video start" if video_start is not None and t_zero == video_start else "first event",
        "source_time_at_t_zero": t_zero,
        "source_clock": "monotonic seconds (time.perf_counter)",
        "started_at_is_local_time": "start_time" in meta,
        "started_at_precision_seconds": 1,
        "started_at_offset_known": zone_of(meta.get("timezone")) is not None,
        "note": "started_at is the recorder's local wall clock read as UTC; its UTC offset is unknown"
        if zone_of(meta.get("timezone")) is None else "started_at is the recorder's local wall clock, converted "
        "to UTC with the metadata's timezone",
    }


def _check_duration(rec: Path, meta: dict, last: float, report: ImportReport) -> None:
    try:
        start = datetime.strptime(str(meta["start_time"]), "%Y-%m-%d %H:%M:%S")
        stop = datetime.strptime(str(meta["stop_time"]), "%Y-%m-%d %H:%M:%S")
    except (KeyError, ValueError):
        return
    wall = (stop - start).total_seconds()
    if abs(wall - last) > 5:
        report.warn(rec / METADATA, 0, "clock-mismatch", f"start_time..stop_time is {wall:.0f} s but the "
                    f"events span {last:.1f} s")


def _attach_video(built: Built, video, video_start, t_zero, meta, report: ImportReport) -> None:
    if video is None or video.suffix.lower() not in VIDEO_SUFFIXES:
        return
    name = "screen" + video.suffix.lower()
    t0 = 0.0 if video_start is None else video_start - t_zero
    if video_start is None:
        report.warn(video, 0, "video-offset-unknown", "no video start time in the metadata; assumed to "
                    "start with the first event")
    timings = meta.get("obs_record_state_timings") or {}
    if isinstance(timings, dict) and any("PAUSED" in k for k in timings):
        report.warn(video, 0, "video-paused", "the video was paused; video time matches t only up to "
                    "the first pause (the pause/resume markers show where)")
    built.manifest["video"] = {"file": name, "t0": round(t0, 3), "source_file": video.name}
    built.add_file(name, video)


def _add_task(built: Built, rec: Path, last: float, report: ImportReport) -> None:
    if not (rec / TASK).exists():
        return
    task = read_json(rec / TASK, report)
    if not isinstance(task, dict):
        return
    name, description = task.get("task_name"), task.get("description")
    instruction = (name or description or "").strip()
    if not instruction:
        report.warn(rec / TASK, 0, "empty-task", "no task_name or description")
        return
    entry = {"t_start": 0.0, "t_end": round(last, 3), "instruction": instruction}
    if description and description.strip() != instruction:
        entry["description"] = description.strip()
    entry.update({k: v for k, v in task.items() if k not in ("task_name", "description")})
    built.manifest["tasks"] = [entry]


def _keep_side_files(built: Built, rec: Path, video) -> None:
    """Every file the trace has no place for, verbatim under source/.

    Not copied: the files fully mapped into the session (events, metadata, task, windows: the manifest
    and events hold all of their fields) and the attached video.
    """
    attached = video if video is not None and video.suffix.lower() in VIDEO_SUFFIXES else None
    mapped = {rec / name for name in (EVENTS, TASK, WINDOWS)}
    if built.manifest["os"] != UNKNOWN or built.manifest["source_metadata"]:  # metadata.json was read
        mapped.add(rec / METADATA)
    for path in sorted(rec.rglob("*")):
        if path.is_file() and path != attached and path not in mapped:
            built.add_file(f"{SIDE_DIR}/{path.relative_to(rec).as_posix()}", path)
