"""No importer lets the recorded person's identifier out: every source place that can hold it is planted with
a fake e-mail and name, each format is imported, approved and exported with the real CLI, and every exported
byte and file name is searched for them (raw, `@` replaced, URL-encoded, lower-cased). `erase-user` with the
e-mail finds each session. The builders are keyed by format: an importer added to the registry without a
builder here fails `test_every_registered_importer_has_a_builder`."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

import cv2
import numpy as np
import orjson
import pytest
from click.testing import CliRunner
from test_import_support import read_events, readable_bytes

from viewer.cli import cli
from viewer.importers import FORMATS, READERS, import_path
from viewer.review import Store

LOCAL, DOMAIN = "jane.quuxley", "acme-example.org"
EMAIL = f"{LOCAL}@{DOMAIN}"
NAME = "Janet Quuxley"
UUID = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
KEY = "identity-test-key"


def _png(path: Path, w: int = 64, h: int = 48) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), np.full((h, w, 3), 200, np.uint8))


def _jsonl(path: Path, rows: list[dict]) -> None:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))


def build_ducktrack(root: Path) -> Path:
    """An AgentNet-tool folder `<timestamp>_<e-mail>_<uuid>` with the person in metadata, task, events,
    window titles, a side file's name and the video's name."""
    rec = root / f"20240501_090000_{EMAIL}_{UUID}"
    rec.mkdir(parents=True)
    meta = {"system": "Linux", "screen_width": 64, "screen_height": 48, "start_time": "2024-05-01 09:00:00",
            "stop_time": "2024-05-01 09:00:02", "video_start_timestamp": 100.0, "user_name": NAME,
            "email": EMAIL, "note": f"recorded by {NAME} <{EMAIL}>"}
    (rec / "metadata.json").write_bytes(orjson.dumps(meta))
    _jsonl(rec / "events.jsonl", [
        {"time_stamp": 100.1, "action": "move", "x": 10, "y": 10, "profile": f"https://x.test/u/{quote(EMAIL)}"},
        {"time_stamp": 100.2, "action": "click", "x": 10, "y": 10, "button": "left", "pressed": True,
         "who": NAME},
        {"time_stamp": 100.3, "action": "click", "x": 10, "y": 10, "button": "left", "pressed": False,
         "profile_name": quote(NAME)},
        {"time_stamp": 100.4, "action": "press", "name": "a", "account": EMAIL.upper()},
    ])
    _jsonl(rec / "top_window.jsonl", [{"time_stamp": 100.05, "top_window_name": "Mail",
                                       "window_title": f"Inbox - {EMAIL} - Mail"}])
    (rec / "task_name.json").write_bytes(orjson.dumps({"task_name": "Open the inbox",
                                                       "description": "Open the inbox", "annotator": NAME}))
    (rec / f"notes_{EMAIL}.txt").write_text(f"{NAME}\n")
    writer = cv2.VideoWriter(str(rec / f"obs_{EMAIL.replace('@', '_at_')}.mp4"),
                             cv2.VideoWriter_fourcc(*"mp4v"), 10, (64, 48))
    for _ in range(20):
        writer.write(np.full((48, 64, 3), 90, np.uint8))
    writer.release()
    return rec


def build_steps(root: Path) -> Path:
    """A trajectory without task_id, named after the person, with them in fields, image names and reasoning."""
    folder = root / "steps"
    data = {"user_email": EMAIL, "meta_info": {"annotator": NAME}, "user_task_description": "Write hello",
            "steps": [
                {"step_num": 0, "image": f"{EMAIL}_0.png", "action": "pyautogui.click(x=0.5, y=0.5)",
                 "inner_monologue": {"low_level_instruction": "Click the box", "thought": f"{NAME} asked"},
                 "reviewer": f"{LOCAL}%40{DOMAIN}"},
                {"step_num": 1, "image": f"{EMAIL}_1.png", "action": "pyautogui.write(message='hello')",
                 "inner_monologue": {"low_level_instruction": "Type hello", "thought": EMAIL.lower()},
                 "by": EMAIL.replace("@", "_at_"), "who": NAME.lower().replace(" ", "_")},
            ]}
    for i in range(2):
        _png(folder / "images" / f"{EMAIL}_{i}.png")
    path = folder / f"trajectory_{EMAIL}.json"
    path.write_bytes(orjson.dumps(data))
    return path


def build_openadapt(root: Path) -> Path:
    """A recording database in a folder named after the person, with them in extra columns and a title."""
    folder = root / f"capture-{EMAIL}"
    folder.mkdir(parents=True)
    db = folder / "recording.db"
    con = sqlite3.connect(db)
    con.executescript(
        "CREATE TABLE recording (id INTEGER, timestamp REAL, monitor_width INTEGER, monitor_height INTEGER,"
        " platform TEXT, task_description TEXT, user_email TEXT, user_name TEXT);"
        "CREATE TABLE action_event (id INTEGER, name TEXT, timestamp REAL, recording_timestamp REAL,"
        " mouse_x REAL, mouse_y REAL, mouse_dx REAL, mouse_dy REAL, mouse_button_name TEXT, mouse_pressed INTEGER,"
        " key_name TEXT, key_char TEXT, remark TEXT);"
        "CREATE TABLE screenshot (id INTEGER, recording_timestamp REAL, timestamp REAL, png_data BLOB);"
        "CREATE TABLE window_event (id INTEGER, recording_timestamp REAL, timestamp REAL, title TEXT,"
        " state TEXT);")
    con.execute("INSERT INTO recording VALUES (1, 1000.0, 64, 48, 'linux', 'Read mail', ?, ?)", (EMAIL, NAME))
    con.execute("INSERT INTO action_event VALUES (1, 'move', 1000.5, 1000.0, 5, 5, NULL, NULL, NULL, NULL,"
                " NULL, NULL, ?)", (f"by {NAME}",))
    con.execute("INSERT INTO action_event VALUES (2, 'press', 1000.7, 1000.0, NULL, NULL, NULL, NULL, NULL,"
                " NULL, NULL, 'a', ?)", (EMAIL,))
    ok, png = cv2.imencode(".png", np.full((48, 64, 3), 120, np.uint8))
    con.execute("INSERT INTO screenshot VALUES (1, 1000.0, 1000.1, ?)", (png.tobytes(),))
    con.execute("INSERT INTO window_event VALUES (1, 1000.0, 1000.2, ?, ?)",
                (f"{EMAIL} - Inbox", orjson.dumps({"meta": {"owner": NAME}}).decode()))
    con.commit()
    con.close()
    return db


def _jpg(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), np.full((48, 64, 3), 180, np.uint8))


def build_screenagent(root: Path) -> Path:
    """A session folder named after the person, with them in a step file's and an image's name, in extra fields,
    the task, the model's responses, a plan action and typed text."""
    folder = root / f"screenagent-{EMAIL}"
    base = {"session_id": "02ea503d419c440cbda9e42263706d6a", "video_width": 64, "video_height": 48, "user_name": NAME,
            "email": EMAIL, "task_prompt_en": f"Write to {NAME}"}
    steps = [
        ("2023-12-20_19-31-31-255913_send_prompt.json", f"{EMAIL}_0.jpg", {
            "LLM_response_en": f"I will open the mail of {NAME} ({quote(EMAIL)})",
            "actions": [{"action_type": "MouseAction", "mouse_action_type": "click", "mouse_button": "left",
                         "mouse_position": {"width": 10, "height": 10}},
                        {"action_type": "PlanAction", "element": f"the inbox of {EMAIL.upper()}"}]}),
        (f"2023-12-20_19-31-35-000001_{EMAIL}.json", "step_1.jpg", {
            "LLM_response_en": f"Signed as {EMAIL.replace('@', ' at ')}",
            "actions": [{"action_type": "KeyboardAction", "keyboard_action_type": "text", "keyboard_text": EMAIL}]}),
    ]
    for name, image, step in steps:
        _jpg(folder / "images" / image)
        (folder / name).write_bytes(orjson.dumps({**base, **step, "saved_image_name": image}))
    return folder


def build_browser_agent(root: Path) -> Path:
    """A run folder named after the person, with them in extra fields, the task, URLs, thoughts, typed text and
    the final answer."""
    folder = root / f"run-{EMAIL}"
    _png(folder / "trajectory" / "0_full_screenshot.png")
    data = {"task_id": "0059adc6b12a3822305deb68929b2de8", "task": f"Open the profile of {NAME}",
            "result_status": "success", "annotator": NAME, "account": {"email": EMAIL},
            "action_history": [f"Navigate to https://mail.test/u/{quote(EMAIL)}?name={quote(NAME)}",
                               "Click at (10, 10)", f'Type "{EMAIL}"', "Press Enter"],
            "thoughts": [f"This is {NAME}'s inbox", f"Log in as {EMAIL.upper()}", "Type it", "Submit"],
            "final_result_response": f"Opened the profile of {NAME.lower()} <{EMAIL}>"}
    (folder / "result.json").write_bytes(orjson.dumps(data))
    return folder


def build_osworld(root: Path) -> Path:
    """A run folder holding the person's e-mail beside the task's UUID, with them in a screenshot's name, extra
    fields, `info`, the responses, the instruction and typed text."""
    folder = root / f"{EMAIL}_{UUID}"
    _png(folder / "initial_state.png")
    rows = [{"step_num": 1, "action_timestamp": "20240305@142010", "action": "pyautogui.click(10, 10)",
             "response": f"I open the mail of {NAME}", "reward": 0, "done": False, "info": {"user": EMAIL},
             "annotator": NAME, "screenshot_file": f"step_1_{EMAIL}.png"},
            {"step_num": 2, "action_timestamp": "20240305@142014", "action": f"pyautogui.typewrite('{EMAIL}')",
             "response": f"I type {quote(EMAIL)}", "reward": 0, "done": True, "info": {},
             "screenshot_file": "step_2_20240305@142014.png"}]
    for row in rows:
        _png(folder / row["screenshot_file"])
    _jsonl(folder / "traj.jsonl", rows)
    (folder / "instruction.txt").write_text(f"Reply to {NAME} from {EMAIL}\n")
    (folder / "result.txt").write_text("1\n")
    return folder


def build_rrweb(root: Path) -> Path:
    """A tiny PostHog-style export named after the person (file and folder), with them in the person fields, the
    page's URL and text, an `identify` custom event and typed input."""
    t = 1700000000000
    text = {"type": 3, "textContent": f"Signed in as {NAME} <{EMAIL}>", "id": 6}
    body = {"type": 2, "tagName": "body", "attributes": {}, "childNodes": [text], "id": 5}
    html = {"type": 2, "tagName": "html", "attributes": {}, "id": 3, "childNodes": [
        {"type": 2, "tagName": "head", "attributes": {}, "childNodes": [], "id": 4}, body]}
    node = {"type": 0, "id": 1, "childNodes": [
        {"type": 1, "name": "html", "publicId": "", "systemId": "", "id": 2}, html]}
    events = [
        {"type": 4, "timestamp": t, "data": {"href": f"https://app.test/u/{quote(EMAIL)}?n={quote(NAME)}",
                                             "width": 64, "height": 48}},
        {"type": 2, "timestamp": t + 10, "data": {"node": node, "initialOffset": {"left": 0, "top": 0}}},
        {"type": 5, "timestamp": t + 20, "data": {"tag": "identify", "payload": {"email": EMAIL,
                                                                                "user_name": NAME}}},
        {"type": 3, "timestamp": t + 30, "data": {"source": 1, "positions": [{"x": 5, "y": 5, "id": 6,
                                                                              "timeOffset": 0}]}},
        {"type": 3, "timestamp": t + 40, "data": {"source": 5, "id": 6, "text": EMAIL, "isChecked": False}},
    ]
    path = root / f"posthog-{EMAIL}" / f"replay-{EMAIL}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orjson.dumps({"events": events, "distinct_id": EMAIL,
                                   "person": {"properties": {"email": EMAIL, "name": NAME}}}))
    return path


BUILDERS = {"ducktrack": build_ducktrack, "steps": build_steps, "openadapt": build_openadapt,
            "screenagent": build_screenagent, "browser-agent": build_browser_agent, "osworld": build_osworld,
            "rrweb": build_rrweb}


def needles() -> list[bytes]:
    """The person's identifiers as they could be spelled anywhere: raw, `@` replaced, URL-encoded, lower-cased."""
    forms = [LOCAL, DOMAIN, EMAIL, quote(EMAIL, safe=""), quote(EMAIL), NAME, NAME.replace(" ", "-"),
             NAME.replace(" ", "_"), NAME.replace(" ", ""), NAME.replace(" ", "%20")]
    forms += [EMAIL.replace("@", sep) for sep in ("-", "_", "_at_", " at ", ".")]
    return sorted({f.lower().encode() for f in forms})


def test_every_registered_importer_has_a_builder():
    assert set(READERS) == set(FORMATS) == set(BUILDERS)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("identity")
    data, url = tmp / "data", f"sqlite:///{tmp / 'ann.db'}"
    imported = {}
    for fmt, build in BUILDERS.items():
        report = import_path(build(tmp / "src" / fmt), data, fmt)
        assert not report.errors, [str(p) for p in report.errors]
        assert len(report.sessions) == 1
        imported[fmt] = report.sessions[0].path
    with Store.open(url) as store:
        for path in imported.values():
            manifest = orjson.loads((path / "session.json").read_bytes())
            store.set_review(manifest["session_id"], "h", "approved", reviewer="r")
    out = tmp / "out"
    done = CliRunner().invoke(cli, ["export", str(data), str(out), "--db", url], env={"VIEWER_EXPORT_KEY": KEY})
    assert done.exit_code == 0, done.output
    return {"data": data, "url": url, "out": out, "imported": imported}


@pytest.mark.parametrize("fmt", sorted(BUILDERS))
def test_identity_becomes_user_and_nothing_else(exported, fmt):
    path = exported["imported"][fmt]
    manifest = orjson.loads((path / "session.json").read_bytes())
    assert manifest["user"] == EMAIL
    for needle in needles():
        assert needle not in path.name.lower().encode() and needle not in manifest["session_id"].lower().encode()
    assert (path / "events.parquet").is_file()  # as importers write it: searched decoded, not as compressed bytes
    events = orjson.dumps(read_events(path)).lower()
    assert not [n for n in needles() if n in events]


def test_nothing_exported_holds_the_person(exported):
    out = exported["out"]
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len({p.relative_to(out).parts[0] for p in files if p.name == "session.json"}) == len(BUILDERS)
    found = []
    for p in [out, *out.rglob("*")]:
        name = p.relative_to(out).as_posix().lower().encode()
        found += [(p.name, n) for n in needles() if n in name]
        if p.is_file():
            body = readable_bytes(p).lower()
            found += [(p.relative_to(out).as_posix(), n) for n in needles() if n in body]
    assert found == []


def test_erase_user_finds_every_session(exported):
    done = CliRunner().invoke(cli, ["erase-user", EMAIL, "--data", str(exported["data"]), "--db", exported["url"]])
    assert done.exit_code == 0, done.output
    assert f"{len(BUILDERS)} session(s): " in done.output
    for path in exported["imported"].values():
        assert path.name in done.output


def test_agentnet_session_id_is_the_recording_uuid(exported):
    assert exported["imported"]["ducktrack"].name == "agentnet-" + UUID.replace("-", "")


def test_emails_are_found_in_names_urls_and_texts_without_their_wrapping():
    from viewer.importers.identity import emails_in, find_identity

    assert emails_in(f"step_1_{EMAIL}.png") == [EMAIL]
    assert emails_in(f"20240501_090000_{EMAIL}_{UUID}") == [EMAIL]
    assert emails_in(f"https://x.test/u/{quote(EMAIL, safe='')}?a=1") == [EMAIL]
    found = find_identity([{"annotator": NAME, "shot": f"step_1_{EMAIL}.png"}], [], [f"as {EMAIL.upper()}"])
    assert found.user == EMAIL and found.identifiers == (NAME, EMAIL)
