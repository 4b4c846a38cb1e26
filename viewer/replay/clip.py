"""Writing a stretch of a session as an mp4 (OpenCV's mp4v) at a steady frame rate, overlays drawn."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import cv2

from viewer.trace import Session

from .frames import Frames


class ClipError(ValueError):
    """The requested stretch or output cannot be written; the message says why."""


def frame_times(start: float, end: float, fps: float) -> list[float]:
    """The time of every frame: duration * fps frames, the first at `start`."""
    n = max(1, int(round((end - start) * fps)))
    return [start + i / fps for i in range(n)]


def write_clip(session: Session, start: float, end: float, out: Path, fps: float = 10.0,
               max_width: int = 1920) -> int:
    """Write frames for [start, end) to `out`; returns the number of frames written."""
    if not (math.isfinite(start) and math.isfinite(end)) or end <= start:
        raise ClipError("--end must be after --start")
    if not (0 < fps <= 60):
        raise ClipError("--fps must be between 0 and 60")
    frames = Frames.of(session)
    times = frame_times(start, end, fps)
    first = frames.render_all(times[0])
    scale = min(1.0, max_width / first.shape[1])
    size = (int(first.shape[1] * scale) // 2 * 2, int(first.shape[0] * scale) // 2 * 2)
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
    if not writer.isOpened():
        raise ClipError(f"cannot write a video to {out}")
    try:
        for i, t in enumerate(times):
            img = first if i == 0 else frames.render_all(t)
            writer.write(img if img.shape[1::-1] == size else cv2.resize(img, size, interpolation=cv2.INTER_AREA))
    finally:
        writer.release()
    return len(times)


def clip_bytes(session: Session, start: float, end: float, fps: float = 10.0, max_width: int = 1280) -> bytes:
    """The clip as bytes (for a download button): written to a temporary file, read back, removed."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "clip.mp4"
        write_clip(session, start, end, path, fps, max_width)
        return path.read_bytes()
