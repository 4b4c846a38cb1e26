"""rrweb importer: the real recording replayed in Chromium by rrweb's Replayer, events, masking, scrolls, bad input."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest
import pytesseract
from PIL import Image
from test_import_support import RRWEB, assert_no_identifier, assert_valid, counts, load, tree_digest

from viewer.importers import detect, import_path
from viewer.importers.rrweb import frame_times

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# full snapshot at 4 ms; changes at 1.817 s, inputs 3.819..5.124 s, 7.913 s, 10.914 s (the clock starts at the meta)
FRAMES = [0.005, 1.818, 3.82, 4.82, 5.82, 7.914, 10.915]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    before = tree_digest(RRWEB.parent)
    report = import_path(RRWEB, tmp_path_factory.mktemp("out"), chromium=CHROMIUM)
    assert tree_digest(RRWEB.parent) == before, "the source was modified"
    assert not report.problems, [str(p) for p in report.problems]
    return report.sessions[0].path


def _ocr(path: Path) -> str:
    return pytesseract.image_to_string(Image.open(path))


def test_detected_as_rrweb():
    assert detect(RRWEB) == "rrweb"
    assert detect(RRWEB.parents[1] / "browser-agent" / "0059adc6b12a3822305deb68929b2de8" / "result.json") is None


def test_events_from_the_recording(imported):
    assert_valid(imported)
    manifest, events = load(imported)
    assert manifest["started_at"] == "2023-11-14T22:13:20.000Z" and manifest["timezone"] == "UTC"
    assert manifest["screens"][0] | {"width": 800, "height": 450} == manifest["screens"][0]
    assert imported.name == manifest["session_id"] and manifest["session_id"].startswith("rrweb-")
    assert counts(events) == {"focus": 1, "move": 4, "down": 4, "up": 4, "text": 13, "screenshot": len(FRAMES),
                              "marker": 1}
    assert events[0] == {"t": 0.0, "type": "focus", "app": "browser", "title": "https://demo.example/projects"}
    downs = [(e["t"], e["x"], e["y"], e["button"]) for e in events if e["type"] == "down"]
    assert downs == [(1.816, 710, 116, "left"), (3.814, 400, 202, "left"), (7.912, 485, 273, "left"),
                     (10.913, 504, 333, "left")]
    typed = [e for e in events if e["type"] == "text"]
    assert "".join(e["text"] for e in typed) == "Autumn launch" and {e["element"] for e in typed} == {61}
    assert events[-1] | {"label": "custom: demo-end", "t": 16.0} == events[-1]


def test_screens_rendered_at_the_snapshot_and_after_changes(imported):
    _, events = load(imported)
    shots = [e for e in events if e["type"] == "screenshot"]
    assert [e["t"] for e in shots] == FRAMES
    assert all(Image.open(imported / e["file"]).size == (800, 450) for e in shots)
    first, before, after = (_ocr(imported / shots[i]["file"]) for i in (0, 5, 6))
    assert "Your projects" in first and "Create a project" not in first
    # text the page added at 10.9 s shows on the screen after it, not before
    assert "Project created" in after and "Autumn launch" in after
    assert "Project created" not in before


def test_frame_times_at_most_one_per_second_of_change():
    assert frame_times([0], [100, 200, 1500, 1600, 1700, 5000]) == [0, 1000, 2000, 5000]
    assert frame_times([0, 3000], [2900, 2950]) == [0, 2900, 3000]
    assert frame_times([], []) == []


def _variant(tmp_path: Path, name: str, change) -> Path:
    events = orjson.loads(RRWEB.read_bytes())
    change(events)
    path = tmp_path / name
    path.write_bytes(orjson.dumps(events))
    return path


def test_text_masked_at_record_time_stays_masked(tmp_path):
    def mask(events):
        for e in events:
            data = e.get("data") or {}
            if data.get("source") == 5:
                data["text"] = "*" * len(data["text"])  # rrweb's maskAllInputs
            for add in data.get("adds", []):
                node = add["node"]
                if node.get("textContent") == "Autumn launch":
                    node["textContent"] = "*" * 13  # rrweb's maskTextSelector
    path = _variant(tmp_path, "masked.json", mask)
    session = import_path(path, tmp_path / "out", chromium=CHROMIUM).sessions[0].path
    _, events = load(session)
    assert {e["text"] for e in events if e["type"] == "text"} == {"*"}
    last = [e for e in events if e["type"] == "screenshot"][-1]
    text = _ocr(session / last["file"])
    assert "Project created" in text and "Autumn" not in text


def test_scrolls_become_deltas_at_the_pointer(tmp_path):
    def scroll(events):
        t = events[-1]["timestamp"]
        events[-1:-1] = [{"type": 3, "timestamp": t - 900, "data": {"source": 3, "id": 1, "x": 0, "y": 300}},
                         {"type": 3, "timestamp": t - 800, "data": {"source": 3, "id": 1, "x": 0, "y": 100}},
                         {"type": 3, "timestamp": t - 700, "data": {"source": 3, "id": 46, "x": 0, "y": 50}}]
    session = import_path(_variant(tmp_path, "s.json", scroll), tmp_path / "out", chromium=None).sessions[0].path
    _, events = load(session)
    assert [(e["dx"], e["dy"], e["x"], e["y"], e["element"]) for e in events if e["type"] == "scroll"] == [
        (0, 300, 504, 333, 1), (0, -200, 504, 333, 1), (0, 50, 504, 333, 46)]


def test_without_a_renderer_the_events_import_and_it_says_so(tmp_path):
    report = import_path(RRWEB, tmp_path / "out", chromium=str(tmp_path / "no-chromium"))
    assert [p.code for p in report.warnings] == ["no-screens"]
    assert "set VIEWER_CHROMIUM" in report.warnings[0].message
    _, events = load(report.sessions[0].path)
    assert "screenshot" not in counts(events) and counts(events)["text"] == 13


def test_the_session_id_does_not_come_from_the_file_name(tmp_path):
    named = tmp_path / "jane.doe@example.com.json"
    named.write_bytes(RRWEB.read_bytes())
    first = import_path(named, tmp_path / "out", chromium=None)
    again = import_path(RRWEB, tmp_path / "out", chromium=None)
    assert_no_identifier(first.sessions[0].path, "jane.doe@example.com")
    assert again.existing == [first.sessions[0].path]  # the same recording, the same id: left as it is


def test_bad_recordings_are_reported(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('[{"type": 4, "data": {}, "timestamp": 1')
    report = import_path(broken, tmp_path / "out", source="rrweb")
    assert [p.code for p in report.errors] == ["bad-json"] and not report.sessions
    only_moves = _variant(tmp_path, "moves.json", lambda ev: ev.__setitem__(slice(None), ev[2:4] + ["x"]))
    report = import_path(only_moves, tmp_path / "out", source="rrweb")
    assert [p.code for p in report.errors] == ["bad-event", "no-snapshot"]
    assert report.errors[0].message == "events[2] has no integer type and numeric timestamp; skipped"
