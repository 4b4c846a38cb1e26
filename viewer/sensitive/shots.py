"""On-screen findings for a session: the screenshots that changed (per screen), each through detect_screen with
the title of the window that had focus then, spanning the time that screenshot is on screen; a value that stays
in place over consecutive screenshots is one finding.

Change detection compares a perceptual signature (ocr.signature) block by block. OCR runs in parallel (Tesseract
is a subprocess per image, so threads are enough); the caller passes VIEWER_OCR_WORKERS (default: all cores).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

from viewer.trace.paths import require_inside

from .config import Config
from .findings import Finding
from .ocr import OcrUnavailable, _iou, changed, signature
from .screen import detect_screen


def _workers(workers: int | None) -> int:
    """`workers` (the command line passes VIEWER_OCR_WORKERS), else one per core."""
    return max(1, workers or os.cpu_count() or 1)


def changed_shots(session) -> list[tuple[int, float, float, str]]:
    """(screen, t_from, t_to, file) for each run of screenshots that look the same, per screen."""
    idx = session.screenshots
    runs = []
    end = session.duration
    for screen in {int(s) for s in idx.screens}:
        rows = np.flatnonzero(idx.screens == screen)
        last_hash, current = None, None
        for n, i in enumerate(rows):
            t, file = float(idx.times[i]), str(idx.files[i])
            t_next = float(idx.times[rows[n + 1]]) - 0.001 if n + 1 < len(rows) else end
            path = require_inside(session.path, file)
            try:
                with Image.open(path) as im:
                    h = signature(im)
            except (OSError, ValueError):
                continue  # missing or undecodable: the validator reports it
            if changed(last_hash, h):
                current = [max(screen, 0), t, t_next, file]
                runs.append(current)
                last_hash = h
            else:
                current[2] = t_next
    return [tuple(r) for r in sorted(runs, key=lambda r: (r[1], r[0]))]


def _focus_at(session):
    """A function t -> (app, title) of the window that has focus at t ("", "" before any focus event)."""
    ev = session.events
    focus = ev[ev["type"] == "focus"]
    times = focus["t"].to_numpy(dtype=float)
    apps = [str(a) if isinstance(a, str) else "" for a in (focus["app"] if "app" in focus else [""] * len(times))]
    titles = [str(a) if isinstance(a, str) else "" for a in (focus["title"] if "title" in focus else
                                                               [""] * len(times))]

    def at(t: float) -> tuple[str, str]:
        i = int(np.searchsorted(times, t + 1e-6, side="right")) - 1
        return (apps[i], titles[i]) if i >= 0 else ("", "")
    return at


def screen_findings(session, config: Config, workers: int | None = None, cache=None) -> list[Finding]:
    """`cache`: an ocr_cache.OcrCache, so the words read here are kept for following values (and a screen
    read before is not read again)."""
    runs = changed_shots(session)
    focus_at = _focus_at(session)

    def work(run):
        screen, t0, t1, file = run
        app, title = focus_at(t0)
        try:
            path = require_inside(session.path, file)
            words = cache.words_of_file(path) if cache is not None else None
            with Image.open(path) as im:
                im.load()
                return run, [(f.category, f.detector, f.confidence, f.regions[0][1:], f.preview)
                             for f in detect_screen(im, title=title, config=config, app=app, in_title=False,
                                                    words=words)]
        except OcrUnavailable:
            raise
        except (OSError, ValueError):
            return run, []

    with ThreadPoolExecutor(_workers(workers)) as pool:
        results = list(pool.map(work, runs))
    found: list[Finding] = []
    open_: dict[tuple, Finding] = {}
    for (screen, t0, t1, _file), hits in results:
        seen = set()
        for category, detector, confidence, box, preview in hits:
            region = [screen, *box]
            key = (screen, category)
            prev = next((f for k, f in open_.items() if k[:2] == key and abs(f.t_end - (t0 - 0.001)) < 0.01 and
                         _iou(f.regions[0], region) > 0.3), None)
            if prev is not None:
                prev.t_end = t1
                prev.regions[0] = _union(prev.regions[0], region)
                prev.confidence = max(prev.confidence, confidence)
                seen.add(id(prev))
                continue
            f = Finding(session.session_id, t0, t1, "pixels", category, detector, confidence, [region], preview)
            found.append(f)
            open_[(screen, category, id(f))] = f
            seen.add(id(f))
        for k in [k for k, f in open_.items() if k[0] == screen and id(f) not in seen]:
            open_.pop(k)
    return found


def _union(a: list[int], b: list[int]) -> list[int]:
    x0, y0 = min(a[1], b[1]), min(a[2], b[2])
    x1, y1 = max(a[1] + a[3], b[1] + b[3]), max(a[2] + a[4], b[2] + b[4])
    return [a[0], x0, y0, x1 - x0, y1 - y0]
