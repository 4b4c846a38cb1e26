"""The synthetic sample generator end to end: files, determinism, times, coordinates, truth."""

from __future__ import annotations

import json
import re
import statistics
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from viewer import __version__
from viewer.sample import generate_dataset
from viewer.sample.keystrokes import typed_text
from viewer.trace.schema import EVENT_FIELDS

SEED, SESSIONS, MINUTES = 5, 3, 0.5
KINDS = {"password", "email", "card_number", "cvc", "address", "api_key", "private_chat", "card_on_screen"}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> list[Path]:
    return generate_dataset(tmp_path_factory.mktemp("a"), SESSIONS, MINUTES, SEED)


def load(session: Path) -> tuple[dict, list[dict], dict]:
    manifest = json.loads((session / "session.json").read_text())
    events = [json.loads(line) for line in (session / "events.jsonl").read_text().splitlines()]
    return manifest, events, json.loads((session / "truth.json").read_text())


def screen_rects(manifest: dict) -> dict[int, tuple[int, int, int, int]]:
    return {s["id"]: (s["x"], s["y"], s["width"], s["height"]) for s in manifest["screens"]}


def test_writes_the_requested_sessions(dataset):
    assert [p.name for p in dataset] == [f"sample-{SEED}-{n}" for n in range(SESSIONS)]
    for p in dataset:
        assert re.fullmatch(r"[A-Za-z0-9._-]+", p.name)
        assert {"session.json", "events.jsonl", "truth.json", "screenshots"} <= {c.name for c in p.iterdir()}
    assert not [c for c in dataset[0].parent.iterdir() if c.name.startswith(".")]  # no partial dirs left


def test_same_seed_is_byte_identical_and_another_seed_differs(dataset, tmp_path):
    again = generate_dataset(tmp_path / "b", SESSIONS, MINUTES, SEED)
    for a, b in zip(dataset, again):
        for name in ("events.jsonl", "truth.json", "session.json"):
            assert (a / name).read_bytes() == (b / name).read_bytes(), f"{a.name}/{name}"
        assert sorted(p.name for p in (a / "screenshots").iterdir()) == sorted(p.name for p in (b / "screenshots").iterdir())
    other = generate_dataset(tmp_path / "c", 1, MINUTES, SEED + 1)[0]
    assert (other / "events.jsonl").read_bytes() != (dataset[0] / "events.jsonl").read_bytes()
    assert (other / "truth.json").read_bytes() != (dataset[0] / "truth.json").read_bytes()


def test_manifest(dataset):
    for session in dataset:
        manifest, events, truth = load(session)
        assert manifest["format"] == "trace/1" and manifest["session_id"] == session.name
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", manifest["started_at"])
        assert re.fullmatch(r"u-[0-9a-f]{4}", manifest["user"])
        assert manifest["recorder"] == {"name": "trace-viewer-sample", "version": __version__}
        assert manifest["os"] and manifest["timezone"]
        assert manifest["tasks"] == truth["tasks"] and truth["session_id"] == session.name
        for screen in manifest["screens"]:
            assert screen["scale"] == 1.0 and (screen["width"], screen["height"]) == (1280, 800)
    screens = [load(p)[0]["screens"] for p in dataset]
    assert [len(s) for s in screens] == [1, 2, 1]
    assert screens[1][1]["x"] == 1280


def test_events_follow_the_schema_and_time_moves_forward(dataset):
    for session in dataset:
        _, events, _ = load(session)
        times = [e["t"] for e in events]
        assert times == sorted(times) and times[0] >= 0
        assert all(round(t, 3) == t for t in times)
        for e in events:
            fields = EVENT_FIELDS[e["type"]]
            assert all(f.name in e for f in fields if f.required), e
        assert 0.5 * MINUTES * 60 < times[-1] < 2 * MINUTES * 60


def test_every_screenshot_exists_and_every_file_is_referenced(dataset):
    for session in dataset:
        manifest, events, _ = load(session)
        files = [e["file"] for e in events if e["type"] == "screenshot"]
        assert len(files) == len(set(files)) and all(f.startswith("screenshots/") for f in files)
        on_disk = {f"screenshots/{p.name}" for p in (session / "screenshots").iterdir()}
        assert set(files) == on_disk
        for f in files[:3]:
            with Image.open(session / f) as img:
                assert img.size == (1280, 800)
        shot_screens = {e.get("screen", 0) for e in events if e["type"] == "screenshot"}
        assert shot_screens == set(screen_rects(manifest))


def test_pointer_stays_on_the_screens(dataset):
    for session in dataset:
        manifest, events, _ = load(session)
        rects = screen_rects(manifest).values()
        for e in events:
            if "x" in e:
                assert isinstance(e["x"], int) and isinstance(e["y"], int)
                assert any(x <= e["x"] < x + w and y <= e["y"] < y + h for x, y, w, h in rects), e


def test_pointer_moves_are_continuous(dataset):
    """No teleports: consecutive pointer samples are close in time and space."""
    for session in dataset:
        _, events, _ = load(session)
        moves = [e for e in events if e["type"] == "move"]
        for a, b in zip(moves, moves[1:]):
            dt = b["t"] - a["t"]
            if dt < 0.1:  # within one movement
                assert dt > 0 and np.hypot(b["x"] - a["x"], b["y"] - a["y"]) / dt < 10_000, (a, b)


def test_clicks_are_pairs_and_some_are_double(dataset):
    downs = ups = doubles = 0
    for session in dataset:
        _, events, _ = load(session)
        buttons = [e for e in events if e["type"] in ("down", "up")]
        assert all(a["type"] == "down" and b["type"] == "up" and a["t"] < b["t"]
                   for a, b in zip(buttons[::2], buttons[1::2]))
        downs += sum(e["type"] == "down" for e in buttons)
        ups += sum(e["type"] == "up" for e in buttons)
        doubles += sum(b["t"] - a["t"] < 0.35 for a, b in zip(buttons[1::2], buttons[2::2]))
    assert downs == ups > 5 and doubles >= 1


def test_typing_rhythm_is_human(dataset):
    for session in dataset:
        _, events, _ = load(session)
        downs = [e["t"] for e in events if e["type"] == "key_down" and e["key"] != "Shift"]
        gaps = [b - a for a, b in zip(downs, downs[1:]) if b - a < 2]
        assert 0.08 <= statistics.median(gaps) <= 0.3


def keys_between(events: list[dict], t0: float, t1: float) -> tuple[list[str], str]:
    """Key-down names and pasted text within [t0, t1]."""
    inside = [e for e in events if t0 <= e["t"] <= t1]
    return [e["key"] for e in inside if e["type"] == "key_down"], "".join(
        e["text"] for e in inside if e["type"] == "text")


def test_every_session_has_two_sensitive_moments_of_known_kinds(dataset):
    for session in dataset:
        _, _, truth = load(session)
        assert len(truth["sensitive"]) >= 2
        assert {s["kind"] for s in truth["sensitive"]} <= KINDS
        for s in truth["sensitive"]:
            assert s["t_start"] <= s["t_end"] and s["scope"] in ("events", "pixels", "both")
            assert (s["scope"] == "events") == (s["regions"] == [])


def test_truth_spans_contain_the_keys_that_type_their_value(dataset):
    checked = 0
    for session in dataset:
        _, events, truth = load(session)
        for s in truth["sensitive"]:
            if s["scope"] in ("events", "both") and s["value"]:
                keys, pasted = keys_between(events, s["t_start"], s["t_end"])
                assert s["value"] in typed_text(keys) or s["value"] in pasted, s
                # the span starts with the first key of the typing (or the paste hotkey), not earlier
                first = [e for e in events if e["t"] == s["t_start"]]
                assert any(e["type"] in ("key_down", "key") for e in first), (s, first)
                checked += 1
    assert checked >= 4


def test_regions_lie_inside_their_screen(dataset):
    kinds = set()
    for session in dataset:
        manifest, _, truth = load(session)
        rects = screen_rects(manifest)
        for s in truth["sensitive"]:
            kinds.add(s["kind"])
            for screen, x, y, w, h in s["regions"]:
                _, _, sw, sh = rects[screen]
                assert 0 <= x and 0 <= y and w > 0 and h > 0 and x + w <= sw and y + h <= sh, s
    assert {"card_on_screen", "password", "email"} <= kinds


def shots(events: list[dict]) -> list[tuple[float, str]]:
    return [(e["t"], e["file"]) for e in events if e["type"] == "screenshot"]


def region_pixels(session: Path, file: str, region: list[int]) -> np.ndarray:
    _, x, y, w, h = region
    with Image.open(session / file) as img:
        return np.asarray(img.convert("L").crop((x, y, x + w, y + h)), dtype=np.int16)


def test_a_value_shows_in_the_screenshots_inside_its_span(dataset):
    """The first screenshot in a span differs in the region from the last one before it."""
    checked = 0
    for session in dataset:
        _, events, truth = load(session)
        for s in truth["sensitive"]:
            if s["kind"] not in ("email", "card_on_screen"):
                continue
            before = [f for t, f in shots(events) if t < s["t_start"]][-1]
            inside = [f for t, f in shots(events) if s["t_start"] <= t <= s["t_end"]]
            diff = np.abs(region_pixels(session, inside[-1], s["regions"][0]) - region_pixels(session, before, s["regions"][0]))
            assert diff.max() > 60, s
            checked += 1
    assert checked >= 2


def test_the_card_number_is_on_screen_only_inside_its_span(dataset):
    for session in dataset:
        _, events, truth = load(session)
        for s in (s for s in truth["sensitive"] if s["kind"] == "card_on_screen"):
            after = [f for t, f in shots(events) if t > s["t_end"]]
            inside = [f for t, f in shots(events) if s["t_start"] <= t <= s["t_end"]]
            if after:
                diff = np.abs(region_pixels(session, after[0], s["regions"][0]) - region_pixels(session, inside[-1], s["regions"][0]))
                assert diff.max() > 60


def test_video_opens_with_one_frame_per_fifth_of_a_second(dataset):
    manifest, events, _ = load(dataset[0])
    assert manifest["video"] == {"file": "screen.mp4", "t0": 0.0}
    cap = cv2.VideoCapture(str(dataset[0] / "screen.mp4"))
    assert cap.isOpened() and cap.get(cv2.CAP_PROP_FPS) == pytest.approx(5.0)
    count = 0
    while cap.read()[0]:
        count += 1
    cap.release()
    assert count == int(events[-1]["t"] * 5) + 1
    assert "video" not in load(dataset[1])[0] and not (dataset[1] / "screen.mp4").exists()


def test_tasks_are_marked(dataset):
    for session in dataset:
        _, events, truth = load(session)
        markers = [e for e in events if e["type"] == "marker"]
        assert len(markers) == len(truth["tasks"]) >= 1
        for m, task in zip(markers, truth["tasks"]):
            assert m["t"] == task["t_start"] < task["t_end"] and task["instruction"] in m["label"]
        focus = [e for e in events if e["type"] == "focus"]
        assert len(focus) >= 2 and all(f["app"] for f in focus)


def test_command_refuses_to_overwrite_sessions(dataset, capsys):
    from viewer.sample import command

    before = (dataset[0] / "events.jsonl").read_bytes()
    assert command.run(dataset[0].parent, SESSIONS, MINUTES, SEED) == command.EXIT_BAD_INPUT
    err = capsys.readouterr().err.splitlines()
    assert len(err) == SESSIONS and all(": session-exists: " in line for line in err)
    assert (dataset[0] / "events.jsonl").read_bytes() == before
    assert command.run(dataset[0] / "events.jsonl", 1, MINUTES, SEED) == command.EXIT_BAD_INPUT
    assert "not-a-directory" in capsys.readouterr().err
