"""Per-session metrics and problem codes, from a loaded Session (plus its screenshot and video files).

Every problem code comes with the time (s since the session start) where it first happens, so the
UI can open the replay there; problems without a time of their own (files nobody references, a
session that cannot be read) take the session start.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from viewer.trace.schema import COLUMNS, EVENT_TYPES, KEY_TYPES, POINTER_TYPES
from viewer.trace.session import Session

from .config import Thresholds
from .media import check_screenshots, check_video

INPUT_TYPES = POINTER_TYPES + KEY_TYPES

# Every code the scan can report, with what it means (the UI and README list them).
CODES = {
    "unreadable": "the session cannot be loaded (the codes after it say why)",
    "scan-failed": "the scan itself failed on this session (unexpected error)",
    "no-events": "the session has no events",
    "too-short": "shorter than min_duration",
    "sparse": "fewer events per second than min_events_per_s",
    "idle": "idle (no pointer or key input for over idle_gap s) more than max_idle_fraction of the time",
    "long-gap": "no event at all for over long_gap s",
    "time-backwards": "an event's time is before the one logged before it",
    "clock-jump": "time leaps forward by over clock_jump s in one step",
    "duplicate-events": "identical events (same time, type and fields) logged more than once",
    "off-screen": "pointer positions off every screen",
    "teleport": "the pointer moves faster than max_speed px/s over more than teleport_distance px",
    "stuck-key": "a key pressed (key_down) and never released (key_up)",
    "screenshot-missing": "a screenshot named by an event is not there",
    "screenshot-undecodable": "a screenshot cannot be decoded",
    "screenshot-format": "a screenshot is not a PNG, JPEG or WebP file",
    "screenshot-unreferenced": "image files under screenshots/ that no event names",
    "path-escape": "a screenshot or video path leaves the session directory",
    "stale-screenshot": "no fresh screenshot for over screenshot_gap s (and no screen video)",
    "video-missing": "the manifest names a screen video that is not there",
    "video-undecodable": "the screen video cannot be decoded",
    "video-format": "the screen video is not .mp4 or .webm",
    "video-length": "the screen video misses or overruns the events' span by over video_tolerance s",
    "unknown-type": "events of an unknown type",
    "annotations-stale": "labels or flags made on an older version of the trace",
}


class Found:
    """Problem codes with the earliest time each one happens."""

    def __init__(self, t0: float = 0.0):
        self.t0, self.times = t0, {}

    def add(self, code: str, t: float | None = None) -> None:
        t = self.t0 if t is None or not math.isfinite(t) else round(float(t), 3)
        self.times[code] = min(t, self.times.get(code, t))

    def columns(self) -> dict:
        codes = list(self.times)
        first = min(codes, key=lambda c: (self.times[c], codes.index(c))) if codes else None
        return {
            "problems": codes,
            "problem_count": len(codes),
            "problem_t": json.dumps(self.times, sort_keys=True),
            "first_problem": first or "",
            "first_problem_t": self.times[first] if first else math.nan,
        }


def _counts(types: pd.Series) -> dict:
    counts = types.value_counts()
    row = {f"n_{name}": int(counts.get(name, 0)) for name in EVENT_TYPES}
    row["n_other"] = int(len(types) - sum(row.values()))
    return row


def _time_checks(t: np.ndarray, th: Thresholds, found: Found) -> dict:
    step = np.diff(t)  # file order
    back = np.flatnonzero(step < 0)
    if len(back):
        found.add("time-backwards", t[back[0]])
    jumps = np.flatnonzero(step > th.clock_jump)
    if len(jumps):
        found.add("clock-jump", t[jumps[0]])
    ts = np.sort(t)
    gaps = np.diff(ts)
    ordinary = np.where(gaps > th.clock_jump, 0.0, gaps)
    longest = float(ordinary.max()) if len(ordinary) else 0.0
    if longest > th.long_gap:
        found.add("long-gap", ts[int(np.argmax(ordinary))])
    return {"backwards": int(len(back)), "max_backwards_s": float(-step[back].min()) if len(back) else 0.0,
            "clock_jumps": int(len(jumps)), "jumped_s": float(step[jumps].sum()) if len(jumps) else 0.0,
            "longest_gap_s": round(longest, 3)}


def _jump_free(t: np.ndarray, th: Thresholds):
    """Time with every clock jump (a step over clock_jump s) cut out: gaps measured on it ignore jumps."""
    ts = np.sort(t)
    steps = np.diff(ts)
    jumps = np.flatnonzero(steps > th.clock_jump)
    if not len(jumps):
        return lambda x: np.asarray(x, dtype=float)
    ends, amounts = ts[jumps + 1], np.cumsum(steps[jumps])

    def adjust(x):
        x = np.asarray(x, dtype=float)
        k = np.searchsorted(ends, x, side="right")
        return x - np.where(k > 0, amounts[np.maximum(k - 1, 0)], 0.0)

    return adjust


def _longest(edges: np.ndarray, adjust) -> tuple[np.ndarray, int]:
    gaps = np.diff(adjust(edges))
    return gaps, int(np.argmax(gaps)) if len(gaps) else 0


def _idle(t_input: np.ndarray, t_min: float, t_max: float, adjust, th: Thresholds, found: Found) -> float:
    edges = np.concatenate([[t_min], np.sort(t_input), [t_max]])
    gaps, _ = _longest(edges, adjust)
    idle_gaps = np.where(gaps > th.idle_gap, gaps, 0.0)
    active_span = float(adjust(t_max) - adjust(t_min))
    fraction = min(1.0, float(idle_gaps.sum() / active_span)) if active_span > 0 else 0.0
    if active_span > 0 and fraction > th.max_idle_fraction:
        found.add("idle", edges[int(np.argmax(idle_gaps))])
    return round(fraction, 4)


def _duplicates(ev: pd.DataFrame, th: Thresholds, found: Found) -> int:
    same_t = ev["t"].duplicated(keep=False)
    if not same_t.any():
        return 0
    sub = ev.loc[same_t, [c for c in COLUMNS if c in ev.columns]]
    dup = sub.duplicated(keep="first")
    n = int(dup.sum())
    if n > th.max_duplicates:
        found.add("duplicate-events", float(sub.loc[dup, "t"].min()))
    return n


def _pointer(ev: pd.DataFrame, session: Session, th: Thresholds, found: Found) -> dict:
    p = ev[ev["type"].isin(POINTER_TYPES) & ev["x"].notna() & ev["y"].notna()]
    out = {"off_screen": 0, "teleports": 0, "max_speed_px_s": 0.0}
    if not len(p):
        return out
    x, y, t = p["x"].to_numpy(float), p["y"].to_numpy(float), p["t"].to_numpy(float)
    screens = session.manifest.screens
    if screens:
        on = np.zeros(len(p), dtype=bool)
        for s in screens:
            on |= (x >= s.x) & (x < s.x + s.width) & (y >= s.y) & (y < s.y + s.height)
        off = np.flatnonzero(~on)
        out["off_screen"] = int(len(off))
        if len(off) > th.max_off_screen:
            found.add("off-screen", t[off[0]])
    if len(p) > 1:
        dist, dt = np.hypot(np.diff(x), np.diff(y)), np.diff(t)
        ok = dt >= 0
        speed = np.where(ok, dist / np.maximum(dt, 0.001), 0.0)
        out["max_speed_px_s"] = round(float(speed.max()), 1)
        tele = np.flatnonzero(ok & (dist > th.teleport_distance) & (speed > th.max_speed))
        out["teleports"] = int(len(tele))
        if len(tele):
            found.add("teleport", t[tele[0]])
    return out


def _stuck_keys(ev: pd.DataFrame, found: Found) -> int:
    keys = ev[ev["type"].isin(("key_down", "key_up")) & ev["key"].notna()]
    if not len(keys):
        return 0
    stuck = 0
    kinds, times = keys["type"].astype(str).to_numpy(), keys["t"].to_numpy(float)
    for _key, idx in keys.groupby("key", observed=True, sort=False).indices.items():
        k = kinds[idx]
        if k[-1] != "key_down":
            continue
        stuck += 1
        ups = np.flatnonzero(k == "key_up")
        start = idx[ups[-1] + 1] if len(ups) else idx[0]
        found.add("stuck-key", times[start])
    return stuck


def _screenshots(session: Session, t_min: float, t_max: float, adjust, th: Thresholds, found: Found,
                 has_video: bool) -> dict:
    shots = session.screenshots
    files = list(dict.fromkeys(str(f) for f in shots.files))
    check = check_screenshots(session.path, files, decode=th.check_images)
    if check.bad:
        first_t = {}
        for t, f in zip(shots.times, shots.files, strict=True):
            first_t.setdefault(str(f), float(t))
        for rel, code in check.bad.items():
            found.add(code, first_t.get(rel))
    if check.unreferenced:
        found.add("screenshot-unreferenced", None)
    times = np.sort(shots.times)
    edges = np.concatenate([[t_min], times, [t_max]])
    gaps, at = _longest(edges, adjust)
    stale = float(gaps[at]) if len(gaps) else 0.0
    if stale > th.screenshot_gap and not has_video:
        found.add("stale-screenshot", edges[at])
    bad = list(check.bad.values())
    return {"screenshots": len(files), "screenshots_missing": sum(c != "screenshot-undecodable" for c in bad),
            "screenshots_undecodable": bad.count("screenshot-undecodable"),
            "screenshots_unreferenced": len(check.unreferenced), "screenshot_gap_s": round(stale, 3)}


def _video(session: Session, t_min: float, t_max: float, th: Thresholds, found: Found) -> dict:
    video = session.manifest.video
    out = {"video": video is not None, "video_s": math.nan, "video_delta_s": math.nan}
    if video is None:
        return out
    check = check_video(session.path, video.file)
    if check.code:
        found.add(check.code, t_min)
        return out
    end = video.t0 + check.seconds
    out["video_s"], out["video_delta_s"] = round(check.seconds, 3), round(end - t_max, 3)
    if video.t0 - t_min > th.video_tolerance:
        found.add("video-length", t_min)
    if abs(end - t_max) > th.video_tolerance:
        found.add("video-length", min(end, t_max))
    return out


def session_row(session: Session, th: Thresholds | None = None) -> dict:
    """The report row of one loaded session (plain values; lists for `problems`)."""
    th = th or Thresholds()
    ev = session.events
    t = ev["t"].to_numpy(dtype=float)
    t_min, t_max = (float(t.min()), float(t.max())) if len(t) else (0.0, 0.0)
    found = Found(t_min)
    row = {"session_id": session.session_id, "readable": True, "content_hash": session.content_hash,
           "t_min": t_min, "t_max": t_max, "duration_s": round(session.duration, 3), "events": int(len(ev))}
    row.update(_counts(ev["type"].astype(str)))
    if not len(ev):
        found.add("no-events", 0.0)
    times = _time_checks(t, th, found)
    span = t_max - t_min
    active = max(0.0, span - times["jumped_s"])
    row["span_s"] = round(span, 3)
    row["events_per_s"] = round(len(ev) / active, 3) if active > 0 else 0.0
    types = ev["type"].astype(str).to_numpy()
    adjust = _jump_free(t, th)
    row["idle_fraction"] = _idle(t[np.isin(types, INPUT_TYPES)], t_min, t_max, adjust, th, found)
    row.update(times)
    row["duplicates"] = _duplicates(ev, th, found)
    row.update(_pointer(ev, session, th, found))
    row["stuck_keys"] = _stuck_keys(ev, found)
    video = _video(session, t_min, t_max, th, found)
    has_video = bool(video["video"]) and not math.isnan(video["video_s"])
    row.update(_screenshots(session, t_min, t_max, adjust, th, found, has_video))
    row.update(video)
    if th.min_duration and span < th.min_duration:
        found.add("too-short", t_min)
    if th.min_events_per_s and row["events_per_s"] < th.min_events_per_s:
        found.add("sparse", t_min)
    unknown = [p for p in session.problems if p.code == "unknown-type"]
    if unknown:
        found.add("unknown-type", float(t[~np.isin(types, EVENT_TYPES)].min()) if len(t) else None)
    row.update(found.columns())
    return row


def failed_row(session_dir: Path, session_id: str, codes: list[str], content_hash: str = "") -> dict:
    """The row of a session that could not be scanned: its problem codes, no metrics."""
    found = Found(0.0)
    for code in codes:
        found.add(code, 0.0)
    return {"session_id": session_id, "readable": False, "content_hash": content_hash, **found.columns()}


def problem_times(row) -> dict[str, float]:
    raw = row.get("problem_t") if hasattr(row, "get") else None
    try:
        return {str(k): float(v) for k, v in json.loads(raw or "{}").items()}
    except (TypeError, ValueError):
        return {}
