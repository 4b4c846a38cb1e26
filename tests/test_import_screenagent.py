"""ScreenAgent importer: the real session as it is, X11 key names, ids without a person's identifiers, bad steps."""

from __future__ import annotations

import shutil

import orjson
import pytest
from test_import_support import SCREENAGENT, assert_no_identifier, assert_valid, counts, load, tree_digest

from viewer.importers import detect, import_path
from viewer.importers.screenagent import ACTION_DELAY, EVENT_GAP
from viewer.importers.x11_keys import x11_key

SID = "02ea503d419c440cbda9e42263706d6a"  # the tool's own session_id (a UUID hex) in every step file


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    before = tree_digest(SCREENAGENT)
    report = import_path(SCREENAGENT, tmp_path_factory.mktemp("out"))
    assert tree_digest(SCREENAGENT) == before, "the source was modified"
    assert not report.errors, [str(p) for p in report.errors]
    assert len(report.sessions) == 1
    return report.sessions[0].path


def test_detected_as_screenagent():
    assert detect(SCREENAGENT) == "screenagent"
    assert detect(SCREENAGENT.parent) is None  # the folder above holds the session, it is not one


def test_sample_steps_times_and_screens(sample):
    manifest, events = load(sample)
    assert_valid(sample)
    assert sample.name == manifest["session_id"] == SID
    assert manifest["started_at"] == "2023-12-20T19:31:31.255" and manifest["timezone"] == "unknown"
    assert manifest["screens"][0] | {"width": 1024, "height": 768} == manifest["screens"][0]
    assert manifest["tasks"][0]["instruction"] == "Find relevant information about von Neumann on the Internet"
    shots = [e for e in events if e["type"] == "screenshot"]
    # five steps (the _neg_plan file repeats step 3's time: a training variant, not a step that ran)
    assert [round(e["t"], 3) for e in shots] == [0.0, 116.885, 236.912, 255.859, 311.822]
    assert all((sample / e["file"]).is_file() for e in shots)
    assert manifest["source_metadata"]["step_variants"] == ["2023-12-20_19-35-47-115314_translate_neg_plan.json"]
    assert (sample / "source" / "2023-12-20_19-35-47-115314_translate_neg_plan.json").is_file()


def test_sample_actions(sample):
    _, events = load(sample)
    assert counts(events) == {"screenshot": 5, "marker": 5 + 2 + 1 + 1, "move": 2, "down": 2, "up": 2,
                              "text": 1, "key_down": 1, "key_up": 1}
    step1 = [e for e in events if e.get("step") == 1 and e["type"] not in ("screenshot", "marker")]
    assert [(e["type"], e.get("x"), e.get("y"), e.get("button")) for e in step1[:3]] == [
        ("move", 487, 193, None), ("down", 487, 193, "left"), ("up", 487, 193, "left")]
    assert [e.get("text") or e["key"] for e in step1[3:]] == ["冯诺依曼", "Enter", "Enter"]  # text, down, up
    enter = next(e for e in step1 if e["type"] == "key_down" and e["key"] == "Enter")
    assert enter["src_key"] == "Return"
    assert step1[0]["t"] == pytest.approx(116.885 + ACTION_DELAY, abs=0.001)
    assert step1[1]["t"] - step1[0]["t"] == pytest.approx(EVENT_GAP)
    marker = next(e for e in events if e["type"] == "marker" and e.get("step") == 1 and e["label"] == "step 1")
    assert "LLM_response" in marker  # the model's answer: the agent's reasoning, kept on the step's marker
    plans = [e["label"] for e in events if e["type"] == "marker" and e["label"].startswith("plan: ")]
    assert len(plans) == 2
    evaluate = [e for e in events if e["type"] == "marker" and e["label"] == "evaluate: sub_task_success"]
    assert len(evaluate) == 2 and "advice" in evaluate[1]


@pytest.mark.parametrize("name, key", [
    ("Return", "Enter"), ("BackSpace", "Backspace"), ("Super_L", "Meta"), ("Control_R", "Control"),
    ("Shift_L", "Shift"), ("Alt_L", "Alt"), ("Page_Up", "PageUp"), ("Next", "PageDown"), ("Caps_Lock", "CapsLock"),
    ("ISO_Left_Tab", "Tab"), ("exclam", "!"), ("space", " "), ("KP_5", "5"), ("KP_Enter", "Enter"), ("F11", "F11"),
    ("3270_PrintScreen", "PrintScreen"), ("XF86AudioMute", "AudioVolumeMute"), ("a", "a"), ("Left", "ArrowLeft"),
    ("No_Such_Key", "Unidentified"), ("", "Unidentified")])
def test_x11_key_names(name, key):
    assert x11_key(name) == key


def _copy_with(tmp_path, folder: str, change) -> object:
    """The sample copied into tmp_path/folder with every step file's JSON passed through change(data)."""
    dst = tmp_path / folder
    shutil.copytree(SCREENAGENT, dst)
    for path in dst.glob("*.json"):
        data = orjson.loads(path.read_bytes())
        change(data)
        path.write_bytes(orjson.dumps(data))
    return dst


def test_a_person_in_the_folder_or_the_ids_never_reaches_the_session_id(tmp_path):
    src = _copy_with(tmp_path, "jane.doe@example.com", lambda d: d.update(session_id="jane.doe@example.com"))
    report = import_path(src, tmp_path / "out")
    session = report.sessions[0].path
    manifest, _ = load(session)
    assert manifest["session_id"].startswith("screenagent-") and session.name == manifest["session_id"]
    assert_no_identifier(session, "jane.doe@example.com")


def test_bad_step_files_are_reported_and_the_rest_imported(tmp_path):
    src = _copy_with(tmp_path, "s", lambda d: d)
    first = sorted(src.glob("*.json"))[0]
    first.write_text("{not json")
    second = sorted(src.glob("*.json"))[1]
    data = orjson.loads(second.read_bytes())
    data["actions"].append({"action_type": "TeleportAction"})
    second.write_bytes(orjson.dumps(data))
    report = import_path(src, tmp_path / "out")
    problems = [str(p) for p in report.errors]
    assert any(p.startswith(f"{first}: bad-json: ") for p in problems), problems
    assert any(p.startswith(f"{second}: unknown-action: actions[3]: unknown action type") for p in problems)
    assert len(report.sessions) == 1
    assert_valid(report.sessions[0].path)
    assert counts(load(report.sessions[0].path)[1])["screenshot"] == 4


def test_from_screenagent_on_a_folder_without_steps_says_so(tmp_path):
    (tmp_path / "empty").mkdir()
    report = import_path(tmp_path / "empty", tmp_path / "out", source="screenagent")
    assert [p.code for p in report.errors] == ["no-steps"] and not report.sessions
