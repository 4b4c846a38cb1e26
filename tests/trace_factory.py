"""Building small trace/1 sessions on disk for tests (real files, real images)."""

from __future__ import annotations

from pathlib import Path

import orjson
from PIL import Image

MANIFEST = {
    "format": "trace/1", "session_id": "s1", "started_at": "2026-03-01T09:00:00Z", "user": "u-1",
    "recorder": {"name": "test", "version": "1"}, "os": "linux", "timezone": "UTC",
    "screens": [{"id": 0, "x": 0, "y": 0, "width": 800, "height": 600, "scale": 1.0}],
}

EVENTS = [
    {"t": 0.0, "type": "focus", "app": "Firefox", "title": "Sign in"},
    {"t": 0.1, "type": "screenshot", "file": "screenshots/0001.png"},
    {"t": 0.5, "type": "move", "x": 10, "y": 20},
    {"t": 0.6, "type": "down", "x": 10, "y": 20, "button": "left"},
    {"t": 0.7, "type": "up", "x": 10, "y": 20, "button": "left"},
    {"t": 1.0, "type": "key_down", "key": "a"},
    {"t": 1.1, "type": "key_up", "key": "a"},
    {"t": 1.5, "type": "key", "key": "v", "mods": ["Control"]},
    {"t": 1.6, "type": "text", "text": "pasted"},
    {"t": 2.0, "type": "scroll", "x": 100, "y": 100, "dx": 0, "dy": -3},
    {"t": 2.5, "type": "click", "x": 50, "y": 60, "button": "right", "count": 2},
    {"t": 3.0, "type": "screenshot", "file": "screenshots/0002.jpg"},
    {"t": 4.0, "type": "marker", "label": "task done"},
]


def write_image(path: Path, fmt: str | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (80, 60), (200, 220, 240)).save(path, format=fmt)


def make_session(root: Path, name: str = "s1", events: list | None = None, manifest: dict | None = None,
                 raw_lines: list[bytes] | None = None, images: bool = True) -> Path:
    """A session directory; `raw_lines` (bytes) replace the events when a test needs broken lines."""
    d = Path(root) / name
    d.mkdir(parents=True)
    body = {**MANIFEST, "session_id": name, **(manifest or {})}
    (d / "session.json").write_bytes(orjson.dumps(body, option=orjson.OPT_INDENT_2))
    lines = raw_lines if raw_lines is not None else [orjson.dumps(e) for e in (events or EVENTS)]
    (d / "events.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    if images:
        write_image(d / "screenshots" / "0001.png")
        write_image(d / "screenshots" / "0002.jpg")
    return d
