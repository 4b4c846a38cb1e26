"""The pure replay helpers: the state at t, idle periods, trail, clicks, stepping, payload."""

import numpy as np
import pytest

from viewer.replay import payload
from viewer.replay.timeline import KEYFRAME_EVERY, Timeline, idle_periods, key_label
from viewer.trace import load_session
from tests.trace_factory import make_session


def _tl(tmp_path, events):
    return Timeline(load_session(make_session(tmp_path, "s", events=events)).events)


def test_state_at_t_from_the_factory_session(tmp_path):
    tl = Timeline(load_session(make_session(tmp_path)).events)
    assert tl.cursor_at(0.4) is None
    s = tl.state_at(0.65)
    assert s.cursor == (10, 20) and (s.app, s.title) == ("Firefox", "Sign in")
    assert [c.button for c in s.clicks] == ["left"]
    s = tl.state_at(1.7)
    assert [k for _, k in s.keys] == ["a", "Ctrl+V", "“pasted”"]
    assert s.typed == "apasted"
    s = tl.state_at(2.6)
    assert s.cursor == (50, 60) and s.clicks[-1].button == "right" and s.clicks[-1].count == 2
    assert s.scrolls and s.scrolls[0][4] == -3


def test_trail_keeps_only_the_last_seconds_oldest_first(tmp_path):
    moves = [{"t": i * 0.1, "type": "move", "x": i, "y": 2 * i} for i in range(50)]
    tl = _tl(tmp_path, moves)
    trail = tl.trail(3.0, seconds=1.0)
    assert [p[1] for p in trail] == list(range(21, 31))
    assert all(a[0] < b[0] for a, b in zip(trail, trail[1:]))
    assert tl.cursor_at(3.0) == (30, 60)


def test_idle_periods_are_the_gaps_over_the_threshold():
    times = np.array([0, 1, 2, 10, 11, 40, 41.5])
    assert idle_periods(times, 5) == [(2.0, 10.0), (11.0, 40.0)]
    assert idle_periods(times, 100) == []
    assert idle_periods(np.array([3.0]), 1) == []


def test_double_clicks_and_drags_from_down_up(tmp_path):
    ev = [{"t": 1.0, "type": "down", "x": 5, "y": 5, "button": "left"},
          {"t": 1.05, "type": "up", "x": 5, "y": 5, "button": "left"},
          {"t": 1.2, "type": "down", "x": 6, "y": 5, "button": "left"},
          {"t": 1.25, "type": "up", "x": 6, "y": 5, "button": "left"},
          {"t": 3.0, "type": "down", "x": 10, "y": 10, "button": "left"},
          {"t": 3.2, "type": "move", "x": 100, "y": 50},
          {"t": 3.5, "type": "up", "x": 200, "y": 90, "button": "left"}]
    clicks = _tl(tmp_path, ev).clicks
    assert [c.count for c in clicks] == [1, 2, 1]
    drag = clicks[2]
    assert drag.is_drag and (drag.x2, drag.y2, drag.t_end) == (200, 90, 3.5)
    assert not clicks[0].is_drag


def test_held_modifiers_replay_from_keyframes(tmp_path):
    ev = [{"t": 0.0, "type": "key_down", "key": "Shift"}]
    ev += [{"t": 0.01 * (i + 1), "type": "key_down" if i % 2 == 0 else "key_up", "key": "x"}
           for i in range(KEYFRAME_EVERY * 3)]
    end = ev[-1]["t"]
    ev += [{"t": end + 1, "type": "key_up", "key": "Shift"}]
    tl = _tl(tmp_path, ev)
    assert len(tl.keyframes) >= 3
    assert tl.held_at(end) == ("Shift",)
    assert tl.held_at(end + 2) == ()


def test_typed_text_applies_backspace_and_enter(tmp_path):
    ev = [{"t": 0.1 * i, "type": "key_down", "key": k} for i, k in enumerate(
        ["h", "i", "x", "Backspace", "!", "Enter", "o", "k"], start=1)]
    tl = _tl(tmp_path, ev)
    assert tl.typed(0.55) == "hi!"
    assert tl.typed(1.0) == "ok"


def test_prev_and_next_event_skip_moves(tmp_path):
    tl = Timeline(load_session(make_session(tmp_path)).events)
    assert tl.next_event(0.1) == 0.6  # the move at 0.5 is not a step
    assert tl.prev_event(0.6) == 0.1
    assert tl.prev_event(0.0) is None
    assert tl.next_event(4.0) is None


def test_key_labels():
    assert key_label("v", "Control") == "Ctrl+V"
    assert key_label("Tab", "Alt+Shift") == "Alt+Shift+Tab"
    assert key_label(" ", None) == "Space"


def test_payload_is_columnar_and_json_ready(tmp_path):
    import json

    session = load_session(make_session(tmp_path))
    p = payload.build(session, spans=[payload.Span(1, 2, "flag", "x")])
    json.dumps(p)
    assert p["version"] == payload.VERSION == 2
    assert len(p["pointer"]["t_ms_steps"]) == len(p["pointer"]["x_steps"]) == 5
    assert np.cumsum(p["pointer"]["x_steps"]).tolist() == [10, 10, 10, 100, 50]
    assert np.cumsum(p["pointer"]["t_ms_steps"]).tolist() == [500, 600, 700, 2000, 2500]  # ms steps from 0
    assert p["screenshots"] == {"t": [0.1, 3.0], "screen": [-1, -1]}
    assert p["clicks"]["count"] == [1, 2] and p["clicks"]["button"] == ["left", "right"]
    assert p["spans"][0]["kind"] == "flag"
    assert p["keys"]["label"] == ["a", "Ctrl+V", "pasted"] and p["keys"]["kind"] == ["press", "hotkey", "text"]
    assert "file" not in json.dumps(p["screenshots"])  # images are asked for by key, never by path


@pytest.mark.parametrize("seconds", [0.5, 2.0])
def test_state_at_is_consistent_with_a_linear_scan(tmp_path, seconds):
    rng = np.random.default_rng(1)
    ts = np.cumsum(rng.uniform(0.01, 0.3, 300))
    ev = [{"t": round(float(t), 3), "type": "move", "x": int(rng.integers(0, 800)), "y": int(rng.integers(0, 600))}
          for t in ts]
    tl = _tl(tmp_path, ev)
    for t in rng.uniform(0, ts[-1], 20):
        before = [e for e in ev if e["t"] <= t]
        assert tl.cursor_at(t) == ((before[-1]["x"], before[-1]["y"]) if before else None)
        assert len(tl.trail(t, seconds)) == sum(1 for e in before if e["t"] > t - seconds)
