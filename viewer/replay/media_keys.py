"""One image of a session by key, as JPEG bytes: "s:<i>" (the i-th screenshot by time) or "v:<frame>" (a frame
of the screen video), downscaled to a width. What the image route serves; never reads outside the session."""

from __future__ import annotations

from functools import lru_cache

import cv2
import numpy as np
from PIL import Image

from viewer.trace import Session
from viewer.trace.paths import inside

from . import media

MIN_WIDTH, MAX_WIDTH, WIDTH_STEP = 160, 2560, 160
# A JPEG decodes at 1/2, 1/4 or 1/8 of its size for a fraction of the work (libjpeg scales while decoding).
_REDUCED = {8: cv2.IMREAD_REDUCED_COLOR_8, 4: cv2.IMREAD_REDUCED_COLOR_4, 2: cv2.IMREAD_REDUCED_COLOR_2,
            1: cv2.IMREAD_COLOR}


def snap_width(asked: str | int | None, default: int = 1280) -> int:
    """A width in [160, 2560] rounded up to a multiple of 160: few sizes, so caches stay useful."""
    try:
        w = int(asked) if asked not in (None, "") else default
    except (TypeError, ValueError):
        w = default
    w = min(MAX_WIDTH, max(MIN_WIDTH, w))
    return -(-w // WIDTH_STEP) * WIDTH_STEP


def parse(key: str) -> tuple[str, int] | None:
    kind, _, num = key.partition(":")
    if kind not in ("s", "v") or not num.isdigit() or len(num) > 9:
        return None
    return kind, int(num)


def jpeg(session: Session, key: str, width: int) -> bytes | None:
    """The image for `key`, or None when the key names nothing in this session or it cannot be read."""
    parsed = parse(key)
    if parsed is None:
        return None
    kind, i = parsed
    if kind == "s":
        if i >= len(session.screenshots):
            return None
        target = inside(session.path, str(session.screenshots.files[i]))
        if target is None or not target.is_file():
            return None
        return _screenshot(str(target), target.stat().st_mtime_ns, width)
    video = session.manifest.video
    reader = media.open_video(session.path, video.file) if video is not None else None
    if reader is None or (reader.count and i >= reader.count):
        return None
    return media.video_jpeg(reader, i, width)


def _reduction(path: str, width: int) -> int:
    """The largest decode reduction that still leaves at least `width` pixels across (1 when unknown)."""
    try:
        with Image.open(path) as img:  # reads the header only
            full = img.width
    except (OSError, ValueError, Image.DecompressionBombError):
        return 1
    return next((f for f in (8, 4, 2) if full // f >= width), 1)


@lru_cache(maxsize=512)
def _screenshot(path: str, mtime: int, width: int) -> bytes | None:
    data = np.fromfile(path, dtype=np.uint8)
    img = cv2.imdecode(data, _REDUCED[_reduction(path, width)]) if data.size else None
    return None if img is None else media.jpeg(media.downscale(img, width))
