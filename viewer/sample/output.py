"""Turning a composed session into files: screenshots, the optional screen video, the manifest,
events and truth, written through the atomic trace writer."""

from __future__ import annotations

from bisect import bisect_right
from pathlib import Path

import cv2
import numpy as np
import orjson
from PIL import Image

from .. import __version__
from ..trace.schema import SCREENSHOT_DIR
from ..trace.writer import session_dir, write_events, write_manifest
from .chrome import CURSOR
from .render import render_screen
from .session import Built
from .timeline import Timeline, shot_file
from .truth import truth

VIDEO_FILE, VIDEO_FPS = "screen.mp4", 5
VIDEO_SCALE = 0.5  # mp4v via OpenCV has a fixed 12-frame GOP and near-lossless key frames: half size keeps it small
POINTER_TYPES = ("move", "down", "up", "scroll", "click")


class Renderer:
    """Renders screens at times, reusing the last image while neither the desktop nor the
    clock's minute changed."""

    def __init__(self, tl: Timeline) -> None:
        self.tl, self.key, self.image, self.backdrops = tl, None, None, {}

    def __call__(self, t: int, screen: int) -> Image.Image:
        desk = self.tl.state_at(t)
        key = (id(desk), screen, (self.tl.env.started_at.second * 1000 + t) // 60_000)
        if key != self.key:
            self.key, self.image = key, render_screen(self.tl.env, desk, screen, t, self.backdrops)
        return self.image


def save_image(img: Image.Image, path: Path, fmt: str) -> None:
    """PNG or lossless WebP of a 96-colour palette version, or JPEG q65: small files for flat UI."""
    if fmt == "jpg":
        img.save(path, "JPEG", quality=65, optimize=True)
        return
    palette = img.quantize(colors=96, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    if fmt == "png":
        palette.save(path, optimize=True)
    else:
        palette.convert("RGB").save(path, "WEBP", lossless=True, quality=50, method=4)


def write_screenshots(tl: Timeline, directory: Path) -> None:
    (directory / SCREENSHOT_DIR).mkdir(exist_ok=True)
    render = Renderer(tl)
    for t, screen in tl.shots:
        save_image(render(t, screen), directory / shot_file(t, screen, tl.env.image_format), tl.env.image_format)


def _pointer_track(tl: Timeline) -> tuple[list[int], list[tuple[int, int]]]:
    moves = sorted((e["t"], (e["x"], e["y"])) for e in tl.events if e["type"] in POINTER_TYPES)
    return [t for t, _ in moves], [p for _, p in moves]


def frame_count(end_ms: int, fps: int = VIDEO_FPS) -> int:
    """Frames at 0, 1/fps, 2/fps ... up to the last event."""
    return end_ms * fps // 1000 + 1


def video_size(tl: Timeline, scale: float = VIDEO_SCALE) -> tuple[int, int]:
    s = tl.env.screens[0]
    return int(s.width * scale) & -2, int(s.height * scale) & -2


class VideoFrames:
    """Video frames of the first screen: the rendered screen scaled once per change, plus the
    cursor drawn at the pointer's last reported position."""

    def __init__(self, tl: Timeline, size: tuple[int, int]) -> None:
        self.tl, self.size, self.render = tl, size, Renderer(tl)
        self.times, self.points = _pointer_track(tl)
        self.scale = size[0] / tl.env.screens[0].width
        self.source, self.base = None, None

    def pointer(self, t: int) -> tuple[int, int]:
        i = bisect_right(self.times, t) - 1
        return self.points[i] if i >= 0 else self.tl.start_pointer

    def __call__(self, t: int) -> np.ndarray:
        img = self.render(t, 0)
        if img is not self.source:
            bgr = cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)
            self.source, self.base = img, cv2.resize(bgr, self.size, interpolation=cv2.INTER_AREA)
        frame = self.base.copy()
        s, (x, y) = self.tl.env.screens[0], self.pointer(t)
        pts = np.array([((x - s.x) * self.scale + px, (y - s.y) * self.scale + py) for px, py in CURSOR], np.int32)
        cv2.fillPoly(frame, [pts], (0, 0, 0), lineType=cv2.LINE_AA)
        cv2.polylines(frame, [pts], True, (255, 255, 255), 1, lineType=cv2.LINE_AA)
        return frame


def write_video(tl: Timeline, directory: Path, end_ms: int, fps: int = VIDEO_FPS,
                scale: float = VIDEO_SCALE) -> dict:
    """The first screen as an mp4v video (frames scaled by `scale`, cursor drawn), one frame
    every 1/fps s from t=0 to the last event; returns the manifest entry."""
    size = video_size(tl, scale)
    frames = VideoFrames(tl, size)
    writer = cv2.VideoWriter(str(directory / VIDEO_FILE), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
    try:
        for k in range(frame_count(end_ms, fps)):
            writer.write(frames(k * 1000 // fps))
    finally:
        writer.release()
    return {"file": VIDEO_FILE, "t0": 0.0}


def manifest(built: Built, video: dict | None) -> dict:
    env = built.env
    body = {
        "session_id": built.session_id, "started_at": env.started_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "user": built.user, "recorder": {"name": "trace-viewer-sample", "version": __version__},
        "os": env.os, "timezone": env.timezone,
        "screens": [{"id": s.id, "x": s.x, "y": s.y, "width": s.width, "height": s.height, "scale": 1.0}
                    for s in env.screens],
    }
    if video:
        body["video"] = video
    return {**body, "tasks": built.timeline.tasks}


def events(tl: Timeline) -> list[dict]:
    return [{**e, "t": e["t"] / 1000} for e in tl.events]


def write_session(out: Path, built: Built, video: bool) -> Path:
    """Write the session directory `out/<session_id>` atomically; returns its path."""
    dest = Path(out) / built.session_id
    with session_dir(dest) as tmp:
        write_screenshots(built.timeline, tmp)
        entry = write_video(built.timeline, tmp, built.end) if video else None
        write_manifest(tmp, manifest(built, entry))
        write_events(tmp, events(built.timeline))
        body = truth(built.session_id, built.timeline, built.end)
        (tmp / "truth.json").write_bytes(orjson.dumps(body, option=orjson.OPT_INDENT_2) + b"\n")
    return dest
