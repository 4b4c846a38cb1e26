"""The compact, columnar data the browser player gets once per session (no images: those come lazily)."""

from __future__ import annotations

import hashlib
import json

import numpy as np

from viewer.review import masking
from viewer.spans import Span  # re-exported: the bands other pages fill
from viewer.trace import Session

from . import media
from .timeline import MODIFIERS, Timeline, key_label


def _r(a) -> list:
    return np.round(np.asarray(a, dtype=float), 3).tolist()


def _ms_deltas(t) -> list[int]:
    """Times as whole-millisecond steps from 0. The pointer's samples (most of the data) are sent as steps:
    small numbers, a third of the JSON of absolute values; the player adds them up once."""
    ms = np.round(np.asarray(t, dtype=float) * 1000).astype(np.int64)
    return np.diff(ms, prepend=0).tolist()


def _keys(tl: Timeline) -> dict:
    """Key presses as labels ("Ctrl+V", "a", "“text”") and held modifiers as intervals."""
    t, label, kind, held_spans = [], [], [], []
    down_at: dict[str, float] = {}

    def add(ti: float, text: str, k: int) -> None:  # k: 0 a key press, 1 a hotkey, 2 a text chunk
        t.append(ti)
        label.append(text)
        kind.append(k)

    for i, (k, name) in enumerate(zip(tl.key_kind, tl.key_name)):
        ti = float(tl.key_t[i])
        if name in MODIFIERS and k in ("key_down", "key_up"):
            if k == "key_down":
                down_at.setdefault(name, ti)
            elif name in down_at:
                held_spans.append([round(down_at.pop(name), 3), round(ti, 3), name])
            continue
        if k == "key_down":
            held = [m for m, t0 in down_at.items() if m != "Shift" or len(name) > 1]
            add(ti, key_label(name, "+".join(held) or None), 1 if set(held) - {"Shift"} else 0)
        elif k == "key":
            add(ti, key_label(name, tl.key_mods[i]), 1 if tl.key_mods[i] else 0)
        elif k == "text":
            add(ti, name, 2)
    for name, t0 in down_at.items():
        held_spans.append([round(t0, 3), round(tl.duration, 3), name])
    return {"t": _r(t), "k": label, "kind": kind, "held": held_spans}


def _clicks(tl: Timeline) -> dict:
    cs = tl.clicks
    return {"t": _r([c.t for c in cs]), "x": [c.x for c in cs], "y": [c.y for c in cs],
            "b": [("left", "right", "middle").index(c.button) if c.button in ("left", "right", "middle") else 0
                  for c in cs],
            "n": [c.count for c in cs], "te": [round(c.t_end, 3) if c.is_drag else None for c in cs],
            "x2": [c.x2 for c in cs], "y2": [c.y2 for c in cs]}


def build(session: Session, timeline: Timeline | None = None, idle_threshold: float = 5.0,
          spans: list[Span] = ()) -> dict:
    """Everything the player draws, as parallel arrays (JSON-ready). Screenshots only as (t, screen) keys."""
    tl = timeline or Timeline(session.events)
    m = session.manifest
    shots = session.screenshots
    video = None
    if m.video is not None:
        reader = media.open_video(session.path, m.video.file)
        if reader is not None:
            video = {"t0": m.video.t0, "fps": reader.fps, "frames": reader.count,
                     "screen": m.video.screen if m.video.screen is not None else m.screens[0].id}
    return {
        "session": session.session_id,
        "hash": session.content_hash,
        "start": round(tl.start, 3),
        "duration": round(tl.duration, 3),
        "screens": [{"id": s.id, "x": s.x, "y": s.y, "w": s.width, "h": s.height} for s in m.screens],
        "ptr": {"dt": _ms_deltas(tl.ptr_t), "dx": np.diff(tl.ptr_x, prepend=0).tolist(),
                "dy": np.diff(tl.ptr_y, prepend=0).tolist()},
        "clicks": _clicks(tl),
        "scrolls": {"t": _r(tl.scroll_t), "x": [int(s[1]) for s in tl.scrolls], "y": [int(s[2]) for s in tl.scrolls],
                    "dy": [float(s[4]) for s in tl.scrolls]},
        "keys": _keys(tl),
        "focus": {"t": _r(tl.focus_t), "app": tl.focus_app, "title": tl.focus_title},
        "switches": [[round(t, 3), app] for t, app in tl.app_switches()],
        "shots": {"t": _r(shots.times), "screen": [int(s) for s in shots.screens]},
        "video": video,
        "steps": _r(tl.step_t),
        "idle": [[round(a, 3), round(b, 3)] for a, b in tl.idle_periods(idle_threshold)],
        "idle_threshold": idle_threshold,
        "spans": [s.to_json() for s in spans],
    }


def with_review(base: dict, spans: list[Span], mask: list[tuple[float, float]]) -> dict:
    """A copy of a (cached, shared) payload with the reviewers' bands added and the typed text inside `mask`
    spans masked, so unrevealed text never reaches the browser. `review_rev` changes whenever either does."""
    keys = masking.mask_keys(base["keys"], mask) if mask else base["keys"]
    all_spans = base["spans"] + [s.to_json() for s in spans]
    rev = hashlib.sha1(json.dumps([all_spans, mask]).encode()).hexdigest()[:16]
    return {**base, "keys": keys, "spans": all_spans, "review_rev": rev}


def task_spans(session: Session) -> list[Span]:
    """The tasks the recorder already knew, as spans (reviewers' labels and flags are added by their pages)."""
    return [Span(t.t_start, t.t_end, "task", t.instruction) for t in session.manifest.tasks]
