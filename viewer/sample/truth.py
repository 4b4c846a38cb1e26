"""The ground truth of a composed session: its tasks and every sensitive value, with the time
span of the events that type it and/or the screen states that show it, and where it shows.

Regions are [screen_id, x, y, w, h] in that screen's own pixels (its screenshots' pixels). A
value on screen is covered from the state change that shows it to 1 ms before the change that
hides it (or the last event), so every screenshot and video frame showing it lies inside.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import apps
from .state import Desktop, Env
from .timeline import Timeline


@dataclass
class Span:
    t0: int
    t1: int
    regions: list[list[int]] = field(default_factory=list)
    typed: bool = False


def desktop_marks(env: Env, desk: Desktop) -> dict[str, list[list[int]]]:
    out: dict[str, list[list[int]]] = {}
    for screen, kind in enumerate(desk.shown):
        if kind is not None:
            for tag, rects in apps.marks(env, kind, desk.views[kind]).items():
                out.setdefault(tag, []).extend([screen, *r] for r in rects)
    return out


def visibility(tl: Timeline, end: int) -> dict[str, list[Span]]:
    """Per tag, the intervals during which some shown window displays it."""
    states = [s for i, s in enumerate(tl.states) if i + 1 == len(tl.states) or tl.states[i + 1][0] != s[0]]
    spans: dict[str, list[Span]] = {}
    open_: dict[str, Span] = {}
    for t, desk in states:
        marks = desktop_marks(tl.env, desk)
        for tag in [tag for tag in open_ if tag not in marks]:
            open_.pop(tag).t1 = t - 1
        for tag, regions in marks.items():
            if tag not in open_:
                open_[tag] = Span(t, t)
                spans.setdefault(tag, []).append(open_[tag])
            open_[tag].regions += [r for r in regions if r not in open_[tag].regions]
    for span in open_.values():
        span.t1 = end
    return spans


def _merge(shown: list[Span], typed: list[tuple[int, int]]) -> list[Span]:
    """Fold each typing span into the on-screen interval it overlaps, or keep it on its own."""
    out = [Span(s.t0, s.t1, list(s.regions)) for s in shown]
    for t0, t1 in typed:
        hit = next((s for s in out if s.t0 <= t1 and t0 <= s.t1), None)
        if hit is None:
            out.append(Span(t0, t1, [], True))
        else:
            hit.t0, hit.t1, hit.typed = min(hit.t0, t0), max(hit.t1, t1), True
    return sorted(out, key=lambda s: s.t0)


def sensitive(tl: Timeline, end: int) -> list[dict]:
    shown = visibility(tl, end)
    rows = []
    for tag, secret in tl.secrets.items():
        for span in _merge(shown.get(tag, []), secret.typed):
            scope = "both" if span.typed and span.regions else ("events" if span.typed else "pixels")
            rows.append({"kind": secret.kind, "t_start": span.t0 / 1000, "t_end": span.t1 / 1000,
                         "value": secret.value, "scope": scope, "regions": span.regions})
    return sorted(rows, key=lambda r: (r["t_start"], r["kind"]))


def truth(session_id: str, tl: Timeline, end: int) -> dict:
    return {"session_id": session_id, "tasks": tl.tasks, "sensitive": sensitive(tl, end)}
