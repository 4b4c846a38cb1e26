"""Placing a screen video on a trace's time axis by matching its frames to the trace's screenshots.

`video_t0(video, shots)` returns the trace time of the video's first frame: the shift under which the
screenshots (trace time, image file) look most like the frames shown at their times. Frames are sampled at
SAMPLE_FPS and compared as small grey thumbnails, so a long video costs one decode pass and little memory.
None when the video cannot be read or the screenshots cannot decide (fewer than two that differ).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

THUMB = (48, 27)  # width, height of the grey thumbnails compared
SAMPLE_FPS = 4.0
MIN_INSIDE = 0.5  # share of the screenshots that must fall inside the video for a shift to count
PLATEAU = 0.002  # shifts within this of the best distance fit as well


@dataclass(frozen=True)
class Alignment:
    t0: float  # the trace time of the video's first frame
    error: float  # mean thumbnail distance (0..1) at that shift
    duration: float  # the video's length in seconds


def video_t0(video: Path, shots: list[tuple[float, Path]]) -> Alignment | None:
    """The shift that best matches `shots` to the video's frames, or None (see the module docstring)."""
    thumbs = [(t, _thumb_file(p)) for t, p in shots]
    thumbs = [(t, th) for t, th in thumbs if th is not None]
    if len(thumbs) < 2 or not _distinct(np.stack([th for _, th in thumbs])):
        return None
    sampled = _frames(video)
    if sampled is None:
        return None
    times, frames, duration = sampled
    shot_t = np.array([t for t, _ in thumbs])
    shot_th = np.stack([th for _, th in thumbs])
    dist = np.stack([np.abs(frames - th).mean(axis=1) for th in shot_th])  # shots x sampled frames
    step = 1.0 / SAMPLE_FPS
    candidates = np.arange(shot_t.min() - duration, shot_t.max() + step, step)
    worst = dist.max(axis=1)  # a screenshot outside the video counts as its worst match: the recording
    rows = np.arange(len(shot_t))  # covers the whole run, so shifts that push screenshots out lose
    scored = []
    for t0 in candidates:
        idx = np.rint((shot_t - t0) * SAMPLE_FPS).astype(int)
        inside = (idx >= 0) & (idx < len(times))
        if inside.sum() >= max(2, MIN_INSIDE * len(shot_t)):
            err = np.where(inside, dist[rows, np.clip(idx, 0, len(times) - 1)], worst)
            scored.append((float(t0), float(err.mean())))
    if not scored:
        return None
    best_at = min(range(len(scored)), key=lambda i: scored[i][1])
    best = scored[best_at][1]
    # Screens stay put between actions, so later shifts fit as well, up to the one that maps each screenshot
    # onto the moment its screen appeared: a screenshot is taken just after that change, so that end is taken.
    hi = best_at
    while hi < len(scored) - 1 and scored[hi + 1][1] <= best + PLATEAU:
        hi += 1
    return Alignment(round(scored[hi][0], 3), round(best, 4), duration)


def _distinct(thumbs: np.ndarray) -> bool:
    return float(np.abs(thumbs - thumbs[0]).mean(axis=1).max()) > 0.02


def _thumb(img: np.ndarray) -> np.ndarray:
    import cv2

    grey = img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    return cv2.resize(grey, THUMB, interpolation=cv2.INTER_AREA).astype(np.float32).ravel() / 255.0


def _thumb_file(path: Path) -> np.ndarray | None:
    import cv2

    img = cv2.imread(str(path), cv2.IMREAD_COLOR)
    return None if img is None else _thumb(img)


def _frames(video: Path):
    """(times, thumbnails, duration) of frames sampled at SAMPLE_FPS, or None when unreadable."""
    import cv2

    cap = cv2.VideoCapture(str(video))
    try:
        fps = float(cap.get(cv2.CAP_PROP_FPS) or 0)
        if not cap.isOpened() or fps <= 0:
            return None
        times, thumbs, index, next_t = [], [], 0, 0.0
        while True:
            t = index / fps
            if t + 1e-9 >= next_t:
                ok, img = cap.read()
                if not ok:
                    break
                times.append(next_t)
                thumbs.append(_thumb(img))
                next_t += 1.0 / SAMPLE_FPS
            elif not cap.grab():
                break
            index += 1
        if not thumbs:
            return None
        return np.array(times), np.stack(thumbs), index / fps
    finally:
        cap.release()
