"""Human-like typing: key_down/key_up pairs with W3C key names and realistic timing.

Inter-key intervals are lognormal around a per-typist median, shorter inside common bigrams,
longer at word boundaries, after punctuation and for digits; Shift is held around capitals and
shifted symbols (once for a run of them); keys roll over (the next key goes down before the last
one comes up); now and then a neighbouring key is hit, noticed a few keys later, erased with
Backspace and retyped.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

ROWS = ["`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./"]
SHIFTED = set('~!@#$%^&*()_+{}|:"<>?')
COMMON_BIGRAMS = {"th", "he", "in", "er", "an", "re", "on", "at", "en", "nd", "ti", "es", "or",
                  "te", "of", "ed", "is", "it", "al", "ar", "st", "to", "nt", "ng", "se", "ha"}
SPECIAL = {"\n": "Enter", "\t": "Tab", "\b": "Backspace"}

Stroke = tuple[int, str, str]  # (t in ms from the first event, "key_down" | "key_up", key)


@dataclass(frozen=True)
class Typist:
    median_ms: float  # typical interval between two key presses
    spread: float  # lognormal sigma of the intervals
    hold_ms: float  # typical time a key stays down
    typo_rate: float  # chance per letter of hitting a neighbouring key


def typist(rng: random.Random) -> Typist:
    return Typist(rng.uniform(135, 210), rng.uniform(0.28, 0.4), rng.uniform(75, 105), rng.uniform(0.015, 0.035))


def key_name(ch: str) -> str:
    """The W3C `KeyboardEvent.key` value a character produces ("a", "A", "@", " ", "Enter")."""
    return SPECIAL.get(ch, ch)


def needs_shift(ch: str) -> bool:
    return ch.isupper() or ch in SHIFTED


def neighbour(rng: random.Random, ch: str) -> str:
    """A key next to `ch` on a QWERTY keyboard, in the same case."""
    low = ch.lower()
    for r, row in enumerate(ROWS):
        if low in row:
            c = row.index(low)
            options = [row[i] for i in (c - 1, c + 1) if 0 <= i < len(row)]
            options += [ROWS[rr][c] for rr in (r - 1, r + 1) if 0 <= rr < len(ROWS) and c < len(ROWS[rr])]
            hit = rng.choice([o for o in options if o.isalpha()] or options)
            return hit.upper() if ch.isupper() else hit
    return ch


def plan(rng: random.Random, text: str, who: Typist, typos: bool = True) -> list[str]:
    """The characters actually pressed ('\\b' = Backspace), typos and their fixes included."""
    out: list[str] = []
    for i, ch in enumerate(text):
        if typos and ch.isalpha() and rng.random() < who.typo_rate:
            ahead = text[i + 1:i + 1 + rng.choice([0, 0, 1, 1, 2])]
            out += [neighbour(rng, ch), *ahead, *"\b" * (1 + len(ahead))]
        out.append(ch)
    return out


def interval(rng: random.Random, prev: str, ch: str, who: Typist) -> float:
    """Milliseconds from pressing `prev` to pressing `ch`."""
    ms = who.median_ms * math.exp(rng.gauss(0, who.spread))
    if (prev + ch).lower() in COMMON_BIGRAMS:
        ms *= 0.7
    if prev == " " or ch in "\n\t":
        ms *= 1.35
    if prev in ".,;:!?\n":
        ms += rng.uniform(150, 700)
    if ch.isdigit() or needs_shift(ch):
        ms *= 1.15
    if ch == "\b":
        ms = ms * 0.6 if prev == "\b" else ms + rng.uniform(200, 600)  # noticing the mistake
    if prev == " " and rng.random() < 0.04:
        ms += rng.uniform(400, 1600)  # thinking at a word boundary
    return max(45.0, ms)


def strokes(rng: random.Random, text: str, who: Typist, typos: bool = True) -> list[Stroke]:
    """Timed key events for typing `text`, sorted by time; the first key goes down at 0."""
    pressed = plan(rng, text, who, typos)
    events: list[Stroke] = []
    t, prev, up_at, down_at = 0.0, "", {}, -1e9
    shift_down = False
    for i, ch in enumerate(pressed):
        if i:
            t += interval(rng, prev, ch, who)
        t = max(t, up_at.get(ch, -1.0) + 15)  # the same key cannot go down before it came up
        shift_down = _shift(rng, events, t, ch, shift_down, (down_at, up_at.get(prev, t)))
        hold = min(220.0, max(35.0, who.hold_ms * math.exp(rng.gauss(0, 0.25))))
        events += [(t, "key_down", key_name(ch)), (t + hold, "key_up", key_name(ch))]
        up_at[ch], prev, down_at = t + hold, ch, t
    if shift_down:
        events.append((up_at[prev] + rng.uniform(15, 60), "key_up", "Shift"))
    events.sort(key=lambda e: e[0])
    t0 = events[0][0] if events else 0.0
    return [(round(t - t0), kind, key) for t, kind, key in events]


def _shift(rng: random.Random, events: list, t: float, ch: str, held: bool,
           prev: tuple[float, float]) -> bool:
    """Press or release Shift around `ch` (`prev` = the last key's down and up times);
    returns whether Shift is down while `ch` is pressed."""
    want = needs_shift(ch)
    if want and not held:
        events.append((max(prev[0] + 10, t - rng.uniform(35, 90)), "key_down", "Shift"))
    elif held and not want:
        events.append((min(t - 10, max(prev[1] + 10, t - rng.uniform(20, 80))), "key_up", "Shift"))
    return want


def typed_text(keys: list[str], start: str = "", newlines: bool = False) -> str:
    """Replay key names onto `start`: printable keys append, Backspace deletes, Enter is a
    newline when `newlines`; other keys do nothing."""
    buf = start
    for key in keys:
        if key == "Backspace":
            buf = buf[:-1]
        elif len(key) == 1:
            buf += key
        elif key == "Enter" and newlines:
            buf += "\n"
    return buf
