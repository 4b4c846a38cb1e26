"""Typed text reconstructed from key events, one segment per field.

Every character keeps the time span of the events that produced it (its key press up to its release,
widened to any earlier keystroke at the same position that Backspace/Delete took back), so a finding
on characters i..j maps back to an exact time span. Segments end at focus changes, Enter, Tab,
Escape and pointer presses. Pasted text (Control/Meta+v followed by a `text` event) is marked as such
and its span starts at the shortcut.

Keys follow W3C `KeyboardEvent.key` (the produced character). A recorder that logs the base key
instead (a lowercase letter or an unshifted digit while Shift is held) is handled: Shift (xor Caps
Lock, for letters) turns it into the shifted character of a US layout.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

SHIFTED = dict(zip("`1234567890-=[]\\;',./", "~!@#$%^&*()_+{}|:\"<>?"))
MODIFIERS = {"Shift", "Control", "Meta", "Alt", "AltGraph", "OS", "Super", "Hyper", "Fn"}
ENDERS = {"Enter": "enter", "Tab": "tab", "Escape": "escape"}
PASTE_WINDOW = 2.0  # s between the paste shortcut and its `text` event


@dataclass
class Char:
    ch: str
    t0: float  # first event that produced (or was taken back at) this position
    t1: float  # last event that produced it (its key release when logged)
    pasted: bool = False


@dataclass
class Segment:
    """Text typed into one field: characters with times, the window it went to, and why it ended."""

    chars: list[Char]
    app: str
    title: str
    ended_by: str  # enter | tab | escape | click | focus | end
    index: int = 0
    window: int = 0  # focus period number: segments with the same number went to the same window
    started_by: str = "start"  # what ended the segment before it (tab after an e-mail: a password)

    @property
    def text(self) -> str:
        return "".join(c.ch for c in self.chars)

    @property
    def pasted(self) -> bool:
        return any(c.pasted for c in self.chars)

    def span(self, start: int = 0, end: int | None = None) -> tuple[float, float]:
        part = self.chars[start:end]
        return min(c.t0 for c in part), max(c.t1 for c in part)


@dataclass
class _Buffer:
    chars: list[Char] = field(default_factory=list)
    cursor: int = 0
    taken_back: float = math.inf  # earliest time of characters deleted at the cursor
    select_all: bool = False


def _str(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA else str(value)


def _char(key: str, shift: bool, caps: bool) -> str:
    if len(key) != 1:
        return ""
    if key.isalpha() and key.islower() and (shift != caps):
        return key.upper()
    if shift and key in SHIFTED:
        return SHIFTED[key]
    return key


def segments(events: pd.DataFrame) -> list[Segment]:
    """Reconstruct typed text from a session's events (the trace DataFrame, ordered by t)."""
    cols = [c for c in ("t", "type", "key", "mods", "text", "app", "title") if c in events.columns]
    rows = events[events["type"].isin(["key_down", "key_up", "key", "text", "focus", "down", "click"])][cols]
    out: list[Segment] = []
    buf = _Buffer()
    app = title = ""
    window = 0
    held: set[str] = set()
    held_at: dict[str, float] = {}  # modifier -> when it went down (a shifted char starts there)
    caps = False
    paste_at: float | None = None
    open_keys: dict[str, list[Char]] = {}  # key -> characters waiting for their release
    started_by = "start"

    def flush(reason: str) -> None:
        nonlocal buf, started_by
        if buf.chars:
            out.append(Segment(buf.chars, app, title, reason, len(out), window, started_by))
        buf = _Buffer()
        open_keys.clear()
        started_by = reason

    def insert(text: str, t0: float, t1: float, pasted: bool) -> list[Char]:
        if buf.select_all:
            buf.taken_back = min([buf.taken_back, *(c.t0 for c in buf.chars)])
            buf.chars, buf.cursor, buf.select_all = [], 0, False
        made = []
        for ch in text:
            c = Char(ch, min(t0, buf.taken_back), t1, pasted)
            buf.taken_back = math.inf
            buf.chars.insert(buf.cursor, c)
            buf.cursor += 1
            made.append(c)
        return made

    def delete(back: bool, t: float, word: bool = False) -> None:
        if buf.select_all:
            insert("", t, t, False)
            return
        while True:
            i = buf.cursor - 1 if back else buf.cursor
            if not 0 <= i < len(buf.chars):
                return
            gone = buf.chars.pop(i)
            buf.taken_back = min(buf.taken_back, gone.t0)
            if back:
                buf.cursor -= 1
            if not word or (back and (buf.cursor == 0 or buf.chars[buf.cursor - 1].ch == " ")):
                return

    for row in rows.itertuples(index=False):
        t, kind = float(row.t), str(row.type)
        if kind == "focus":
            flush("focus")
            window += 1
            app, title = _str(row.app), _str(getattr(row, "title", ""))
            held.clear()
            continue
        if kind in ("down", "click"):
            flush("click")
            continue
        if kind == "text":
            text = _str(row.text)
            pasted = paste_at is not None and t - paste_at <= PASTE_WINDOW
            start = paste_at if pasted else t
            paste_at = None
            for k, line in enumerate(text.split("\n")):
                if k:
                    flush("enter")
                insert(line, start, t, pasted)
            continue
        key = _str(row.key)
        if kind == "key_up":
            held.discard(key)
            for c in open_keys.pop(key, []) + open_keys.pop(key.lower(), []):
                c.t1 = max(c.t1, t)
            continue
        mods = set(_str(getattr(row, "mods", "")).split("+")) - {""} if kind == "key" else set()
        if kind == "key_down" and key in MODIFIERS:
            if key not in held:
                held_at[key] = t
            held.add(key)
            continue
        if key == "CapsLock":
            caps = not caps
            continue
        active = held | mods
        command = active & {"Control", "Meta"}
        if command:
            low = key.lower()
            if low == "v":
                paste_at = t
            elif low == "a":
                buf.select_all = True
            elif key == "Backspace":
                delete(True, t, word=True)
            continue
        if key in ENDERS:
            flush(ENDERS[key])
            continue
        if key == "Backspace":
            delete(True, t)
        elif key == "Delete":
            delete(False, t)
        elif key == "ArrowLeft":
            buf.cursor = max(0, buf.cursor - 1)
        elif key == "ArrowRight":
            buf.cursor = min(len(buf.chars), buf.cursor + 1)
        elif key == "Home":
            buf.cursor = 0
        elif key == "End":
            buf.cursor = len(buf.chars)
        elif "Alt" in active and "AltGraph" not in active:
            continue
        else:
            ch = _char(key, "Shift" in active, caps)
            if ch:
                made = insert(ch, held_at.get("Shift", t) if "Shift" in held else t, t, False)
                if kind == "key_down":
                    open_keys.setdefault(key, []).extend(made)
    flush("end")
    return out
