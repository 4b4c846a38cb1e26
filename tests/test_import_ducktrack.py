"""DuckTrack / AgentNet importer: the real DuckTrack sample as it is, and AgentNet-style and broken copies."""

from __future__ import annotations

import shutil
from collections import Counter

import numpy as np
import orjson
import pytest
from test_import_support import DUCKTRACK, assert_valid, counts, load, tree_digest

from viewer.importers import import_path
from viewer.importers.keys import w3c_button, w3c_key

OBS_STARTED = 150160.871470625  # metadata.json: OBS_WEBSOCKET_OUTPUT_STARTED, the video start


def source_events(path=DUCKTRACK / "events.jsonl") -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    before = tree_digest(DUCKTRACK)
    dest = tmp_path_factory.mktemp("out")
    report = import_path(DUCKTRACK, dest)
    assert tree_digest(DUCKTRACK) == before, "the source was modified"
    assert len(report.sessions) == 1
    return report, report.sessions[0].path


def same_us_and_pixel_moves(src: list[dict]) -> int:
    """Source moves on the same µs and whole pixel as the move just before (distinct rows): merged on import."""
    n, prev = 0, None
    for e in src:
        key = (round(e["time_stamp"] - OBS_STARTED, 6), round(e["x"]), round(e["y"])) if e["action"] == "move" else e
        n += key == prev and e["action"] == "move"
        prev = key
    return n


def test_sample_counts_match_the_source(sample):
    report, session = sample
    src = Counter(e["action"] for e in source_events())
    clicks = [e for e in source_events() if e["action"] == "click"]
    got = counts(load(session)[1])
    assert same_us_and_pixel_moves(source_events()) == 0  # sub-ms moves stay distinct: nothing merged
    assert "merged-moves" not in report.codes()
    merged = 0
    assert got["move"] == src["move"]
    assert got["scroll"] == src["scroll"]
    assert got["down"] == sum(e["pressed"] for e in clicks)
    assert got["up"] == sum(not e["pressed"] for e in clicks)
    assert got["key_down"] == src["press"] and got["key_up"] == src["release"]
    assert sum(got.values()) == sum(src.values()) - merged


def test_identical_source_moves_are_kept_as_duplicates(tmp_path):
    """Only moves that differ in the source below µs/pixel are merged: a recorder's own repeats stay visible."""
    rec = tmp_path / "rec"
    rec.mkdir()
    row = {"time_stamp": 10.0, "action": "move", "x": 5.2, "y": 7.0}
    rows = [row, row, {**row, "time_stamp": 10.0000002, "x": 5.4}, {**row, "time_stamp": 10.0002}]
    (rec / "events.jsonl").write_bytes(b"\n".join(orjson.dumps(r) for r in rows) + b"\n")
    report = import_path(rec, tmp_path / "out")
    moves = [e for e in load(report.sessions[0].path)[1] if e["type"] == "move"]
    assert moves == [{"t": 0.0, "type": "move", "x": 5, "y": 7}] * 2 + [{"t": 0.0002, "type": "move", "x": 5, "y": 7}]
    assert "1 pointer moves" in next(p.message for p in report.problems if p.code == "merged-moves")


def test_events_under_a_millisecond_apart_stay_distinct_and_in_order(tmp_path):
    """Scrolls 0.63 ms apart (as AgentNet recorded them) are not made identical: QA sees no duplicate."""
    from viewer.quality import Thresholds
    from viewer.quality.metrics import session_row
    from viewer.trace import load_session

    rec = tmp_path / "rec"
    rec.mkdir()
    rows = [{"time_stamp": 10.0 + i * 0.00063, "action": "scroll", "x": 5, "y": 7, "dx": 0, "dy": -1}
            for i in range(4)]
    (rec / "events.jsonl").write_bytes(b"\n".join(orjson.dumps(r) for r in rows) + b"\n")
    report = import_path(rec, tmp_path / "out")
    events = load(report.sessions[0].path)[1]
    assert [e["t"] for e in events] == [0.0, 0.00063, 0.00126, 0.00189]
    row = session_row(load_session(report.sessions[0].path), Thresholds())
    assert row["duplicates"] == 0 and "duplicate-events" not in row["problems"]


def test_sample_times_are_seconds_since_the_video_start(sample):
    _, session = sample
    manifest, events = load(session)
    src = source_events()
    assert events[0]["t"] == round(src[0]["time_stamp"] - OBS_STARTED, 6) == 0.093993
    assert events[-1]["t"] == round(src[-1]["time_stamp"] - OBS_STARTED, 6)
    assert manifest["clock"]["t_zero"] == "video start"
    assert manifest["started_at"] == "2023-10-20T17:19:53.000Z"  # local wall clock read as UTC, offset unknown
    assert manifest["timezone"] == "unknown"
    assert "UTC offset is unknown" in manifest["clock"]["note"]


def test_sample_coordinates_keys_and_manifest(sample):
    report, session = sample
    manifest, events = load(session)
    src_clicks = [e for e in source_events() if e["action"] == "click"]
    downs = [e for e in events if e["type"] in ("down", "up")]
    for s, e in zip(src_clicks, downs):  # no video: scale unknown, logical points kept (rounded)
        assert (e["x"], e["y"], e["button"]) == (round(s["x"]), round(s["y"]), "left")
    names = [e["name"] for e in source_events() if e["action"] == "press"]
    keys = [e["key"] for e in events if e["type"] == "key_down"]
    assert keys == [{"enter": "Enter", "space": " "}.get(n, n) for n in names]
    assert manifest["screens"][0]["width"] == 1512 and manifest["screens"][0]["logical_width"] == 1512
    assert manifest["screens"][0]["source_scale"] is None and manifest["coords"] == "points"
    assert manifest["os"] == "macOS" and manifest["recorder"]["name"] == "ducktrack"
    assert manifest["source_metadata"]["scroll_direction"] == -1
    assert manifest["source_private"]["node"].endswith("gatech.edu")  # kept, but apart (identifying)
    assert manifest["user"].startswith("user-") and "video" not in manifest
    assert {"missing-video", "scale-unknown"} <= set(report.codes())
    assert not report.errors
    assert (session / "source" / "README.md").is_file()
    assert_valid(session)


def test_scroll_keeps_the_recorded_direction(sample):
    _, session = sample
    src = [e for e in source_events() if e["action"] == "scroll"]
    got = [e for e in load(session)[1] if e["type"] == "scroll"]
    assert [(e["dx"], e["dy"]) for e in got] == [(s["dx"], s["dy"]) for s in src]


def write_video(path, size, frames=2):
    import cv2

    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 10, size)
    for _ in range(frames):
        writer.write(np.zeros((size[1], size[0], 3), np.uint8))
    writer.release()


def test_video_frame_size_gives_the_scale(tmp_path):
    rec = tmp_path / "recording-2023-10-20_17-19-53"
    shutil.copytree(DUCKTRACK, rec)
    write_video(rec / "recording.mp4", (3024, 1964))  # a Retina screen of 1512 x 982 points
    report = import_path(rec, tmp_path / "out")
    session = report.sessions[0].path
    manifest, events = load(session)
    assert manifest["screens"][0] | {"width": 3024, "height": 1964, "scale": 1.0, "source_scale": 2.0} \
        == manifest["screens"][0]
    assert manifest["coords"] == "pixels"
    assert manifest["video"] == {"file": "screen.mp4", "t0": 0.0, "source_file": "recording.mp4"}
    src_click = next(e for e in source_events() if e["action"] == "click")
    down = next(e for e in events if e["type"] == "down")
    assert (down["x"], down["y"]) == (round(src_click["x"] * 2), round(src_click["y"] * 2))
    assert "missing-video" not in report.codes() and "scale-unknown" not in report.codes()
    assert_valid(session)


def agentnet_recording(root):
    """A small AgentNet-style recording: event_idx/pynput_key, task, windows, a11y files, video start."""
    rec = root / "6f1c0d3e-agentnet"
    rec.mkdir()
    meta = {"system": "Windows", "screen_width": 1920, "screen_height": 1080, "scroll_direction": 1,
            "start_time": "2024-05-01 09:00:00", "stop_time": "2024-05-01 09:00:10",
            "video_start_timestamp": 100.0, "node": "host", "id": 42}
    rows = [
        {"time_stamp": 100.5, "action": "move", "x": 10.0, "y": 20.0},
        {"time_stamp": 101.0, "action": "click", "x": 10, "y": 20, "button": "Button.right", "pressed": True},
        {"time_stamp": 101.1, "action": "click", "x": 10, "y": 20, "button": "Button.right", "pressed": False},
        {"time_stamp": 102.0, "action": "press", "name": "shift", "pynput_key": "Key.shift"},
        {"time_stamp": 102.1, "action": "press", "name": "a", "pynput_key": "'A'"},
        {"time_stamp": 102.2, "action": "release", "name": "a", "pynput_key": "'A'"},
        {"time_stamp": 102.3, "action": "release", "name": "shift", "pynput_key": "Key.shift"},
        {"time_stamp": 103.0, "action": "press", "name": "cmd", "pynput_key": "Key.cmd"},
        {"time_stamp": 103.1, "action": "press", "name": "f1", "pynput_key": "Key.f1"},
        {"time_stamp": 103.2, "action": "press", "name": "left", "pynput_key": "Key.left"},
        {"time_stamp": 103.3, "action": "press", "name": "backspace", "pynput_key": "Key.backspace"},
        {"time_stamp": 104.0, "action": "pause"},
        {"time_stamp": 105.0, "action": "resume"},
        {"time_stamp": 106.0, "action": "teleport", "where": "moon"},
        {"time_stamp": 107.0, "action": "scroll", "x": 5, "y": 6, "dx": 0, "dy": -2},
    ]
    lines = [orjson.dumps({**r, "event_idx": i}) for i, r in enumerate(rows)]
    (rec / "events.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (rec / "metadata.json").write_bytes(orjson.dumps(meta))
    (rec / "task_name.json").write_bytes(orjson.dumps({"task_name": "Rename the file", "description": "in Explorer"}))
    windows = [{"time_stamp": 100.2, "top_window_name": "explorer", "window_title": "Documents"}]
    (rec / "top_window.jsonl").write_bytes(b"".join(orjson.dumps(w) + b"\n" for w in windows))
    (rec / "a11y.jsonl").write_text('{"tree": {}}\n')
    (rec / "element.jsonl").write_text('{"element": "button"}\n')
    return rec


def test_agentnet_recording(tmp_path):
    rec = agentnet_recording(tmp_path)
    report = import_path(rec, tmp_path / "out")
    session = report.sessions[0].path
    manifest, events = load(session)
    assert manifest["recorder"]["name"] == "agentnet"
    assert manifest["tasks"] == [{"t_start": 0.0, "t_end": 7.0, "instruction": "Rename the file",
                                  "description": "in Explorer"}]
    focus = [e for e in events if e["type"] == "focus"]
    assert focus == [{"t": 0.2, "type": "focus", "app": "explorer", "title": "Documents"}]
    keys = [e["key"] for e in events if e["type"] == "key_down"]
    assert keys == ["Shift", "A", "Meta", "F1", "ArrowLeft", "Backspace"]
    down = next(e for e in events if e["type"] == "down")
    assert (down["button"], down["src_button"], down["t"]) == ("right", "Button.right", 1.0)
    assert [e["label"] for e in events if e["type"] == "marker"] == \
        ["recording paused", "recording resumed", "ducktrack teleport"]
    assert all("event_idx" in e for e in events if e["type"] != "focus")
    unknown = next(p for p in report.problems if p.code == "unknown-action")
    assert (unknown.path, unknown.line) == (str(rec / "events.jsonl"), 14)
    assert (session / "source" / "a11y.jsonl").is_file() and (session / "source" / "element.jsonl").is_file()
    assert not (session / "source" / "events.jsonl").exists()
    assert manifest["started_at"] == "2024-05-01T09:00:00.000Z" and manifest["os"] == "Windows"
    assert manifest["coords"] == "pixels"  # Windows: pynput reports pixels (DPI-aware)
    assert_valid(session)


def test_truncated_events_file_imports_the_good_lines(tmp_path):
    rec = tmp_path / "truncated"
    shutil.copytree(DUCKTRACK, rec)
    data = (rec / "events.jsonl").read_bytes()
    (rec / "events.jsonl").write_bytes(data[: len(data) - 40])  # the last line cut in half
    report = import_path(rec, tmp_path / "out")
    n_lines = data.count(b"\n")
    bad = [p for p in report.problems if p.code == "bad-json"]
    assert len(bad) == 1 and bad[0].line == n_lines
    assert str(bad[0]).startswith(f"{rec / 'events.jsonl'}:{n_lines}: bad-json: ")
    assert sum(counts(load(report.sessions[0].path)[1]).values()) == n_lines - 1


def test_nothing_usable_gives_no_session(tmp_path):
    rec = tmp_path / "garbage"
    rec.mkdir()
    (rec / "events.jsonl").write_text('{"time_stamp": \n{{{\n')
    (rec / "metadata.json").write_text("{}")
    report = import_path(rec, tmp_path / "out")
    assert not report.ok and not (tmp_path / "out" / "garbage").exists()
    assert {"bad-json", "no-events"} <= set(report.codes())


@pytest.mark.parametrize("name, key", [
    ("Key.shift", "Shift"), ("Key.shift_r", "Shift"), ("Key.ctrl_l", "Control"), ("Key.alt_gr", "AltGraph"),
    ("Key.cmd", "Meta"), ("Key.cmd_r", "Meta"), ("Key.enter", "Enter"), ("Key.space", " "),
    ("Key.backspace", "Backspace"), ("Key.delete", "Delete"), ("Key.tab", "Tab"), ("Key.esc", "Escape"),
    ("Key.up", "ArrowUp"), ("Key.down", "ArrowDown"), ("Key.left", "ArrowLeft"), ("Key.right", "ArrowRight"),
    ("Key.page_up", "PageUp"), ("Key.page_down", "PageDown"), ("Key.home", "Home"), ("Key.end", "End"),
    ("Key.caps_lock", "CapsLock"), ("Key.f1", "F1"), ("Key.f12", "F12"), ("Key.f20", "F20"),
    ("Key.print_screen", "PrintScreen"), ("Key.menu", "ContextMenu"), ("Key.media_play_pause", "MediaPlayPause"),
    ("Key.media_volume_up", "AudioVolumeUp"), ("Key.num_lock", "NumLock"), ("Key.insert", "Insert"),
    ("shift", "Shift"), ("enter", "Enter"), ("space", " "), ("a", "a"), ("A", "A"), ("é", "é"), ("'x'", "x"),
    ("\x01", "a"), ("\r", "Enter"), ("<65>", "Unidentified"), ("Page Up", "PageUp"), ("Caps Lock", "CapsLock"),
    ("Esc", "Escape"), ("ctrl", "Control"), ("command", "Meta"), ("option", "Alt"), ("win", "Meta"),
    ("pgdn", "PageDown"), ("volumeup", "AudioVolumeUp"), ("num5", "5"), ("no-such-key", "Unidentified"),
    (None, "Unidentified"),
])
def test_key_names_map_to_w3c(name, key):
    assert w3c_key(name) == key


def test_button_names():
    assert [w3c_button(b) for b in ("left", "Button.left", "right", "Button.middle", "x1", None)] == \
        ["left", "left", "right", "middle", None, None]


def test_events_before_the_video_start_keep_t_non_negative(tmp_path):
    rec = agentnet_recording(tmp_path)
    meta = orjson.loads((rec / "metadata.json").read_bytes())
    meta["video_start_timestamp"] = 101.0  # after the first events
    (rec / "metadata.json").write_bytes(orjson.dumps(meta))
    write_video(rec / "video.mp4", (1920, 1080))
    report = import_path(rec, tmp_path / "out")
    manifest, events = load(report.sessions[0].path)
    assert events[0]["t"] == 0.0 and manifest["video"]["t0"] == 0.8  # first event: the window at 100.2
    assert manifest["clock"]["t_zero"] == "first event"
    assert manifest["started_at"] == "2024-05-01T08:59:59.200Z"  # start_time was taken at the video start
    assert manifest["screens"][0]["source_scale"] == 1.0
    assert_valid(report.sessions[0].path)


def test_same_recording_twice_in_a_directory_of_many_gets_unique_ids(tmp_path):
    for parent in ("a", "b"):
        shutil.copytree(DUCKTRACK, tmp_path / "src" / parent / "rec")
    seen = []
    report = import_path(tmp_path / "src", tmp_path / "out", progress=lambda d, t, p: seen.append((d, t)))
    # without a uuid in the folder name the id comes from the events file, never from the folder's name
    assert sorted(s.path.name for s in report.sessions) == [SAMPLE_ID, f"{SAMPLE_ID}-2"]
    assert seen == [(0, 2), (1, 2), (2, 2)]
    ids = {load(s.path)[0]["session_id"] for s in report.sessions}
    assert ids == {SAMPLE_ID, f"{SAMPLE_ID}-2"}


SAMPLE_ID = "ducktrack-bc8ae8620e374c56"  # sha256 of the sample's events.jsonl, first 16 digits


def test_events_without_metadata(tmp_path):
    rec = tmp_path / "bare"
    rec.mkdir()
    shutil.copy(DUCKTRACK / "events.jsonl", rec / "events.jsonl")
    report = import_path(rec, tmp_path / "out")  # recognised from the events alone
    manifest, events = load(report.sessions[0].path)
    assert events[0]["t"] == 0.0 and manifest["started_at"] == "1970-01-01T00:00:00Z"
    assert manifest["clock"]["started_at_known"] is False
    assert {"missing-file", "no-start-time"} <= set(report.codes()) and not report.errors
    assert_valid(report.sessions[0].path)


@pytest.mark.parametrize("zone, started", [("Asia/Shanghai", "2024-05-01T01:00:00.000Z"),
                                           ("-05:00", "2024-05-01T14:00:00.000Z"),
                                           ("UTC+5:30", "2024-05-01T03:30:00.000Z")])
def test_start_time_is_converted_with_the_metadatas_time_zone(tmp_path, zone, started):
    rec = tmp_path / "rec"
    rec.mkdir()
    (rec / "events.jsonl").write_bytes(orjson.dumps({"time_stamp": 5.0, "action": "move", "x": 1, "y": 2}) + b"\n")
    meta = {"start_time": "2024-05-01 09:00:00", "stop_time": "2024-05-01 09:00:00", "timezone": zone}
    (rec / "metadata.json").write_bytes(orjson.dumps(meta))
    report = import_path(rec, tmp_path / "out")
    manifest, _ = load(report.sessions[0].path)
    assert (manifest["started_at"], manifest["timezone"]) == (started, zone)
    assert manifest["clock"]["started_at_offset_known"] and "local-time" not in report.codes()
    assert_valid(report.sessions[0].path)


def test_local_start_time_without_a_zone_is_warned_once_on_import_not_by_validate(tmp_path):
    from viewer.trace import validate_paths

    rec = tmp_path / "rec"
    rec.mkdir()
    (rec / "events.jsonl").write_bytes(orjson.dumps({"time_stamp": 5.0, "action": "move", "x": 1, "y": 2}) + b"\n")
    (rec / "metadata.json").write_bytes(orjson.dumps({"start_time": "2024-05-01 09:00:00", "timezone": "Mars/Base"}))
    report = import_path(rec, tmp_path / "out")
    assert report.codes().count("local-time") == 1
    manifest, _ = load(report.sessions[0].path)
    assert manifest["started_at"] == "2024-05-01T09:00:00.000Z" and manifest["timezone"] == "unknown"
    _, problems = validate_paths([report.sessions[0].path])
    assert "naive-time" not in {p.code for p in problems}


def test_a_resolution_change_mid_recording_maps_the_stretch_into_the_screen(tmp_path):
    """The display went from 1366x768 to a portrait 1050x1680 at t = 2 s: warned once with the time, and the
    positions from then on scaled from that display into the 1366x768 screen (aspect kept, centred, as a screen
    recorder fits it into its canvas), so the replay draws them on the screen and QA finds none off it."""
    from viewer.quality import scan_session

    rec = tmp_path / "rec"
    rec.mkdir()
    rows = [{"time_stamp": 10.0 + i * 0.1, "action": "move", "x": 1300, "y": 700} for i in range(20)]
    rows += [{"time_stamp": 12.0 + i * 0.1, "action": "move", "x": 1000, "y": 900 + i * 30} for i in range(20)]
    rows += [{"time_stamp": 14.0, "action": "click", "x": 0, "y": 1470, "button": "left", "pressed": True},
             {"time_stamp": 14.1, "action": "click", "x": 0, "y": 1470, "button": "left", "pressed": False}]
    (rec / "events.jsonl").write_bytes(b"\n".join(orjson.dumps(r) for r in rows) + b"\n")
    meta = {"system": "Windows", "screen_width": 1366, "screen_height": 768, "start_time": "2024-05-01 09:00:00"}
    (rec / "metadata.json").write_bytes(orjson.dumps(meta))
    report = import_path(rec, tmp_path / "out")
    [warning] = [p for p in report.problems if p.code == "display-changed"]
    assert "from t = 2.0 s" in warning.message and "1366x768" in warning.message and "1050x1680" in warning.message
    manifest, events = load(report.sessions[0].path)
    assert manifest["display_changes"] == [{"t": 2.0, "t_last_outside": 4.1, "positions_outside": 22, "pointer_extent": [1001, 1471],
                                            "screen": [1050, 1680], "mapped_into": [443, 0, 480, 768],
                                            "mapped_by": "fitted, aspect kept (no video to measure)"}]
    xy = [(e["t"], e["x"], e["y"]) for e in events if "x" in e]
    assert [p[1:] for p in xy if p[0] < 2] == [(1300, 700)] * 20  # before the change: as recorded
    after = [p[1:] for p in xy if p[0] >= 2]
    assert after[0] == (443 + 1000 * 480 // 1050, 900 * 768 // 1680) == (900, 411)
    assert after[-1] == (443, 1470 * 768 // 1680)  # the new display's left edge is the fitted area's
    assert all(443 <= x < 443 + 480 and 0 <= y < 768 for x, y in after)
    row = scan_session(report.sessions[0].path)
    assert row["off_screen"] == 0 and "off-screen" not in row["problems"]
    assert_valid(report.sessions[0].path)
    same = import_path(DUCKTRACK, tmp_path / "out2")
    assert "display-changed" not in same.codes()


def test_a_resolution_change_is_mapped_where_the_video_shows_the_new_display(tmp_path):
    """The video shows the portrait display from t = 2 s in its top-left 480x768 (black beside it): positions
    from then on land there, not where a centred fit would put them."""
    import cv2

    from viewer.quality import scan_session

    rec = tmp_path / "rec"
    rec.mkdir()
    rows = [{"time_stamp": 10.0 + i * 0.1, "action": "move", "x": 1300, "y": 700} for i in range(20)]
    rows += [{"time_stamp": 12.0 + i * 0.1, "action": "move", "x": 1000, "y": 900 + i * 30} for i in range(20)]
    (rec / "events.jsonl").write_bytes(b"\n".join(orjson.dumps(r) for r in rows) + b"\n")
    meta = {"system": "Windows", "screen_width": 1366, "screen_height": 768, "start_time": "2024-05-01 09:00:00",
            "video_start_timestamp": 10.0}
    (rec / "metadata.json").write_bytes(orjson.dumps(meta))
    writer = cv2.VideoWriter(str(rec / "screen.mp4"), cv2.VideoWriter_fourcc(*"mp4v"), 5, (1366, 768))
    for i in range(20):
        frame = np.full((768, 1366, 3), 200, np.uint8)
        if i / 5 >= 2.0:
            frame[:] = 0
            frame[:, :480] = 150
        writer.write(frame)
    writer.release()
    report = import_path(rec, tmp_path / "out")
    manifest, events = load(report.sessions[0].path)
    [change] = manifest["display_changes"]
    assert change["mapped_into"] == [0, 0, 480, 768] and change["mapped_by"] == "measured in the video's frames"
    after = [(e["x"], e["y"]) for e in events if "x" in e and e["t"] >= 2]
    assert after[0] == (1000 * 480 // 1050, 900 * 768 // 1680) == (457, 411)
    assert scan_session(report.sessions[0].path)["off_screen"] == 0


def test_the_stretch_screen_is_the_smallest_common_display_holding_the_pointer():
    from viewer.importers.display_change import fit_box, stretch_screen

    assert stretch_screen([1001, 1471]) == (1050, 1680)
    assert stretch_screen([1900, 1000]) == (1920, 1080)
    assert stretch_screen([5000, 3000]) == (5000, 3000)  # larger than any common display: its own extent
    assert fit_box((1920, 1080), (1366, 768)) == (0, 0, 1365, 768)  # 1366x768 is not quite 16:9
    assert fit_box((1050, 1680), (1366, 768)) == (443, 0, 480, 768)
