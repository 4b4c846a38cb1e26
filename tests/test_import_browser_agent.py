"""Browser-agent importer: the real Online-Mind2Web results, action strings, screenshots, ids, bad input."""

from __future__ import annotations

import shutil

import orjson
import pytest
from PIL import Image
from test_import_support import BROWSER_AGENT, assert_no_identifier, assert_valid, counts, load, tree_digest

from viewer.importers import detect, import_path
from viewer.importers.browser_agent import ACTION_DELAY, STEP_SECONDS

JOBS = BROWSER_AGENT / "0059adc6b12a3822305deb68929b2de8"
WEATHER = BROWSER_AGENT / "4e3f6a538cc1f7321cfc50260db9545d"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    before = tree_digest(BROWSER_AGENT)
    report = import_path(BROWSER_AGENT, tmp_path_factory.mktemp("out"))
    assert tree_digest(BROWSER_AGENT) == before, "the source was modified"
    assert not report.errors, [str(p) for p in report.errors]
    assert sorted(p.code for p in report.warnings) == ["no-screenshots", "no-screenshots"]
    return {s.path.name: s.path for s in report.sessions}


def test_detected_per_run():
    assert detect(JOBS) == detect(WEATHER) == "browser-agent"
    assert detect(BROWSER_AGENT) is None


def test_weather_run_event_by_event(imported):
    session = imported[WEATHER.name]
    assert_valid(session)
    manifest, events = load(session)
    assert manifest["session_id"] == WEATHER.name  # the harness's task id
    task = manifest["tasks"][0]
    assert task["instruction"] == "Look up the current temperature for zip code 10019."
    assert task["outcome"] == "success" and task["result_status"] == "success"
    body = [(e["t"], e["type"], e.get("x"), e.get("y"), e.get("title") or e.get("text"))
            for e in events if e["type"] != "marker"]
    d, g = ACTION_DELAY, 0.05
    assert body == [
        (d, "focus", None, None, "https://www.theweathernetwork.com/"),
        (5 + d, "move", 319, 471, None), (5 + d + g, "down", 319, 471, None), (5 + d + 2 * g, "up", 319, 471, None),
        (10 + d, "text", None, None, "10019"),
        (15 + d, "move", 319, 599, None), (15 + d + g, "down", 319, 599, None), (15 + d + 2 * g, "up", 319, 599, None),
    ]
    markers = [e for e in events if e["type"] == "marker"]
    assert [m["label"] for m in markers] == [
        "step 0: Navigate to https://www.theweathernetwork.com/", "step 1: Click at (319, 471)", "step 2: Type",
        "step 3: Click at (319, 599)", "final answer"]
    assert markers[1]["thought"].startswith("I can see the Weather Network homepage")
    assert "1°C" in markers[-1]["answer"] and markers[-1]["t"] == 3 * STEP_SECONDS + STEP_SECONDS
    assert "10019" not in orjson.dumps([m["label"] for m in markers]).decode()  # typed text only in the text event
    assert manifest["screens"][0]["size_inferred"] is True


def test_jobs_run_scrolls_keys_and_back(imported):
    _, events = load(imported[JOBS.name])
    assert counts(events)["scroll"] == 6
    scrolls = [(e["dx"], e["dy"], e["x"], e["y"]) for e in events if e["type"] == "scroll"]
    assert scrolls[0] == (0, 400, 1013, 298) and scrolls[3] == (0, -400, 1019, 345)  # at the pointer, as recorded
    enter = [e["key"] for e in events if e["type"] in ("key_down", "key_up")]
    assert enter == ["Enter", "Enter"]
    assert any(e["type"] == "marker" and e["label"] == "Navigate back" for e in events)


def _run_copy(tmp_path, name: str, change=None):
    dst = tmp_path / name
    shutil.copytree(WEATHER, dst)
    if change:
        data = orjson.loads((dst / "result.json").read_bytes())
        change(data)
        (dst / "result.json").write_bytes(orjson.dumps(data))
    return dst


def test_screenshots_are_shown_from_their_step(tmp_path):
    run = _run_copy(tmp_path, "r")
    (run / "trajectory").mkdir()
    for n in range(4):
        Image.new("RGB", (1280, 720), (40 * n, 90, 160)).save(run / "trajectory" / f"{n}_full_screenshot.png")
    report = import_path(run, tmp_path / "out")
    assert not report.problems, [str(p) for p in report.problems]
    session = report.sessions[0].path
    assert_valid(session)
    manifest, events = load(session)
    shots = [(e["t"], e["file"]) for e in events if e["type"] == "screenshot"]
    assert shots == [(n * STEP_SECONDS, f"screenshots/{n:06d}.png") for n in range(4)]
    assert (manifest["screens"][0]["width"], manifest["screens"][0]["height"]) == (1280, 720)


def test_a_person_in_the_folder_or_task_id_never_reaches_the_session_id(tmp_path):
    run = _run_copy(tmp_path, "jane.doe@example.com", lambda d: d.update(task_id="jane.doe@example.com"))
    session = import_path(run, tmp_path / "out").sessions[0].path
    assert session.name.startswith("browser-agent-")
    assert_no_identifier(session, "jane.doe@example.com")


def test_bad_result_and_unknown_actions_are_reported(tmp_path):
    run = _run_copy(tmp_path, "r", lambda d: d["action_history"].extend(["Teleport to Mars", 7]))
    report = import_path(run, tmp_path / "out")
    assert [str(p) for p in report.errors] == [f"{run / 'result.json'}: bad-action: action_history[5] is not a "
                                               "string; skipped"]
    assert any(p.code == "unknown-action" and "action_history[4]" in p.message for p in report.warnings)
    assert_valid(report.sessions[0].path)
    (run / "result.json").write_text("{broken")
    broken = import_path(run, tmp_path / "out2", source="browser-agent")
    assert [p.code for p in broken.errors] == ["bad-json"] and not broken.sessions
