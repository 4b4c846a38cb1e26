"""Input actions on a timeline: pointer moves, clicks, drags, wheel scrolls, typing, hotkeys, paste.

Targets are rectangles in a screen's pixels; events carry virtual-desktop coordinates (the
screen's offset added). Typing takes `show(buffer) -> Desktop` so the text typed so far is on
screen from the key press that produced it.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import numpy as np

from . import keystrokes, motion
from .geometry import Rect
from .state import Desktop
from .timeline import Timeline


def _np(rng: random.Random) -> np.random.Generator:
    return np.random.default_rng(rng.getrandbits(64))


def bounds(tl: Timeline) -> tuple[int, int, int, int]:
    xs = [s.x for s in tl.env.screens] + [s.x + s.width for s in tl.env.screens]
    ys = [s.y for s in tl.env.screens] + [s.y + s.height for s in tl.env.screens]
    return min(xs), min(ys), max(xs) - 1, max(ys) - 1


def aim_point(rng: random.Random, tl: Timeline, target: Rect, screen: int) -> tuple[int, int]:
    """Where a person clicks in `target`: near the centre, never outside it."""
    s = tl.env.screens[screen]
    cx, cy = target.center
    x = int(min(max(rng.gauss(cx, target.w / 8), target.x + 2), target.right - 3))
    y = int(min(max(rng.gauss(cy, target.h / 8), target.y + 2), target.bottom - 3))
    return s.x + x, s.y + y


def move_to(tl: Timeline, rng: random.Random, point: tuple[int, int], width: float = 24,
            slow: float = 1.0) -> None:
    """An aimed pointer move from where the pointer is to `point` (virtual-desktop pixels)."""
    tl.catch_up()
    traj = motion.aimed_move(_np(rng), tl.pointer, point, width, bounds=bounds(tl), slow=slow)
    t0, last = tl.now, (tl.pointer, tl.now)
    for t, x, y in zip(traj.t, traj.x, traj.y):
        ms, pos = t0 + int(round(t * 1000)), (int(round(x)), int(round(y)))
        if pos != last[0] and ms > last[1]:
            tl.emit("move", ms, x=pos[0], y=pos[1])
            last = (pos, ms)
    tl.pointer, tl.now = point, max(t0 + int(round(traj.duration * 1000)), last[1])
    if last[0] != point:
        tl.now = max(tl.now, last[1] + 8)
        tl.emit("move", tl.now, x=point[0], y=point[1])


def click(tl: Timeline, rng: random.Random, target: Rect, screen: int, count: int = 1,
          button: str = "left") -> None:
    """Move onto `target`, settle, then press and release (twice for a double click)."""
    move_to(tl, rng, aim_point(rng, tl, target, screen), min(target.w, target.h))
    tl.wait(rng.uniform(70, 260))
    x, y = tl.pointer
    for i in range(count):
        if i:
            tl.wait(rng.uniform(70, 140))
        tl.emit("down", x=x, y=y, button=button)
        tl.wait(rng.uniform(55, 120))
        tl.emit("up", x=x, y=y, button=button)


def drag(tl: Timeline, rng: random.Random, start: tuple[int, int], end: tuple[int, int]) -> None:
    """Press at `start`, move (slower than a free move) to `end`, release."""
    move_to(tl, rng, start, 8)
    tl.wait(rng.uniform(80, 200))
    tl.emit("down", x=start[0], y=start[1], button="left")
    tl.wait(rng.uniform(90, 200))
    move_to(tl, rng, end, 8, slow=1.5)
    tl.wait(rng.uniform(60, 160))
    tl.emit("up", x=end[0], y=end[1], button="left")


def scroll(tl: Timeline, rng: random.Random, ticks: int, show: Callable[[int], Desktop | None]) -> None:
    """`abs(ticks)` wheel notches at the pointer (dy -1 per notch = down, as pynput reports);
    `show(i)` gives the desktop after notch i (or None when the page no longer moves)."""
    tl.catch_up()
    x, y = tl.pointer
    for i in range(abs(ticks)):
        tl.wait(rng.uniform(25, 110) if i else 0)
        tl.emit("scroll", x=x, y=y, dx=0, dy=-1 if ticks > 0 else 1)
        desk = show(i + 1)
        if desk is not None:
            tl.set(desk)


def type_text(tl: Timeline, rng: random.Random, text: str, show: Callable[[str], Desktop],
              screen: int, who: keystrokes.Typist, tag: str | None = None, typos: bool = True) -> str:
    """Type `text` (Backspace-corrected typos included); the screen follows every key press and
    is captured about once a second and when done. Returns the text as finally typed."""
    tl.catch_up()
    t0, buf, next_shot = tl.now, "", tl.now + rng.uniform(900, 1800)
    allow_typos = typos and (tag is None or rng.random() < 0.5)
    events = keystrokes.strokes(rng, text, who, typos=allow_typos)
    for dt, kind, key in events:
        t = tl.emit(kind, t0 + dt, key=key)
        if kind == "key_down" and (new := keystrokes.typed_text([key], buf, newlines=True)) != buf:
            buf = new
            tl.set(show(buf), t)
            if t >= next_shot:
                tl.shot(screen, t + rng.randint(10, 60))
                next_shot = t + rng.uniform(1000, 2000)
    if tag and events:
        tl.typed(tag, t0, t0 + events[-1][0])
    tl.catch_up()
    tl.wait(rng.uniform(80, 250))
    tl.shot(screen)
    return buf


def press(tl: Timeline, rng: random.Random, key: str) -> int:
    """A single special key (Enter, Tab, Escape...) pressed and released; returns the press time."""
    tl.catch_up()
    tl.wait(rng.uniform(120, 400))
    t = tl.emit("key_down", key=key)
    tl.wait(rng.uniform(60, 120))
    tl.emit("key_up", key=key)
    return t


def hotkey(tl: Timeline, rng: random.Random, key: str, mods: list[str]) -> None:
    tl.catch_up()
    tl.wait(rng.uniform(200, 600))
    tl.emit("key", key=key, mods=mods)


def command_key(tl: Timeline) -> str:
    """The modifier of copy/paste/save shortcuts on this session's OS."""
    return "Meta" if tl.env.style == "mac" else "Control"


def paste(tl: Timeline, rng: random.Random, text: str, show: Callable[[str], Desktop], screen: int,
          tag: str | None = None) -> None:
    """Ctrl/Cmd+V and the pasted text committed as one `text` event."""
    hotkey(tl, rng, "v", [command_key(tl)])
    t0 = tl.now
    tl.wait(rng.uniform(8, 40))
    tl.emit("text", text=text)
    tl.set(show(text))
    if tag:
        tl.typed(tag, t0, tl.now)
    tl.wait(rng.uniform(60, 200))
    tl.shot(screen)
