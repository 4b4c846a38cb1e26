"""rrweb recordings (the session replay of PostHog, Sentry, OpenReplay) -> trace/1.

A recording is a JSON array of rrweb events `{type, data, timestamp}` (or an object holding it as `events`),
timestamps in epoch milliseconds. There are no pixels: screens are rendered by replaying the recording with
rrweb's own Replayer in Chromium (rrweb_render) at each full snapshot and after changes to the page (DOM
mutations, inputs, scrolls, style and canvas changes, viewport resizes), at most one frame per second of change:
a change within a second of the last frame is shown by a frame one second after it.

Events: t = (timestamp - the earliest time) / 1000, so `started_at` is exact UTC. Meta -> a focus event (app
"browser", the page URL as title) and the screen size (the first viewport); mouse and touch moves and drags ->
moves (each position at its own timeOffset); mouse down/up and touch start/end -> down/up (a click or double
click after them is the same press and adds nothing; a click without them -> a click event); scrolls (absolute
positions per element) -> scroll events with the change as dx, dy (the browser's sign: positive dy is down the
page) at the pointer; inputs -> a `text` event with what was added to the field (typed text: the sensitive
detectors read it; masked at record time it stays `*`), Backspace keys for what was removed, the whole new
value when it was replaced; checkboxes and later viewports -> markers; custom events -> markers. Coordinates
are viewport CSS pixels (truncated to whole pixels), which are the screenshots' pixels (rendered at device
scale 1).
The session id is derived from the recording's bytes: its file name (often a person's or a site's) is not used.
The person a recording names (identity fields around the events or in custom events, e-mails in the file's or
folder's name or the pages' URLs) becomes `user` and is scrubbed from everything else, the page replayed for the
screens and the copy kept under `source/` included.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from .common import SIDE_DIR, UNKNOWN, Built, content_id, extra_value, inferred_screen, iso_utc
from .identity import Identity, find_identity, scrub_value, strings_in
from .report import ImportReport
from .rrweb_render import RenderError, RenderOptions, render_frames

META, FULL, INCREMENTAL, CUSTOM = 4, 2, 3, 5
MUTATION, MOVE, INTERACTION, SCROLL, VIEWPORT, INPUT, TOUCH_MOVE, DRAG = 0, 1, 2, 3, 4, 5, 6, 12
CHANGES = {MUTATION, SCROLL, VIEWPORT, INPUT, 7, 8, 9, 10, 13, 14, 15}  # sources that change what is drawn
UP, DOWN, CLICK, CONTEXT_MENU, DOUBLE_CLICK, TOUCH_START, TOUCH_END, TOUCH_CANCEL = 0, 1, 2, 3, 4, 7, 9, 10
BUTTONS = {0: "left", 1: "middle", 2: "right"}
FRAME_SECONDS = 1.0  # at most one frame per second of change
SAME_PRESS_MS = 500  # a click this soon after a down/up is that press, not another one


def is_recording(path: Path) -> bool:
    """A .json file whose start looks like rrweb events (a list of {type, data, timestamp})."""
    if not (path.is_file() and path.suffix.lower() == ".json"):
        return False
    try:
        with open(path, "rb") as f:
            head = f.read(4096).lstrip()
    except OSError:
        return False
    return head[:1] in (b"[", b"{") and b'"timestamp"' in head and b'"type"' in head and b'"data"' in head


def read(src: Path, report: ImportReport, render: RenderOptions | None = None):
    built = build(src, report, render)
    if built is not None:
        yield built


def build(path: Path, report: ImportReport, render: RenderOptions | None) -> Built | None:
    try:
        raw = path.read_bytes()
        data = orjson.loads(raw)
    except (OSError, orjson.JSONDecodeError) as exc:
        report.add(path, 0, "bad-json", str(exc))
        return None
    events = data.get("events") if isinstance(data, dict) else data
    if not isinstance(events, list):
        report.add(path, 0, "not-rrweb", "not a list of rrweb events (nor an object with `events`)")
        return None
    good = _good_events(path, events, report)
    if not any(e["type"] in (META, FULL) for e in good):
        report.add(path, 0, "no-snapshot", "no meta or full-snapshot event; nothing imported")
        return None
    identity = identity_of(path, data, good)
    raw_kept = raw
    if identity.pattern is not None:  # out of the page too: the rendered screens and the kept copy
        data = scrub_value(data, identity)
        raw_kept = orjson.dumps(data)
        good = _good_events(path, data.get("events") if isinstance(data, dict) else data, ImportReport())
    conv = _Converter(path, report, good)
    conv.convert()
    built = conv.built(content_id("rrweb", raw), raw_kept)
    built.identity = identity
    built.manifest["user"] = identity.user or UNKNOWN
    conv.screens(built, render)
    return built


def identity_of(path: Path, data, events: list[dict]) -> Identity:
    """The person a recording names: identity fields of the object around the events (PostHog's and Sentry's
    exports carry the person there) and of custom events' payloads (an `identify` call), e-mails in the file's
    and its folder's names, in those fields and in the pages' URLs; not in typed input (anyone's address)."""
    meta = [{k: v for k, v in data.items() if k != "events"}] if isinstance(data, dict) else []
    meta += [p for m in meta for p in _people(m)]
    custom = [e["data"] for e in events if e["type"] == CUSTOM and isinstance(e.get("data"), dict)]
    custom += [e["data"]["payload"] for e in events if e["type"] == CUSTOM and isinstance(e.get("data"), dict)
               and isinstance(e["data"].get("payload"), dict)]
    hrefs = [e["data"]["href"] for e in events if e["type"] == META and isinstance(e.get("data"), dict)
             and isinstance(e["data"].get("href"), str)]
    return find_identity(meta + custom, [path.name, path.parent.name], strings_in(meta + custom) + hrefs)


PERSON_KEYS = ("person", "user", "identity", "$set")


def _people(value, depth: int = 0) -> list[dict]:
    """The objects describing the person in an export (PostHog's `person` and its `properties`, Sentry's
    `user`), up to three levels down, with their `name` read as the person's name."""
    out: list[dict] = []
    if not isinstance(value, dict) or depth >= 3:
        return out
    for key, inner in value.items():
        if key in PERSON_KEYS and isinstance(inner, dict):
            found = [inner] + ([inner["properties"]] if isinstance(inner.get("properties"), dict) else [])
            out += [{**d, "full_name": d["name"]} if isinstance(d.get("name"), str) and "full_name" not in d
                    else d for d in found]
        out += _people(inner, depth + 1)
    return out


def _good_events(path: Path, events: list, report: ImportReport) -> list[dict]:
    """The events with an integer type and a numeric timestamp, sorted by time (stable); others reported."""
    good = []
    for i, e in enumerate(events):
        ok = isinstance(e, dict) and isinstance(e.get("type"), int) and isinstance(e.get("timestamp"), (int, float))
        if not ok or isinstance(e.get("timestamp"), bool):
            report.add(path, 0, "bad-event", f"events[{i}] has no integer type and numeric timestamp; skipped")
            continue
        good.append(e)
    return sorted(good, key=lambda e: e["timestamp"])


class _Converter:
    """Walks the events once: trace events, the times the page changed and the snapshots' times (ms)."""

    def __init__(self, path: Path, report: ImportReport, events: list[dict]):
        self.path, self.report, self.source = path, report, events
        self.base = events[0]["timestamp"]  # the replayer's time zero
        self.rows: list[tuple[float, dict]] = []  # (epoch ms, event without t)
        self.changes: list[float] = []
        self.snapshots: list[float] = []
        self.size: tuple[int, int] | None = None
        self.pos: tuple[int, int] | None = None
        self.last_press = float("-inf")
        self.scrolled: dict[int, tuple[float, float]] = {}
        self.values: dict[int, str] = {}
        self.checked: dict[int, bool] = {}
        self.skipped = 0

    def convert(self) -> None:
        for index, event in enumerate(self.source):
            ms, data = float(event["timestamp"]), event.get("data")
            data = data if isinstance(data, dict) else {}
            kind = event["type"]
            if kind == META:
                self._meta(ms, data)
            elif kind == FULL:
                self.snapshots.append(ms)
                offset = data.get("initialOffset") or {}
                node = data.get("node") or {}
                if isinstance(node.get("id"), int):
                    self.scrolled[node["id"]] = (float(offset.get("left") or 0), float(offset.get("top") or 0))
            elif kind == INCREMENTAL:
                self._incremental(index, ms, data)
            elif kind == CUSTOM:
                self._add(ms, {"type": "marker", "label": f"custom: {data.get('tag', '')}",
                               **({"payload": extra_value(data["payload"])} if data.get("payload") else {})})
            else:
                self.skipped += 1  # DOMContentLoaded, load, plugin events: nothing to show

    def _add(self, ms: float, event: dict) -> None:
        self.rows.append((ms, event))

    def _meta(self, ms: float, data: dict) -> None:
        w, h = data.get("width"), data.get("height")
        if isinstance(w, int) and isinstance(h, int) and w > 0 and h > 0:
            if self.size is None:
                self.size = (w, h)
            elif (w, h) != self.size:
                self._add(ms, {"type": "marker", "label": f"viewport {w}x{h}", "width": w, "height": h})
        if isinstance(data.get("href"), str):
            self._add(ms, {"type": "focus", "app": "browser", "title": data["href"]})

    def _incremental(self, index: int, ms: float, data: dict) -> None:
        source = data.get("source")
        if source in CHANGES:
            self.changes.append(ms)
        if source in (MOVE, TOUCH_MOVE, DRAG):
            self._moves(ms, data.get("positions"))
        elif source == INTERACTION:
            self._interaction(ms, data)
        elif source == SCROLL:
            self._scroll(ms, data)
        elif source == VIEWPORT:
            w, h = data.get("width"), data.get("height")
            if isinstance(w, (int, float)) and isinstance(h, (int, float)):
                self._add(ms, {"type": "marker", "label": f"viewport {int(w)}x{int(h)}", "width": int(w),
                               "height": int(h)})
        elif source == INPUT:
            self._input(ms, data)
        elif source not in CHANGES:
            self.skipped += 1  # console logs and media state: nothing the trace shows

    def _moves(self, ms: float, positions) -> None:
        for p in positions if isinstance(positions, list) else []:
            if isinstance(p, dict) and _num(p.get("x")) and _num(p.get("y")):
                at = ms + (p.get("timeOffset") if _num(p.get("timeOffset")) else 0)
                self.pos = (int(p["x"]), int(p["y"]))
                self._add(at, {"type": "move", "x": self.pos[0], "y": self.pos[1]})

    def _interaction(self, ms: float, data: dict) -> None:
        kind = data.get("type")
        if _num(data.get("x")) and _num(data.get("y")):
            xy = (int(data["x"]), int(data["y"]))  # CSS pixels to the pixel they fall in, as rrweb's own moves
            if xy != self.pos and kind in (UP, DOWN, CLICK, CONTEXT_MENU, TOUCH_START, TOUCH_END):
                self._add(ms, {"type": "move", "x": xy[0], "y": xy[1]})
                self.pos = xy
        if self.pos is None:
            return
        button = BUTTONS.get(data.get("button"), "left")
        x, y = self.pos
        if kind in (DOWN, TOUCH_START):
            self._add(ms, {"type": "down", "x": x, "y": y, "button": button})
            self.last_press = ms
        elif kind in (UP, TOUCH_END, TOUCH_CANCEL):
            self._add(ms, {"type": "up", "x": x, "y": y, "button": button})
            self.last_press = ms
        elif kind in (CLICK, CONTEXT_MENU) and ms - self.last_press > SAME_PRESS_MS:
            self._add(ms, {"type": "click", "x": x, "y": y, "button": "right" if kind == CONTEXT_MENU else button,
                           "count": 1})
        # DOUBLE_CLICK always follows its two presses; focus/blur move no pointer

    def _scroll(self, ms: float, data: dict) -> None:
        node, x, y = data.get("id"), data.get("x"), data.get("y")
        if not (_num(x) and _num(y)):
            return
        px, py = self.scrolled.get(node, (0.0, 0.0))
        self.scrolled[node] = (float(x), float(y))
        dx, dy = float(x) - px, float(y) - py
        if dx == 0 and dy == 0:
            return
        if self.pos is None:
            w, h = self.size or (2, 2)
            self.pos = (w // 2, h // 2)
            self._add(ms, {"type": "move", "x": self.pos[0], "y": self.pos[1], "position_assumed": True})
        self._add(ms, {"type": "scroll", "x": self.pos[0], "y": self.pos[1], "dx": dx, "dy": dy, "element": node})

    def _input(self, ms: float, data: dict) -> None:
        node, text, state = data.get("id"), data.get("text"), data.get("isChecked")
        if state is True or node in self.checked:  # a checkbox or radio: its value is not typed text
            if isinstance(state, bool) and self.checked.get(node) != state:
                self.checked[node] = state
                self._add(ms, {"type": "marker", "label": "checked" if state else "unchecked", "element": node})
            return
        if isinstance(text, str):
            before = self.values.get(node, "")
            self.values[node] = text
            if text.startswith(before) and text != before:
                self._add(ms, {"type": "text", "text": text[len(before):], "element": node})
            elif before.startswith(text) and text != before:
                for _ in range(len(before) - len(text)):
                    self._add(ms, {"type": "key_down", "key": "Backspace", "element": node})
                    self._add(ms, {"type": "key_up", "key": "Backspace", "element": node})
            elif text != before:
                self._add(ms, {"type": "text", "text": text, "replaces": True, "element": node})

    # -- the session --
    def built(self, session_id: str, raw: bytes) -> Built:
        self.t0 = min([self.base, *(ms for ms, _ in self.rows)])
        built = Built(session_id, "rrweb", {})
        built.events = [{"t": round((ms - self.t0) / 1000, 3), **e}
                        for ms, e in sorted(self.rows, key=lambda r: r[0])]
        built.add_file(f"{SIDE_DIR}/recording.json", raw)
        screen = ({"id": 0, "x": 0, "y": 0, "width": self.size[0], "height": self.size[1], "scale": 1.0}
                  if self.size else inferred_screen(built.events))
        href = next((e["title"] for e in built.events if e["type"] == "focus"), None)
        built.manifest = {
            "session_id": session_id,
            "started_at": iso_utc(self.t0 / 1000),
            "user": UNKNOWN,
            "recorder": {"name": "rrweb", "version": UNKNOWN},
            "os": UNKNOWN,
            "timezone": "UTC",  # rrweb's timestamps are epoch milliseconds
            "screens": [screen],
            "coords": "pixels",
            "clock": {"t_zero": "the earliest event", "note": "rrweb timestamps (epoch ms); screens rendered by "
                      f"rrweb's Replayer at each full snapshot and after changes, at most one per {FRAME_SECONDS:g} s"},
            "import": {"source_format": "rrweb"},
            "source_metadata": {"events": len(self.source), "first_url": href, "skipped_events": self.skipped},
        }
        return built

    def screens(self, built: Built, render: RenderOptions | None) -> None:
        """Render the frames and add them as screenshot events; without a renderer, report and keep the events."""
        times = frame_times(self.snapshots, self.changes)
        if render is None or not times:
            self.report.warn(self.path, 0, "no-screens", "screens not rendered (no renderer given); events only")
            return
        size = self.size or (built.manifest["screens"][0]["width"], built.manifest["screens"][0]["height"])
        offsets = [round(ms - self.base) + 1 for ms in times]  # just after the change, so it is applied
        try:
            frames = render_frames(self.source, offsets, size, render)
        except RenderError as exc:
            self.report.warn(self.path, 0, "no-screens", f"screens not rendered: {exc}; events only")
            return
        for i, (ms, png) in enumerate(zip(times, frames)):
            rel = f"screenshots/{i:06d}.png"
            built.add_file(rel, png)
            built.events.append({"t": round((ms + 1 - self.t0) / 1000, 3), "type": "screenshot", "file": rel,
                                 "screen": 0})
        built.events.sort(key=lambda e: e["t"])


def frame_times(snapshots: list[float], changes: list[float]) -> list[float]:
    """When to render (ms): every full snapshot, and after each change a frame at most FRAME_SECONDS later,
    frames at least FRAME_SECONDS apart except at snapshots."""
    frames: list[float] = []
    pending = None  # a frame owed to changes made too soon after the last one
    step = FRAME_SECONDS * 1000
    for ms, snapshot in sorted([(ms, True) for ms in snapshots] + [(ms, False) for ms in changes]):
        if pending is not None and ms >= pending:
            frames.append(pending)
            pending = None
        if snapshot:  # a new page: drawn at once, and what was owed before it is superseded
            frames.append(ms)
            pending = None
        elif frames and ms <= frames[-1]:
            continue  # the last frame already shows it
        elif not frames or ms >= frames[-1] + step:
            frames.append(ms)
        elif pending is None:
            pending = frames[-1] + step
    if pending is not None:
        frames.append(pending)
    return sorted(set(frames))


def _num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)

