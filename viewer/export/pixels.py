"""Pixel redaction: flagged regions filled black in every screenshot on screen during an accepted
pixels/both span, and in the screen video's frames inside such a span (the video is re-encoded only then)."""

from __future__ import annotations

import bisect
import os
from pathlib import Path

import cv2
import numpy as np

from .base import PIXEL_SCOPES, ExportError, scope, span

JPEG_QUALITY = 95


def region_dict(r) -> dict:
    """A region as stored ({screen, x, y, w, h}) or as a list: [x, y, w, h] or truth.json's [screen, x, y, w, h]."""
    if isinstance(r, (list, tuple)):
        return dict(zip(("screen", "x", "y", "w", "h") if len(r) == 5 else ("x", "y", "w", "h"), r))
    return r


def boxes(regions, screen_id, width: int, height: int, sx: float = 1.0, ox: float = 0.0, oy: float = 0.0):
    """Pixel boxes (x0, y0, x1, y1) of a flag's regions on an image of that screen (whole frame when none usable)."""
    if not regions:
        return [(0, 0, width, height)]
    found = []
    for r in map(region_dict, regions):
        if r.get("screen") is not None and screen_id is not None and int(r["screen"]) != int(screen_id):
            continue
        if not r.get("w") or not r.get("h"):
            return [(0, 0, width, height)]
        x, y = float(r.get("x", 0)) + ox, float(r.get("y", 0)) + oy
        x0, y0 = int(np.floor(x * sx)), int(np.floor(y * sx))
        x1, y1 = int(np.ceil((x + float(r["w"])) * sx)), int(np.ceil((y + float(r["h"])) * sx))
        found.append((max(0, x0), max(0, y0), min(width, x1), min(height, y1)))
    return found


def fill(img, found) -> None:
    for x0, y0, x1, y1 in found:
        if x1 > x0 and y1 > y0:
            img[y0:y1, x0:x1] = 0


def pixel_flags(flags) -> list:
    return [f for f in flags if scope(f) in PIXEL_SCOPES]


def screenshots_to_redact(events, flags) -> dict[str, list]:
    """file -> [(flag, screen)] for every screenshot on screen during a pixels/both span (incl. the one at t_start)."""
    per_screen: dict = {}
    for e in events:
        if e.get("type") == "screenshot" and e.get("file"):
            per_screen.setdefault(e.get("screen"), []).append((float(e["t"]), e["file"]))
    result: dict[str, list] = {}
    for f in pixel_flags(flags):
        a, b = span(f)
        for screen, shots in per_screen.items():
            times = [t for t, _ in shots]
            first = max(0, bisect.bisect_right(times, a) - 1)
            for t, file in shots[first:]:
                if t > b:
                    break
                result.setdefault(file, []).append((f, screen))
    return result


def redact_image(src: Path, hits) -> bytes:
    """The image's bytes in its own format, with every hit's regions filled."""
    img = cv2.imread(str(src), cv2.IMREAD_UNCHANGED)
    if img is None:
        raise ExportError(f"{src}: screenshot-undecodable: cannot read image")
    h, w = img.shape[:2]
    for flag, screen in hits:
        fill(img, boxes(flag.data.get("regions"), screen, w, h))
    suffix = src.suffix.lower()
    params = [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY] if suffix in (".jpg", ".jpeg") else []
    ok, buf = cv2.imencode(suffix, img, params)
    if not ok:
        raise ExportError(f"{src}: screenshot-format: cannot encode image")
    return buf.tobytes()


class _VideoLayout:
    """Where each screen lies in the video frame (screens side by side, scaled to the frame width)."""

    def __init__(self, manifest: dict, frame_width: int):
        self.screens = {int(s.get("id", i)): s for i, s in enumerate(manifest.get("screens") or [])}
        all_ = list(self.screens.values())
        self.min_x = min((float(s.get("x", 0)) for s in all_), default=0.0)
        self.min_y = min((float(s.get("y", 0)) for s in all_), default=0.0)
        right = max((float(s.get("x", 0)) + float(s["width"]) for s in all_), default=0.0)
        self.scale = frame_width / (right - self.min_x) if right > self.min_x else 1.0

    def boxes(self, flag, w: int, h: int):
        regions = flag.data.get("regions") or []
        if not regions:
            return [(0, 0, w, h)]
        found = []
        for r in map(region_dict, regions):
            s = self.screens.get(int(r.get("screen") or 0), {})
            ox, oy = float(s.get("x", 0)) - self.min_x, float(s.get("y", 0)) - self.min_y
            found += boxes([{**r, "screen": None}], None, w, h, self.scale, ox, oy)
        return found


def redact_video(src: Path, dst: Path, manifest: dict, flags) -> int:
    """Re-encode with the flagged regions filled in frames inside pixel spans; returns frames touched."""
    t0 = float((manifest.get("video") or {}).get("t0", 0.0))
    cap = cv2.VideoCapture(str(src))
    fps = cap.get(cv2.CAP_PROP_FPS) or 10.0
    w, h = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
    layout = _VideoLayout(manifest, w)
    pix = [(f, *span(f)) for f in pixel_flags(flags)]
    tmp = dst.with_name(dst.stem + ".tmp" + dst.suffix)
    writer = cv2.VideoWriter(str(tmp), cv2.VideoWriter_fourcc(*"mp4v"), fps, (w, h))
    touched, i = 0, 0
    try:
        while True:
            ok, frame = cap.read()
            if not ok:
                break
            t = t0 + i / fps
            hits = [f for f, a, b in pix if a <= t <= b]
            for f in hits:
                fill(frame, layout.boxes(f, w, h))
            touched += bool(hits)
            writer.write(frame)
            i += 1
    finally:
        cap.release()
        writer.release()
    os.replace(tmp, dst)
    return touched
