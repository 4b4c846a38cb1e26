"""Step-trajectory importer: the real AgentNetBench sample as it is, pyautogui parsing, broken trajectories."""

from __future__ import annotations

import re
import shutil

import orjson
import pytest
from test_import_support import STEPS_JSON, assert_valid, counts, load, tree_digest

from viewer.importers import import_path
from viewer.importers.pyautogui_actions import Expander, parse
from viewer.importers.steps import ACTION_DELAY, STEP_SECONDS

W, H = 1212, 758  # the sample's screenshots (its meta_info says 1024x640: not the screenshots' size)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    before = tree_digest(STEPS_JSON.parent)
    report = import_path(STEPS_JSON, tmp_path_factory.mktemp("out"))
    assert tree_digest(STEPS_JSON.parent) == before, "the source was modified"
    assert len(report.sessions) == 1
    return report, report.sessions[0].path, orjson.loads(STEPS_JSON.read_bytes())


def test_sample_counts(sample):
    _, session, src = sample
    got = counts(load(session)[1])
    actions = "\n".join(s["action"] for s in src["steps"])
    n_clicks = actions.count("pyautogui.click(")
    typed = sum(len(t) for t in re.findall(r"write\(message='([^']*)'\)", actions))
    presses = actions.count("pyautogui.press(")
    assert got["screenshot"] == len(src["steps"])
    assert got["down"] == got["up"] == n_clicks
    assert got["move"] == n_clicks + actions.count("moveTo(")
    assert got["scroll"] == actions.count("scroll(")
    assert got["key_down"] == got["key_up"] == typed + presses
    assert got["marker"] == len(src["steps"]) + actions.count("computer.terminate(")


def test_sample_times_and_clicks(sample):
    _, session, src = sample
    manifest, events = load(session)
    shots = [e for e in events if e["type"] == "screenshot"]
    assert [e["t"] for e in shots] == [s["step_num"] * STEP_SECONDS for s in src["steps"]]
    assert events[0]["t"] == 0.0 and events[-1]["t"] == src["steps"][-1]["step_num"] * STEP_SECONDS + ACTION_DELAY
    for step in src["steps"]:
        m = re.fullmatch(r"pyautogui\.click\(x=([\d.]+), y=([\d.]+)\)", step["action"])
        if m:
            down = next(e for e in events if e["type"] == "down" and e["step"] == step["step_num"])
            assert (down["x"], down["y"]) == (round(float(m[1]) * W), round(float(m[2]) * H))
            assert down["t"] > step["step_num"] * STEP_SECONDS
    scroll = next(e for e in events if e["type"] == "scroll")
    assert (scroll["x"], scroll["y"], scroll["dy"]) == (round(0.4496 * W), round(0.7349 * H), -54)
    assert manifest["screens"][0] | {"width": W, "height": H} == manifest["screens"][0]
    assert manifest["clock"]["synthetic"] is True


def test_sample_keys_task_and_reasoning(sample):
    report, session, src = sample
    manifest, events = load(session)
    step1 = [e["key"] for e in events if e["type"] == "key_down" and e["step"] == 1]
    assert step1 == [*"SPOTIFY", "Enter"]
    step5 = "".join(e["key"] for e in events if e["type"] == "key_down" and e["step"] == 5)
    assert step5 == "VAMPIRE WEEKENDEnter"
    task = manifest["tasks"][0]
    assert task["instruction"] == src["user_task_description"]
    assert task["high_level_instruction"] == src["high_level_task_description"]
    assert task["outcome"] == "success"
    marker0 = next(e for e in events if e["type"] == "marker" and e["step"] == 0)
    mono = src["steps"][0]["inner_monologue"]
    assert marker0["label"] == f"step 0: {mono['low_level_instruction']}"
    assert marker0["thought"] == mono["thought"] and marker0["observation"] == mono["observation"]
    assert orjson.loads(marker0["ground_truth_actions"]) == src["steps"][0]["ground_truth_actions"]
    assert any(e["type"] == "marker" and e["label"] == "terminate: success" for e in events)
    assert {"missing-steps", "resolution-mismatch"} <= set(report.codes()) and not report.errors
    assert (session / "source" / STEPS_JSON.name).is_file()
    assert_valid(session)


def copy_sample(tmp_path, change):
    root = tmp_path / "traj"
    shutil.copytree(STEPS_JSON.parent, root)
    path = root / STEPS_JSON.name
    data = orjson.loads(path.read_bytes())
    change(data)
    path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    return path


def test_unknown_and_unsafe_actions_are_reported_not_run(tmp_path):
    canary = tmp_path / "canary"

    def change(data):
        data["steps"][1]["action"] = "pyautogui.frobnicate(x=0.5, y=0.5)"
        data["steps"][2]["action"] = f"open({str(canary)!r}, 'w')"
        data["steps"][3]["action"] = f"pyautogui.click(x=__import__('os').system('touch {canary}'), y=0)"
        data["steps"][4]["action"] = "pyautogui.click(x=0.5, y="
    path = copy_sample(tmp_path, change)
    report = import_path(path, tmp_path / "out")
    assert not canary.exists()
    assert {"unknown-action", "bad-action"} <= set(report.codes())
    text = path.read_text()
    line = text.count("\n", 0, text.index('"step_num": 1')) + 1
    frob = next(p for p in report.problems if "frobnicate" in p.message)
    assert (frob.code, frob.line, frob.path) == ("unknown-action", line, str(path))
    assert len([p for p in report.problems if p.code in ("unknown-action", "bad-action")]) == 4
    session = report.sessions[0].path
    assert counts(load(session)[1])["screenshot"] == 11  # everything else imported
    assert_valid(session)


def test_missing_screenshot_is_a_warning(tmp_path):
    path = copy_sample(tmp_path, lambda d: None)
    (path.parent / "images" / "s_7f27a11115e596eb_3.png").unlink()
    report = import_path(path, tmp_path / "out")
    missing = [p for p in report.problems if p.code == "missing-screenshot"]
    assert len(missing) == 1 and missing[0].severity == "warning"
    assert counts(load(report.sessions[0].path)[1])["screenshot"] == 10


def expand(code, pos=None):
    calls, errors = parse(code)
    assert not errors
    ex = Expander(1000, 500, pos)
    return [e for c in calls for e in ex.expand(c)]


def test_pyautogui_calls_expand():
    assert [e["type"] for e in expand("pyautogui.doubleClick(x=0.1, y=0.2)")] == ["move", "down", "up", "down", "up"]
    right = expand("pyautogui.rightClick(0.5, 0.5)")
    assert right[1] == {"type": "down", "x": 500, "y": 250, "button": "right"}
    hot = expand("pyautogui.hotkey('ctrl', 'shift', 't')")
    assert [(e["type"], e["key"]) for e in hot] == [("key_down", "Control"), ("key_down", "Shift"), ("key_down", "t"),
                                                    ("key_up", "t"), ("key_up", "Shift"), ("key_up", "Control")]
    assert [e["key"] for e in expand("pyautogui.press('tab', presses=2)")] == ["Tab"] * 4
    assert [e["key"] for e in expand("pyautogui.typewrite(['a', 'enter'])")] == ["a", "a", "Enter", "Enter"]
    drag = expand("pyautogui.dragTo(x=0.9, y=0.9, button='left')", pos=(10, 10))
    assert [(e["type"], e["x"], e["y"]) for e in drag] == [("down", 10, 10), ("move", 900, 450), ("up", 900, 450)]
    assert expand("pyautogui.click(x=640, y=300)")[0] == {"type": "move", "x": 640, "y": 300}  # absolute pixels
    assert expand("pyautogui.hscroll(3)", pos=(1, 2)) == [{"type": "scroll", "x": 1, "y": 2, "dx": 3, "dy": 0}]
    assert expand("pyautogui.scroll(-5, x=0.5, y=0.5)")[-1] == {"type": "scroll", "x": 500, "y": 250, "dx": 0, "dy": -5}
    assert expand("pyautogui.write('a\\nb')")[2]["key"] == "Enter"
    assert expand("computer.terminate(status='failure')")[0]["label"] == "terminate: failure"


def test_parse_rejects_non_literals():
    calls, errors = parse("x = 1\npyautogui.click(x=y, y=0)\nimport os")
    assert not calls and len(errors) == 3
    assert all("y=0" not in e for e in errors)  # messages never echo the action's text (it may hold typed text)


def test_key_and_terminate_actions_import_without_a_screen_size(tmp_path):
    """The trajectory JSON alone (no images, no meta_info size): pointer actions cannot be placed, the rest can."""
    src = tmp_path / "alone" / STEPS_JSON.name
    src.parent.mkdir()
    data = orjson.loads(STEPS_JSON.read_bytes())
    data.pop("meta_info", None)
    src.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    report = import_path(src, tmp_path / "out")
    assert report.sessions, [str(p) for p in report.problems]
    placed = [p for p in report.problems if p.code == "no-screen-size"]
    assert len(placed) == 9 and all("click" in p.message or "moveTo" in p.message or "scroll" in p.message
                                    for p in placed)
    manifest, events = load(report.sessions[0].path)
    typed = "".join(e["key"] for e in events if e["type"] == "key_down" and len(e["key"]) == 1)
    assert typed == "SPOTIFYVAMPIRE WEEKEND"
    assert [e["key"] for e in events if e["type"] == "key_down" and e["key"] == "Enter"] == ["Enter", "Enter"]
    assert any(e["type"] == "marker" and e.get("label") == "terminate: success" for e in events)
    assert manifest["tasks"][0]["outcome"] == "success"
