"""OSWorld importer: a run built in OSWorld's layout (tests/osworld_run.py), its video aligned, score, bad lines."""

from __future__ import annotations

import orjson
import pytest
from osworld_run import START, STEPS, TASK_ID, VIDEO_LEAD, VIDEO_SECONDS, build_run
from test_import_support import assert_no_identifier, assert_valid, counts, load, tree_digest

from viewer.importers import detect, import_path


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return build_run(tmp_path_factory.mktemp("src"))


@pytest.fixture(scope="module")
def imported(run, tmp_path_factory):
    root = run.parents[4]
    before = tree_digest(root)
    report = import_path(root, tmp_path_factory.mktemp("out"))
    assert tree_digest(root) == before, "the source was modified"
    assert not report.problems, [str(p) for p in report.problems]
    assert len(report.sessions) == 1
    return report.sessions[0].path


def test_detected_as_osworld(run):
    assert detect(run) == "osworld" and detect(run.parent) is None


def test_session_id_task_and_video_aligned(imported):
    assert_valid(imported)
    manifest, events = load(imported)
    assert imported.name == manifest["session_id"] == TASK_ID
    assert manifest["tasks"][0] | {"score": 0.5, "outcome": "partial"} == manifest["tasks"][0]
    assert manifest["video"]["file"] == "screen.mp4" and (imported / "screen.mp4").is_file()
    first_action = next(e["t"] for e in events if e["type"] == "move")
    # the video began VIDEO_LEAD s before the first action; matching its frames to the screenshots finds it
    assert first_action - manifest["video"]["t0"] == pytest.approx(VIDEO_LEAD, abs=1.0)
    assert manifest["clock"]["t_zero"] == "the video's first frame" and manifest["video"]["t0"] == 0.0
    assert manifest["started_at"].startswith(START.strftime("%Y-%m-%dT%H:%M:0"))
    assert (manifest["screens"][0]["width"], manifest["screens"][0]["height"]) == (640, 400)
    # the runner scores the run, then stops the recording: the evaluation ends the session with the video
    assert events[-1] | {"label": "evaluated: score 0.5", "score": 0.5} == events[-1]
    assert events[-1]["t"] == pytest.approx(VIDEO_SECONDS, abs=0.01)


def test_actions_reasoning_and_screenshots(imported):
    _, events = load(imported)
    typed = len("hello world") + 2  # the typewrite, then ctrl+s
    assert counts(events) == {"marker": len(STEPS) + 2, "screenshot": len(STEPS), "move": 2, "down": 1, "up": 1,
                              "scroll": 1, "key_down": typed, "key_up": typed}
    keys = "".join(e["key"] for e in events if e["type"] == "key_down" and e["step"] == 2)
    assert keys == "hello world"
    assert [e["key"] for e in events if e["type"] == "key_down" and e["step"] == 3] == ["Control", "s"]
    scroll = next(e for e in events if e["type"] == "scroll")
    assert (scroll["x"], scroll["y"], scroll["dy"]) == (300, 250, -3)
    down = next(e for e in events if e["type"] == "down")
    assert (down["x"], down["y"], down["button"]) == (320, 200, "left")
    markers = [e for e in events if e["type"] == "marker" and e["label"].startswith("step ")]
    assert [m["response"] for m in markers] == [s[2] for s in STEPS]
    assert [m["label"] for m in markers][4:] == ["step 5: WAIT", "step 6: DONE"]
    assert "hello" not in orjson.dumps(markers).decode()  # typed text only in the key events
    wait = next(e for e in events if e["type"] == "marker" and e["label"] == "wait")
    assert wait["seconds"] == 0.5 and wait["t"] > down["t"]  # time.sleep after the click, in order
    shots = [e for e in events if e["type"] == "screenshot"]
    for shot in shots:  # each screenshot after its step's actions, before the next step
        step_events = [e["t"] for e in events if e.get("step") == shot["step"] and e["type"] != "screenshot"]
        assert shot["t"] > max(step_events)


@pytest.mark.parametrize("score, outcome", [("1.0", "success"), ("0", "failure"), ("0.25", "partial")])
def test_score_maps_to_the_outcome(tmp_path, score, outcome):
    report = import_path(build_run(tmp_path / "src", video=False, score=score), tmp_path / "out")
    manifest, _ = load(report.sessions[0].path)
    assert (manifest["tasks"][0]["score"], manifest["tasks"][0]["outcome"]) == (float(score), outcome)
    assert "video" not in manifest and manifest["clock"]["t_zero"] == "the first event"


def test_a_video_that_cannot_be_decoded_is_left_out(tmp_path):
    run = build_run(tmp_path / "src", video=False)
    (run / "recording.mp4").write_bytes(b"not a video")
    report = import_path(run, tmp_path / "out")
    assert [p.code for p in report.problems] == ["bad-video"]
    session = report.sessions[0].path
    assert_valid(session)
    assert "video" not in load(session)[0] and not (session / "screen.mp4").exists()


def test_a_video_that_matches_no_screenshot_is_kept_from_the_first_action(tmp_path):
    import cv2
    import numpy as np

    run = build_run(tmp_path / "src", video=False)
    writer = cv2.VideoWriter(str(run / "recording.mp4"), cv2.VideoWriter_fourcc(*"mp4v"), 5, (640, 400))
    for _ in range(20):
        writer.write(np.zeros((400, 640, 3), np.uint8))  # one black screen: nothing to match
    writer.release()
    for shot in run.glob("step_*.png"):  # and screenshots that are all the same
        shot.write_bytes((run / "step_1_20240305@142010.png").read_bytes())
    report = import_path(run, tmp_path / "out")
    assert [p.code for p in report.problems] == ["video-unaligned"]
    manifest, events = load(report.sessions[0].path)
    assert manifest["video"]["t0"] == 0.0 and events[0]["t"] == 0.0


def test_a_person_in_the_folder_never_reaches_the_session_id(tmp_path):
    src = build_run(tmp_path / "src", video=False)
    named = src.parent / "jane.doe@example.com"
    src.rename(named)
    session = import_path(named, tmp_path / "out").sessions[0].path
    assert session.name.startswith("osworld-")
    assert_no_identifier(session, "jane.doe@example.com")


def test_bad_lines_code_and_a_missing_result_are_reported(tmp_path):
    run = build_run(tmp_path / "src", video=False)
    lines = (run / "traj.jsonl").read_bytes().splitlines()
    bad_time = orjson.loads(lines[1]) | {"action_timestamp": "yesterday"}
    loop = orjson.loads(lines[2]) | {"action": "for i in range(3):\n    pyautogui.click(1, 2)"}
    c13 = orjson.loads(lines[3]) | {"action": {"action_type": "CLICK", "parameters": {"x": 100, "y": 90,
                                                                                        "button": "right"}}}
    (run / "traj.jsonl").write_bytes(b"\n".join([lines[0], orjson.dumps(bad_time), orjson.dumps(loop),
                                                 orjson.dumps(c13), *lines[4:]]) + b"\n")
    (run / "result.txt").unlink()
    report = import_path(run, tmp_path / "out")
    problems = [str(p) for p in report.problems]
    traj = run / "traj.jsonl"
    assert f"{traj}:2: bad-time: action_timestamp is not YYYYMMDD@HHMMSS; line skipped" in problems
    assert any(p.startswith(f"{traj}:3: bad-action: statement 1 is not a function call") for p in problems)
    assert f"{run}: no-result: no result.txt: the run was not evaluated (no score)" in problems
    session = report.sessions[0].path
    assert_valid(session)
    manifest, events = load(session)
    assert "tasks" not in manifest
    right = [e for e in events if e["type"] == "down" and e["button"] == "right"]
    assert [(e["x"], e["y"]) for e in right] == [(100, 90)]


def test_from_osworld_on_a_folder_without_steps(tmp_path):
    run = tmp_path / "r"
    run.mkdir()
    (run / "traj.jsonl").write_text("\n")
    report = import_path(run, tmp_path / "out", source="osworld")
    assert [p.code for p in report.errors] == ["no-steps"] and not report.sessions
