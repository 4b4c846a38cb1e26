"""Keystrokes of the sample generator: W3C key names, human rhythm, Shift, typos fixed."""

from __future__ import annotations

import random
import statistics
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.sample import keystrokes
from viewer.sample.keystrokes import Typist, strokes, typed_text

TEXT = st.text(alphabet=string.ascii_letters + string.digits + " .,@-_!?/", min_size=1, max_size=60)
AVERAGE = Typist(median_ms=170, spread=0.33, hold_ms=90, typo_rate=0.03)
SLOPPY = Typist(median_ms=170, spread=0.33, hold_ms=90, typo_rate=0.3)


def downs(events) -> list[str]:
    return [key for _, kind, key in events if kind == "key_down"]


@settings(max_examples=80, deadline=None)
@given(text=TEXT, seed=st.integers(0, 2**32 - 1))
def test_replaying_the_keys_gives_the_text(text, seed):
    events = strokes(random.Random(seed), text, SLOPPY)
    assert typed_text(downs(events)) == text
    times = [t for t, _, _ in events]
    assert times == sorted(times) and times[0] == 0


@settings(max_examples=80, deadline=None)
@given(text=TEXT, seed=st.integers(0, 2**32 - 1))
def test_every_typo_is_followed_by_backspace(text, seed):
    keys = [k for k in downs(strokes(random.Random(seed), text, SLOPPY)) if k != "Shift"]
    buf = ""
    for i, key in enumerate(keys):
        buf = typed_text([key], buf)
        if not text.startswith(buf):
            assert "Backspace" in keys[i + 1:i + 4], (text, keys[i:i + 4])


@settings(max_examples=60, deadline=None)
@given(text=TEXT, seed=st.integers(0, 2**32 - 1))
def test_keys_go_down_and_up_in_pairs_with_w3c_names(text, seed):
    events = strokes(random.Random(seed), text, AVERAGE)
    held: dict[str, float] = {}
    for t, kind, key in events:
        assert len(key) == 1 or key in ("Shift", "Backspace", "Enter", "Tab")
        if kind == "key_down":
            assert key not in held
            held[key] = t
        else:
            assert key in held and t > held.pop(key)
    assert not held


@settings(max_examples=60, deadline=None)
@given(text=TEXT, seed=st.integers(0, 2**32 - 1))
def test_shift_is_held_for_capitals_and_symbols(text, seed):
    shift = False
    for _, kind, key in strokes(random.Random(seed), text, AVERAGE):
        if key == "Shift":
            shift = kind == "key_down"
        elif kind == "key_down" and len(key) == 1:
            assert shift == keystrokes.needs_shift(key), key


def test_rhythm_is_human_and_word_boundaries_are_slower():
    rng = random.Random(7)
    text = "the weather in the mountains was better than we expected, so we stayed another night " * 3
    gaps, after_space, inside = [], [], []
    for _ in range(5):
        who = keystrokes.typist(rng)
        events = [(t, k) for t, kind, k in strokes(rng, text, who, typos=False) if kind == "key_down" and k != "Shift"]
        for (t0, k0), (t1, _) in zip(events, events[1:]):
            gaps.append(t1 - t0)
            (after_space if k0 == " " else inside).append(t1 - t0)
    assert 80 <= statistics.median(gaps) <= 300
    assert statistics.median(after_space) > statistics.median(inside)
    holds = _holds(strokes(rng, text, keystrokes.typist(rng)))
    assert 40 <= statistics.median(holds) <= 160


def _holds(events) -> list[float]:
    down, out = {}, []
    for t, kind, key in events:
        if kind == "key_down":
            down[key] = t
        else:
            out.append(t - down.pop(key))
    return out


def test_common_bigrams_are_faster():
    rng = random.Random(9)
    who = Typist(160, 0.3, 90, 0.0)
    th = [keystrokes.interval(rng, "t", "h", who) for _ in range(400)]
    tq = [keystrokes.interval(rng, "t", "q", who) for _ in range(400)]
    assert statistics.median(th) < statistics.median(tq) * 0.85


def test_typos_happen_at_a_realistic_rate():
    rng = random.Random(11)
    text = "please send the quarterly report to the whole team before friday " * 4
    typos = 0
    for _ in range(5):
        keys = downs(strokes(rng, text, AVERAGE))
        typos += sum(a != "Backspace" and b == "Backspace" for a, b in zip(keys, keys[1:]))
    assert 5 <= typos <= 80  # about 3% of some 1,000 letters
