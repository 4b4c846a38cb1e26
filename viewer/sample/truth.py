"""The ground truth of a composed session (`truth.json`):

    {"session_id": ..., "tasks": [{"t_start", "t_end", "instruction"}],
     "sensitive": [{"kind", "t_start", "t_end", "value", "scope", "regions"}]}

kind: password | email | address | card_number | cvc | api_key | private_chat | card_on_screen | person |
organisation (a chat contact's name, a company in a message preview).
value: the fake value as typed or shown (null for a whole private chat). scope: "events" (only
typed, e.g. a password shown as bullets), "pixels" (only on screen), "both". regions:
[[screen_id, x, y, w, h], ...] in that screen's own pixels (its screenshots' pixels), every place
it showed during the span; [] when it never shows.

A span starts at the first key event (or paste hotkey) that types the value, or at the screen
change that shows it, and ends at its last key event or 1 ms before the screen change that hides
it (the last event if nothing does), so every event, screenshot and video frame producing or
showing it lies inside. A value that shows again later gets another entry.
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
            open_[tag].regions = _grow(open_[tag].regions, regions)
    for span in open_.values():
        span.t1 = end
    return spans


def _grow(known: list[list[int]], new: list[list[int]]) -> list[list[int]]:
    """Add regions; one that starts where a known one starts (text growing as it is typed)
    widens that one instead of being listed again."""
    out = [list(r) for r in known]
    for r in new:
        same = next((k for k in out if k[:3] == r[:3] and k[4] == r[4]), None)
        if same is None:
            out.append(list(r))
        else:
            same[3] = max(same[3], r[3])
    return out


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
