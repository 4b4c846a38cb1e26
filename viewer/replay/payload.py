"""The compact, columnar data the browser player gets once per session (no images: those come lazily).

Versioned (`VERSION`; the player's model.js refuses another) with named fields; the shapes are written out
as JSDoc in viewer/ui/player/types.js, which the type checker holds the player to."""

from __future__ import annotations

import hashlib
import json

import numpy as np

from viewer.review import masking
from viewer.spans import Span  # re-exported: the bands other pages fill
from viewer.trace import Session

from . import media
from .timeline import Timeline

VERSION = 2


def _r(a) -> list:
    return np.round(np.asarray(a, dtype=float), 3).tolist()


def _ms_deltas(t) -> list[int]:
    """Times as whole-millisecond steps from 0. The pointer's samples (most of the data) are sent as steps:
    small numbers, a third of the JSON of absolute values; the player adds them up once."""
    ms = np.round(np.asarray(t, dtype=float) * 1000).astype(np.int64)
    return np.diff(ms, prepend=0).tolist()


def _keys(tl: Timeline) -> dict:
    """Key presses as labels ("Ctrl+V", "a", a text chunk) with their kind, and held modifiers as intervals."""
    rows, held = tl.key_rows()
    return {"t": _r([r[0] for r in rows]), "label": [r[1] for r in rows], "kind": [r[2] for r in rows],
            "held": [{"t_start": round(a, 3), "t_end": None if b is None else round(b, 3), "key": k}
                     for a, b, k in held]}


BUTTONS = ("left", "right", "middle")


def _clicks(tl: Timeline) -> dict:
    cs = tl.clicks
    return {"t": _r([c.t for c in cs]), "x": [c.x for c in cs], "y": [c.y for c in cs],
            "button": [c.button if c.button in BUTTONS else "left" for c in cs], "count": [c.count for c in cs],
            "drag_end_t": [round(c.t_end, 3) if c.is_drag else None for c in cs],
            "drag_end_x": [c.x2 for c in cs], "drag_end_y": [c.y2 for c in cs]}


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
    idle = tl.idle_periods(idle_threshold)
    return {
        "version": VERSION,
        "session": session.session_id,
        "hash": session.content_hash,
        "start": round(tl.start, 3),
        "duration": round(tl.duration, 3),
        "screens": [{"id": s.id, "x": s.x, "y": s.y, "width": s.width, "height": s.height} for s in m.screens],
        "pointer": {"t_ms_steps": _ms_deltas(tl.ptr_t), "x_steps": np.diff(tl.ptr_x, prepend=0).tolist(),
                    "y_steps": np.diff(tl.ptr_y, prepend=0).tolist()},
        "clicks": _clicks(tl),
        "scrolls": {"t": _r(tl.scroll_t), "x": [int(s[1]) for s in tl.scrolls], "y": [int(s[2]) for s in tl.scrolls],
                    "dy": [float(s[4]) for s in tl.scrolls]},
        "keys": _keys(tl),
        "focus": {"t": _r(tl.focus_t), "app": tl.focus_app, "title": tl.focus_title},
        "app_switches": {"t": [round(t, 3) for t, _ in tl.app_switches()], "app": [a for _, a in tl.app_switches()]},
        "screenshots": {"t": _r(shots.times), "screen": [int(s) for s in shots.screens]},
        "video": video,
        "steps": _r(tl.step_t),
        "idle": {"t_start": [round(a, 3) for a, _ in idle], "t_end": [round(b, 3) for _, b in idle]},
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
