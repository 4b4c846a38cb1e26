"""A dataset for the quality tests: clean sessions and sessions with exactly one known defect each."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.trace_factory import make_session, write_image
from viewer.quality import Thresholds

# Small limits so that short sessions show each defect on its own (a 40 s session, inputs every second).
THRESHOLDS = Thresholds(long_gap=10.0, clock_jump=100.0, idle_gap=3.0, screenshot_gap=20.0)
SPAN = 40


def clean_events(seconds: int = SPAN) -> list[dict]:
    events = [{"t": 0.0, "type": "focus", "app": "Editor", "title": "notes.txt"}]
    for i in range(seconds):
        t = float(i)
        if i % 5 == 0:
            events.append({"t": t + 0.05, "type": "screenshot", "file": f"screenshots/{i:04d}.png"})
        events.append({"t": t + 0.1, "type": "move", "x": 100 + 5 * i, "y": 100 + 3 * i})
        events.append({"t": t + 0.4, "type": "key_down", "key": "a"})
        events.append({"t": t + 0.5, "type": "key_up", "key": "a"})
        if i % 7 == 3:
            events.append({"t": t + 0.7, "type": "down", "x": 100 + 5 * i, "y": 100 + 3 * i, "button": "left"})
            events.append({"t": t + 0.8, "type": "up", "x": 100 + 5 * i, "y": 100 + 3 * i, "button": "left"})
    events.append({"t": seconds - 0.05, "type": "marker", "label": "end"})
    return events


def write_video(path: Path, seconds: float, fps: float = 2.0) -> None:
    import cv2

    path.parent.mkdir(parents=True, exist_ok=True)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (64, 48))
    for i in range(int(round(seconds * fps))):
        writer.write(np.full((48, 64, 3), (i * 7) % 255, np.uint8))
    writer.release()


def build(root: Path, name: str, events: list[dict] | None = None, manifest: dict | None = None,
          raw_lines: list[bytes] | None = None, skip_images: tuple[str, ...] = ()) -> Path:
    events = clean_events() if events is None and raw_lines is None else events
    d = make_session(root, name, events=events, manifest=manifest, raw_lines=raw_lines, images=False)
    for e in events or []:
        if e["type"] == "screenshot" and e["file"] not in skip_images:
            write_image(d / e["file"])
    return d


def _at(events: list[dict], t: float, *new: dict) -> list[dict]:
    """Events with `new` ones put in time order at t."""
    out = [e for e in events if e["t"] < t] + list(new) + [e for e in events if e["t"] >= t]
    return out


def _shift_after(events: list[dict], t: float, by: float) -> list[dict]:
    return [{**e, "t": round(e["t"] + by, 3)} if e["t"] > t else e for e in events]


def _drop_input(events: list[dict], after: float) -> list[dict]:
    keep = ("screenshot", "focus", "marker")
    return [e for e in events if e["t"] < after or e["type"] in keep]


VIDEO = {"video": {"file": "screen.mp4", "t0": 0.0}}


def build_dataset(root: Path) -> dict[str, str | None]:
    """Every session under root -> the one problem code it must get (None: clean)."""
    root = Path(root)
    expect: dict[str, str | None] = {}
    ev = clean_events()

    build(root, "clean-a")
    expect["clean-a"] = None
    d = build(root, "clean-video", manifest=VIDEO)
    write_video(d / "screen.mp4", SPAN)
    expect["clean-video"] = None
    build(root, "clean-tiny", events=[{"t": 0.0, "type": "move", "x": 1, "y": 1},
                                      {"t": 0.2, "type": "screenshot", "file": "screenshots/a.png"},
                                      {"t": 0.5, "type": "click", "x": 3, "y": 4, "button": "left"}])
    expect["clean-tiny"] = None

    # time: a 12 s hole in the events (inputs and screenshots continue around it)
    build(root, "long-gap", events=_shift_after(ev, 20.6, 12.0))
    expect["long-gap"] = "long-gap"
    build(root, "clock-jump", events=_shift_after(ev, 20.6, 500.0))
    expect["clock-jump"] = "clock-jump"
    back = [dict(e) for e in ev]
    i = next(k for k, e in enumerate(back) if e["t"] >= 20.1 and e["type"] == "move")
    back[i]["t"] = round(back[i - 1]["t"] - 0.5, 3)
    build(root, "time-backwards", events=back)
    expect["time-backwards"] = "time-backwards"
    build(root, "idle", events=_drop_input(ev, 4.0))
    expect["idle"] = "idle"
    dup = [e for e in ev]
    k = next(k for k, e in enumerate(dup) if e["t"] >= 10 and e["type"] == "move")
    dup.insert(k + 1, dict(dup[k]))
    build(root, "duplicate-events", events=dup)
    expect["duplicate-events"] = "duplicate-events"

    # pointer and keys
    build(root, "off-screen", events=_at(ev, 12.2, {"t": 12.2, "type": "move", "x": 790, "y": 300},
                                         {"t": 12.25, "type": "move", "x": 806, "y": 300},
                                         {"t": 12.3, "type": "move", "x": 795, "y": 300}))
    expect["off-screen"] = "off-screen"
    build(root, "teleport", events=_at(ev, 15.2, {"t": 15.2, "type": "move", "x": 10, "y": 10},
                                       {"t": 15.21, "type": "move", "x": 700, "y": 500}))
    expect["teleport"] = "teleport"
    build(root, "stuck-key", events=_at(ev, 25.9, {"t": 25.9, "type": "key_down", "key": "Shift"}))
    expect["stuck-key"] = "stuck-key"

    # screenshots and video
    build(root, "screenshot-missing", skip_images=("screenshots/0015.png",))
    expect["screenshot-missing"] = "screenshot-missing"
    d = build(root, "screenshot-undecodable")
    (d / "screenshots/0020.png").write_bytes(b"\x89PNG\r\n\x1a\n not really a png")
    expect["screenshot-undecodable"] = "screenshot-undecodable"
    d = build(root, "screenshot-unreferenced")
    write_image(d / "screenshots" / "stray.png")
    expect["screenshot-unreferenced"] = "screenshot-unreferenced"
    build(root, "stale-screenshot", events=[e for e in ev if e["type"] != "screenshot" or e["t"] < 10])
    expect["stale-screenshot"] = "stale-screenshot"
    d = build(root, "video-length", manifest=VIDEO)
    write_video(d / "screen.mp4", 10)
    expect["video-length"] = "video-length"
    build(root, "video-missing", manifest=VIDEO)
    expect["video-missing"] = "video-missing"
    d = build(root, "video-undecodable", manifest=VIDEO)
    (d / "screen.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42 but nothing else")
    expect["video-undecodable"] = "video-undecodable"

    # loading
    build(root, "unknown-type", events=_at(ev, 30.0, {"t": 30.0, "type": "gesture", "kind": "pinch"}))
    expect["unknown-type"] = "unknown-type"
    build(root, "unreadable", raw_lines=[b'{"t": 0.0, "type": "move", "x": 1, "y": 2}', b'{"t": 0.5, "type": '])
    expect["unreadable"] = "unreadable"
    d = build(root, "no-events", raw_lines=[])
    expect["no-events"] = "no-events"
    return expect
