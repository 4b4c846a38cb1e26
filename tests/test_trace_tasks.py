"""The manifest's tasks: their optional outcome and score (what an agent benchmark judged)."""

from __future__ import annotations

import orjson

from viewer.trace.manifest import read_manifest

BASE = {"format": "trace/1", "session_id": "s1", "started_at": "2024-01-01T00:00:00Z", "user": "u",
        "recorder": {"name": "r", "version": "1"}, "os": "Linux", "timezone": "UTC",
        "screens": [{"id": 0, "x": 0, "y": 0, "width": 10, "height": 10, "scale": 1.0}]}


def _read(tmp_path, tasks):
    (tmp_path / "session.json").write_bytes(orjson.dumps({**BASE, "tasks": tasks}, option=orjson.OPT_INDENT_2))
    manifest, problems, _ = read_manifest(tmp_path)
    return manifest, [(p.code, p.message) for p in problems]


def test_outcome_and_score_are_read(tmp_path):
    manifest, problems = _read(tmp_path, [{"t_start": 0, "t_end": 5, "instruction": "a", "outcome": "partial",
                                           "score": 0.5}, {"t_start": 5, "t_end": 9, "instruction": "b"}])
    assert problems == []
    assert [(t.outcome, t.score) for t in manifest.tasks] == [("partial", 0.5), (None, None)]


def test_an_unknown_outcome_or_a_text_score_is_an_error(tmp_path):
    _, problems = _read(tmp_path, [{"t_start": 0, "t_end": 5, "instruction": "a", "outcome": "won", "score": "1"}])
    assert problems == [("bad-value", "'tasks[0].outcome' must be one of success, failure, partial"),
                        ("wrong-type", "'tasks[0].score' must be a number")]
