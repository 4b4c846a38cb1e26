"""A redacted session's events -> training steps: one per meaningful action (a click, a drag, a scroll, a key
combination, a typed-text chunk), each with the screen it was taken on, the focused window and the task label
that covers it. Pure functions over plain dicts (the exported events, in time order); no I/O."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

MODIFIERS = frozenset({"Shift", "Control", "Alt", "Meta", "AltGraph", "CapsLock", "OS", "Super", "Hyper"})
TEXT_PAUSE = 1.5  # seconds without a keystroke that end a typed-text chunk
SCROLL_PAUSE = 0.5  # consecutive scroll events closer than this are one scroll step
DRAG_PX = 8  # a press and release further apart than this is a drag, not a click
EDITING = {"Backspace"}


@dataclass
class Step:
    t: float
    action_type: str  # click | double_click | right_click | middle_click | drag | scroll | hotkey | key | type
    x: float | None = None
    y: float | None = None
    end_x: float | None = None
    end_y: float | None = None
    button: str | None = None
    keys: list[str] = field(default_factory=list)
    text: str | None = None
    scroll_dx: float | None = None
    scroll_dy: float | None = None
    screen: int | None = None


def _is_char(key: str) -> bool:
    return isinstance(key, str) and len(key) == 1


class _Builder:
    def __init__(self) -> None:
        self.steps: list[Step] = []
        self.held: set[str] = set()
        self.typed: Step | None = None
        self.down: dict | None = None
        self.scroll: Step | None = None

    def flush_text(self) -> None:
        if self.typed is not None and self.typed.text:
            self.steps.append(self.typed)
        self.typed = None

    def flush_scroll(self) -> None:
        if self.scroll is not None:
            self.steps.append(self.scroll)
        self.scroll = None

    def key_down(self, t: float, key: str) -> None:
        if key in MODIFIERS:
            self.held.add(key)
            return
        chord = sorted(self.held - {"Shift"}) if _is_char(key) else sorted(self.held)
        if (_is_char(key) or key in EDITING or key == " ") and not chord:
            self._type(t, key)
            return
        self.flush_text()
        kind = "hotkey" if chord else "key"
        self.steps.append(Step(t, kind, keys=[*chord, key]))

    def _type(self, t: float, key: str) -> None:
        if self.typed is not None and t - self.typed_last > TEXT_PAUSE:
            self.flush_text()
        if self.typed is None:
            self.typed = Step(t, "type", text="")
        if key == "Backspace":
            self.typed.text = self.typed.text[:-1]
        else:
            self.typed.text += key
        self.typed_last = t

    def text_event(self, t: float, text: str) -> None:
        self.flush_scroll()
        if self.typed is not None and t - self.typed_last <= TEXT_PAUSE:
            self.typed.text += text
            self.typed_last = t
            return
        self.flush_text()
        self.typed, self.typed_last = Step(t, "type", text=text), t

    def pointer(self, e: dict) -> None:
        kind, t = e["type"], float(e["t"])
        if kind == "down":
            self.flush_text()
            self.flush_scroll()
            self.down = e
        elif kind == "up" and self.down is not None:
            d, self.down = self.down, None
            far = abs(float(e["x"]) - float(d["x"])) + abs(float(e["y"]) - float(d["y"])) > DRAG_PX
            if far:
                self.steps.append(Step(float(d["t"]), "drag", d["x"], d["y"], e["x"], e["y"], d.get("button"),
                                       screen=d.get("screen")))
            else:
                self.steps.append(Step(float(d["t"]), _click_kind(d.get("button"), 1), d["x"], d["y"],
                                       button=d.get("button"), screen=d.get("screen")))
        elif kind == "click":
            self.flush_text()
            self.flush_scroll()
            self.steps.append(Step(t, _click_kind(e.get("button"), int(e.get("count") or 1)), e["x"], e["y"],
                                   button=e.get("button"), screen=e.get("screen")))
        elif kind == "scroll":
            self.flush_text()
            s = self.scroll
            if s is not None and t - self.scroll_last <= SCROLL_PAUSE:
                s.scroll_dx += float(e.get("dx") or 0)
                s.scroll_dy += float(e.get("dy") or 0)
            else:
                self.flush_scroll()
                self.scroll = Step(t, "scroll", e.get("x"), e.get("y"), scroll_dx=float(e.get("dx") or 0),
                                   scroll_dy=float(e.get("dy") or 0), screen=e.get("screen"))
            self.scroll_last = t


def _click_kind(button: str | None, count: int) -> str:
    if button == "right":
        return "right_click"
    if button == "middle":
        return "middle_click"
    return "double_click" if count >= 2 else "click"


def steps_of(events: list[dict]) -> list[Step]:
    """The meaningful actions of a session's events (in time order), in time order."""
    b = _Builder()
    for e in events:
        kind = e.get("type")
        if kind == "key_down" and e.get("key") is not None:
            b.flush_scroll()
            b.key_down(float(e["t"]), str(e["key"]))
        elif kind == "key_up" and e.get("key") in MODIFIERS:
            b.held.discard(e["key"])
        elif kind == "key" and e.get("key") is not None:
            b.flush_text()
            b.flush_scroll()
            mods = [m for m in (e.get("mods") or []) if m]
            b.steps.append(Step(float(e["t"]), "hotkey" if mods else "key", keys=[*sorted(mods), str(e["key"])]))
        elif kind == "text" and e.get("text"):
            b.text_event(float(e["t"]), str(e["text"]))
        elif kind in ("down", "up", "click", "scroll") and e.get("x") is not None:
            b.pointer(e)
    b.flush_text()
    b.flush_scroll()
    return sorted(b.steps, key=lambda s: s.t)


class Timeline:
    """What was on screen and in focus at a time: screenshots per screen, focus events, task labels."""

    def __init__(self, events: list[dict], labels: list[dict]):
        self.shots: dict = {}
        for e in events:
            if e.get("type") == "screenshot" and e.get("file"):
                self.shots.setdefault(e.get("screen"), []).append((float(e["t"]), e["file"]))
        focus = [e for e in events if e.get("type") == "focus"]
        self.focus_t = [float(e["t"]) for e in focus]
        self.focus = [(e.get("app"), e.get("title")) for e in focus]
        self.labels = sorted(labels, key=lambda lb: (lb["t_start"], lb["t_end"]))

    def screenshot(self, t: float, screen=None) -> str | None:
        """The file of the last screenshot taken at or before `t` (on that screen, else any)."""
        shots = self.shots.get(screen) or next(iter(self.shots.values()), [])
        i = bisect.bisect_right([s[0] for s in shots], t) - 1
        return shots[i][1] if i >= 0 else None

    def window(self, t: float) -> tuple[str | None, str | None]:
        i = bisect.bisect_right(self.focus_t, t) - 1
        return self.focus[i] if i >= 0 else (None, None)

    def label(self, t: float) -> dict | None:
        """The shortest task label covering `t`."""
        covering = [lb for lb in self.labels if lb["t_start"] <= t <= lb["t_end"]]
        return min(covering, key=lambda lb: lb["t_end"] - lb["t_start"]) if covering else None
