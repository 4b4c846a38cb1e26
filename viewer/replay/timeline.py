"""Time -> what is on screen: cursor, trail, clicks, scrolls, keys, focused window. Pure helpers, no drawing.

A `Timeline` is built once per session from its events. "The state at t" is found the way a video seeks:
start from the last keyframe at or before t (held keys, snapshotted every KEYFRAME_EVERY key events),
then apply the events after it up to t; positions and the focused window come from binary searches.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

POINTER = ("move", "down", "up", "click", "scroll")
MODIFIERS = ("Shift", "Control", "Alt", "Meta", "AltGraph", "CapsLock", "OS", "Super", "Hyper", "Fn")
KEYFRAME_EVERY = 256
DOUBLE_S, DOUBLE_PX, DRAG_PX = 0.4, 6, 8
STEP_TYPES = ("down", "click", "scroll", "key_down", "key", "text", "focus", "screenshot", "marker")


@dataclass(frozen=True)
class Click:
    t: float
    x: int
    y: int
    button: str
    count: int = 1  # 2 for a double click
    t_end: float | None = None  # the release, for a drag
    x2: int | None = None
    y2: int | None = None

    @property
    def is_drag(self) -> bool:
        return self.x2 is not None


@dataclass
class State:
    t: float
    cursor: tuple[int, int] | None = None
    trail: list[tuple[float, int, int]] = field(default_factory=list)  # oldest first
    clicks: list[Click] = field(default_factory=list)
    scrolls: list[tuple[float, int, int, float, float]] = field(default_factory=list)  # t, x, y, dx, dy
    keys: list[tuple[float, str]] = field(default_factory=list)  # recent key labels, oldest first
    held: tuple[str, ...] = ()  # modifiers held at t
    typed: str = ""  # text typed in the last seconds (Backspace applied)
    app: str = ""
    title: str = ""


def _col(frame: pd.DataFrame, name: str, default=None) -> np.ndarray:
    if name not in frame:
        return np.full(len(frame), default, dtype=object)
    return frame[name].astype(object).where(frame[name].notna(), default).to_numpy(dtype=object)


def key_label(key: str, mods: str | None) -> str:
    """'Control+Shift' and 'v' -> 'Ctrl+Shift+V'; a plain key stays as logged."""
    short = {"Control": "Ctrl", "Meta": "Cmd", " ": "Space"}
    name = short.get(key, key)
    if not mods:
        return name
    parts = [short.get(m, m) for m in str(mods).split("+") if m]
    return "+".join(parts + [name.upper() if len(name) == 1 else name])


def typed_edit(label: str, kind: str) -> str:
    """What a key row adds to the typed line: text, "\\b" (Backspace) or "\\n" (Enter clears the line);
    hotkeys type nothing. The player's model.js `typedEdit` is the same rule (a test holds them together)."""
    if kind == "text":
        return label
    if kind != "press":
        return ""
    return {"Backspace": "\b", "Enter": "\n", "Tab": " ⇥ ", "Space": " "}.get(label, label if len(label) == 1 else "")


def _build_clicks(ev: pd.DataFrame) -> list[Click]:
    """Clicks from down/up pairs (drags when the release is far) and from `click` events."""
    rows = ev[ev["type"].isin(["down", "up", "click"])]
    out: list[Click] = []
    pending: dict[str, tuple[float, int, int]] = {}
    for t, kind, x, y, b, n in zip(rows["t"], rows["type"].astype(str), _col(rows, "x", 0), _col(rows, "y", 0),
                                   _col(rows, "button", "left"), _col(rows, "count", 1)):
        x, y, b = int(x), int(y), str(b)
        if kind == "click":
            out.append(Click(float(t), x, y, b, int(n or 1)))
        elif kind == "down":
            pending[b] = (float(t), x, y)
            prev = next((c for c in reversed(out) if c.button == b), None)
            double = (prev is not None and not prev.is_drag and t - prev.t <= DOUBLE_S
                      and abs(prev.x - x) <= DOUBLE_PX and abs(prev.y - y) <= DOUBLE_PX)
            out.append(Click(float(t), x, y, b, prev.count + 1 if double else 1))
        elif b in pending:
            t0, x0, y0 = pending.pop(b)
            if max(abs(x - x0), abs(y - y0)) > DRAG_PX:
                i = max(i for i, c in enumerate(out) if c.t == t0 and c.button == b)
                c = out[i]
                out[i] = Click(c.t, c.x, c.y, b, 1, float(t), x, y)
    out.sort(key=lambda c: c.t)
    return out


class Timeline:
    """Sorted per-kind arrays of one session's events, for state-at-t, markers and stepping."""

    def __init__(self, events: pd.DataFrame):
        ev = events.sort_values("t", kind="stable")
        self.duration = float(ev["t"].max()) if len(ev) else 0.0
        self.start = float(ev["t"].min()) if len(ev) else 0.0
        types = ev["type"].astype(str).to_numpy()
        ptr = ev[np.isin(types, POINTER) & ev["x"].notna().to_numpy() & ev["y"].notna().to_numpy()]
        self.ptr_t = ptr["t"].to_numpy(dtype=float)
        self.ptr_x = ptr["x"].to_numpy(dtype=np.int64)
        self.ptr_y = ptr["y"].to_numpy(dtype=np.int64)
        self.clicks = _build_clicks(ev)
        self.click_t = np.array([c.t for c in self.clicks], dtype=float)
        sc = ev[types == "scroll"]
        self.scrolls = list(zip(sc["t"].astype(float), _col(sc, "x", 0), _col(sc, "y", 0),
                                _col(sc, "dx", 0.0), _col(sc, "dy", 0.0)))
        self.scroll_t = np.array([s[0] for s in self.scrolls], dtype=float)
        self._keys(ev, types)
        fo = ev[types == "focus"]
        self.focus_t = fo["t"].to_numpy(dtype=float)
        self.focus_app = [str(a) for a in _col(fo, "app", "")]
        self.focus_title = [str(a) for a in _col(fo, "title", "")]
        self.step_t = np.unique(ev["t"].to_numpy(dtype=float)[np.isin(types, STEP_TYPES)])
        self.activity_t = ev["t"].to_numpy(dtype=float)[types != "screenshot"]
        self.shot_t = ev["t"].to_numpy(dtype=float)[types == "screenshot"]

    def _keys(self, ev: pd.DataFrame, types: np.ndarray) -> None:
        """Key events as (t, kind, label) with held-modifier keyframes every KEYFRAME_EVERY events."""
        kd = ev[np.isin(types, ("key_down", "key_up", "key", "text"))]
        kinds = kd["type"].astype(str).to_numpy()
        keys, mods, texts = _col(kd, "key", ""), _col(kd, "mods", None), _col(kd, "text", "")
        self.key_t = kd["t"].to_numpy(dtype=float)
        self.key_kind = list(kinds)
        self.key_name = [str(k) if kind != "text" else str(tx) for k, kind, tx in zip(keys, kinds, texts)]
        self.key_mods = list(mods)
        self._key_rows: tuple[list, list] | None = None
        self.keyframes: list[tuple[int, frozenset]] = []
        held: set[str] = set()
        for i, (kind, name) in enumerate(zip(self.key_kind, self.key_name)):
            if i % KEYFRAME_EVERY == 0:
                self.keyframes.append((i, frozenset(held)))
            self._apply_key(held, kind, name)

    @staticmethod
    def _apply_key(held: set, kind: str, name: str) -> None:
        if name in MODIFIERS:
            if kind == "key_down":
                held.add(name)
            elif kind == "key_up":
                held.discard(name)

    def held_at(self, t: float) -> tuple[str, ...]:
        """Modifiers held at t: last keyframe at or before t, then the key events after it."""
        n = int(np.searchsorted(self.key_t, t, side="right"))
        if n == 0:
            return ()
        start, snap = self.keyframes[(n - 1) // KEYFRAME_EVERY]
        held = set(snap)
        for i in range(start, n):
            self._apply_key(held, self.key_kind[i], self.key_name[i])
        return tuple(m for m in MODIFIERS if m in held)

    def cursor_at(self, t: float) -> tuple[int, int] | None:
        i = int(np.searchsorted(self.ptr_t, t, side="right")) - 1
        return (int(self.ptr_x[i]), int(self.ptr_y[i])) if i >= 0 else None

    def trail(self, t: float, seconds: float = 1.5) -> list[tuple[float, int, int]]:
        lo, hi = np.searchsorted(self.ptr_t, [t - seconds, t], side="right")
        return [(float(self.ptr_t[i]), int(self.ptr_x[i]), int(self.ptr_y[i])) for i in range(int(lo), int(hi))]

    def focus_at(self, t: float) -> tuple[str, str]:
        i = int(np.searchsorted(self.focus_t, t, side="right")) - 1
        return (self.focus_app[i], self.focus_title[i]) if i >= 0 else ("", "")

    def key_rows(self) -> tuple[list[tuple[float, str, str]], list[tuple[float, float | None, str]]]:
        """Key events as (t, label, kind) rows, kind "press", "hotkey" (a chord with Ctrl, Alt...) or "text";
        modifier presses are left out and given as held intervals (t_start, t_end, key), t_end None for one
        still held at the end. Built once: the
        player's payload sends these rows, and `recent_keys` and `typed` read them, as the player does."""
        if self._key_rows is not None:
            return self._key_rows
        rows: list[tuple[float, str, str]] = []
        held_spans: list[tuple[float, float | None, str]] = []
        down_at: dict[str, float] = {}
        for i, (kind, name) in enumerate(zip(self.key_kind, self.key_name)):
            ti = float(self.key_t[i])
            if name in MODIFIERS and kind in ("key_down", "key_up"):
                if kind == "key_down":
                    down_at.setdefault(name, ti)
                elif name in down_at:
                    held_spans.append((down_at.pop(name), ti, name))
                continue
            if kind == "key_down":
                held = [m for m in down_at if m != "Shift" or len(name) > 1]
                rows.append((ti, key_label(name, "+".join(held) or None), "hotkey" if set(held) - {"Shift"} else "press"))
            elif kind == "key":
                rows.append((ti, key_label(name, self.key_mods[i]), "hotkey" if self.key_mods[i] else "press"))
            elif kind == "text":
                rows.append((ti, name, "text"))
        held_spans.extend((t0, None, name) for name, t0 in down_at.items())  # never released
        self._key_rows = (rows, held_spans)
        self._key_row_t = np.array([r[0] for r in rows], dtype=float)
        return self._key_rows

    def _rows_between(self, t0: float, t1: float) -> list[tuple[float, str, str]]:
        """Key rows with t0 < t <= t1."""
        rows, _ = self.key_rows()
        lo, hi = np.searchsorted(self._key_row_t, [t0, t1], side="right")
        return rows[int(lo):int(hi)]

    def recent_keys(self, t: float, seconds: float = 3.0, limit: int = 10) -> list[tuple[float, str]]:
        """The last `limit` key labels in the `seconds` up to t (text chunks quoted, their first 24 characters)."""
        return [(ti, "“" + label[:24] + "”" if kind == "text" else label)
                for ti, label, kind in self._rows_between(t - seconds, t)][-limit:]

    def typed(self, t: float, seconds: float = 10.0, limit: int = 60) -> str:
        """Text typed in the last `seconds` before t: text chunks and keys that type a character, Backspace
        and Enter applied (the rule is `typed_edit`, the same as the player's)."""
        buf = ""
        for _, label, kind in self._rows_between(t - seconds, t):
            edit = typed_edit(label, kind)
            buf = buf[:-1] if edit == "\b" else "" if edit == "\n" else buf + edit
        return buf[-limit:]

    def state_at(self, t: float, trail_s: float = 1.5, click_s: float = 0.8, key_s: float = 3.0) -> State:
        app, title = self.focus_at(t)
        clicks = self.recent_clicks(t, click_s)
        slo, shi = np.searchsorted(self.scroll_t, [t - click_s, t], side="right")
        return State(t=t, cursor=self.cursor_at(t), trail=self.trail(t, trail_s), clicks=clicks,
                     scrolls=[self.scrolls[i] for i in range(int(slo), int(shi))],
                     keys=self.recent_keys(t, key_s), held=self.held_at(t), typed=self.typed(t),
                     app=app, title=title)

    def recent_clicks(self, t: float, seconds: float = 0.8) -> list[Click]:
        """Clicks pressed in the last `seconds`, and drags still held or released in that time."""
        out, i = [], int(np.searchsorted(self.click_t, t, side="right")) - 1
        while i >= 0 and self.clicks[i].t > t - 60:
            c = self.clicks[i]
            if c.t > t - seconds or (c.t_end is not None and c.t_end > t - seconds):
                out.append(c)
            i -= 1
        return out[::-1]

    def next_event(self, t: float) -> float | None:
        i = int(np.searchsorted(self.step_t, t + 1e-6, side="left"))
        return float(self.step_t[i]) if i < len(self.step_t) else None

    def prev_event(self, t: float) -> float | None:
        i = int(np.searchsorted(self.step_t, t - 1e-6, side="left")) - 1
        return float(self.step_t[i]) if i >= 0 else None

    def idle_periods(self, threshold: float = 5.0) -> list[tuple[float, float]]:
        return idle_periods(self.activity_t, threshold)

    def app_switches(self) -> list[tuple[float, str]]:
        out, last = [], None
        for t, app in zip(self.focus_t, self.focus_app):
            if app != last:
                out.append((float(t), app))
                last = app
        return out


def idle_periods(times: np.ndarray, threshold: float) -> list[tuple[float, float]]:
    """Gaps longer than `threshold` seconds between consecutive activity times, as (start, end)."""
    times = np.sort(np.asarray(times, dtype=float))
    if len(times) < 2:
        return []
    gaps = np.diff(times)
    idx = np.flatnonzero(gaps > threshold)
    return [(float(times[i]), float(times[i + 1])) for i in idx]
