"""OpenAdapt importer: the real fixtures.sql (tables rebuilt from OpenAdapt's models), and a richer database."""

from __future__ import annotations

import io
import sqlite3

import pytest
from PIL import Image
from test_import_support import OPENADAPT_SQL, assert_valid, counts, load, tree_digest

from viewer.importers import import_path
from viewer.importers.openadapt_fixtures import connect_fixtures, fixtures_to_db

REC_TS = 1689889605.9053426  # recording.timestamp in fixtures.sql


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory):
    return fixtures_to_db(OPENADAPT_SQL, tmp_path_factory.mktemp("db") / "openadapt.db")


def source_rows(table: str) -> list[dict]:
    con = connect_fixtures(OPENADAPT_SQL)
    con.row_factory = sqlite3.Row
    return [dict(r) for r in con.execute(f"SELECT * FROM {table} ORDER BY timestamp")]


def test_fixtures_database_imports(fixture_db, tmp_path):
    before = tree_digest(fixture_db.parent)
    report = import_path(fixture_db, tmp_path / "out")
    assert tree_digest(fixture_db.parent) == before, "the database was modified"
    assert len(report.sessions) == 1
    session = report.sessions[0].path
    manifest, events = load(session)
    actions, windows = source_rows("action_event"), source_rows("window_event")
    assert counts(events) == {"key_down": 1, "key_up": 1, "focus": len(windows)}
    keys = [e for e in events if e["type"].startswith("key")]
    assert [(e["type"], e["key"], e["t"]) for e in keys] == [
        ("key_down" if a["name"] == "press" else "key_up", a["key_char"], round(a["timestamp"] - REC_TS, 6))
        for a in actions]
    focus = next(e for e in events if e["type"] == "focus")
    assert focus["title"] == windows[0]["title"] and focus["app"] == "Visual Studio Code"
    assert focus["t"] == round(windows[0]["timestamp"] - REC_TS, 6)
    assert manifest["tasks"][0]["instruction"] == "type l"
    assert manifest["started_at"] == "2023-07-20T21:46:45.905Z" and manifest["os"] == "Windows"
    assert manifest["screens"][0]["width"] == 1920 and manifest["screens"][0]["height"] == 1080
    # the fixture's PNG has a bad IHDR CRC: kept aside, reported, no screenshot event
    assert {"bad-image", "late-events"} <= set(report.codes())
    assert (session / "source" / "unreadable_screenshots" / "1.png").is_file()
    assert (session / "source" / "memory_stat.jsonl").is_file()
    assert (session / "source" / "performance_stat.jsonl").is_file()
    assert (session / "source" / "window_states.jsonl").is_file()
    assert_valid(session)


def test_the_sql_file_imports_as_it_is(tmp_path, fixture_db):
    report = import_path(OPENADAPT_SQL, tmp_path / "out")
    from_sql = load(report.sessions[0].path)[1]
    from_db = load(import_path(fixture_db, tmp_path / "out2").sessions[0].path)[1]
    assert from_sql == from_db


def png(size) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, "PNG")
    return out.getvalue()


def rich_db(path):
    """fixtures.sql plus a macOS recording: points 100x50, screenshots 200x100 (scale 2)."""
    con = connect_fixtures(OPENADAPT_SQL, path)
    ts = 1700000000.0
    con.execute("INSERT INTO recording (timestamp, monitor_width, monitor_height, platform, task_description) "
                "VALUES (?, 100, 50, 'darwin', 'Open the settings')", (ts,))
    rows = [("move", 1.0, 10.5, 20.25, None, None, None, None, None),
            ("click", 1.2, 10.5, 20.25, None, None, "left", 1, None),
            ("click", 1.3, 10.5, 20.25, None, None, "left", 0, None),
            ("scroll", 1.5, 30, 40, 0, -3, None, None, None),
            ("press", 2.0, None, None, None, None, None, None, "cmd"),
            ("release", 2.1, None, None, None, None, None, None, "cmd"),
            ("click", 2.5, 1, 2, None, None, "x1", 1, None),
            ("type", 3.0, None, None, None, None, None, None, None)]
    con.executemany("INSERT INTO action_event (name, timestamp, recording_timestamp, mouse_x, mouse_y, mouse_dx, "
                    "mouse_dy, mouse_button_name, mouse_pressed, key_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(r[0], ts + r[1], ts, *r[2:]) for r in rows])
    con.executemany("INSERT INTO screenshot (recording_timestamp, timestamp, png_data) VALUES (?, ?, ?)",
                    [(ts, ts + 0.5, png((200, 100))), (ts, ts + 2.2, png((200, 100)))])
    con.execute("INSERT INTO window_event (recording_timestamp, timestamp, state, title, window_id) VALUES "
                "(?, ?, ?, 'General', '7')", (ts, ts + 0.1, '{"meta": {"kCGWindowOwnerName": "System Settings"}}'))
    con.commit()
    con.close()
    return path


def test_many_recordings_scale_screenshots_and_unknown_actions(tmp_path):
    db = rich_db(tmp_path / "recording.db")
    report = import_path(db, tmp_path / "out")
    assert len(report.sessions) == 2
    session = next(s.path for s in report.sessions if s.path.name.startswith("openadapt-2-"))
    manifest, events = load(session)
    by_type = {}
    for e in events:
        by_type.setdefault(e["type"], []).append(e)
    assert by_type["move"][0] | {"x": 21, "y": 40, "t": 1.0} == by_type["move"][0]  # 10.5*2, 20.25*2 rounded
    assert [(e["type"], e["button"], e["x"]) for e in by_type["down"] + by_type["up"]] == \
        [("down", "left", 21), ("up", "left", 21)]
    assert (by_type["scroll"][0]["dx"], by_type["scroll"][0]["dy"], by_type["scroll"][0]["x"]) == (0, -3, 60)
    assert [e["key"] for e in by_type["key_down"] + by_type["key_up"]] == ["Meta", "Meta"]
    assert [s["file"] for s in by_type["screenshot"]] == ["screenshots/000000.png", "screenshots/000001.png"]
    assert all((session / s["file"]).read_bytes() == png((200, 100)) for s in by_type["screenshot"])
    assert by_type["focus"][0]["app"] == "System Settings"
    assert {m["label"] for m in by_type["marker"]} == {"mouse button x1 down", "openadapt type"}
    assert manifest["screens"][0] | {"width": 200, "height": 100, "source_scale": 2.0} == manifest["screens"][0]
    assert manifest["coords"] == "pixels" and manifest["os"] == "macOS"
    assert manifest["tasks"][0]["instruction"] == "Open the settings"
    assert "unknown-action" in report.codes()
    assert_valid(session)


def test_not_a_database(tmp_path):
    bad = tmp_path / "openadapt.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    report = import_path(bad, tmp_path / "out", source="openadapt")
    assert not report.ok and report.errors


def test_video_beside_the_database_is_attached(tmp_path):
    from test_import_ducktrack import write_video

    db = rich_db(tmp_path / "recording.db")
    con = sqlite3.connect(db)
    con.execute("ALTER TABLE recording ADD COLUMN video_start_time NUMERIC")
    con.execute("DELETE FROM recording WHERE id = 1")
    con.execute("UPDATE recording SET video_start_time = timestamp + 0.25")
    con.commit()
    con.close()
    write_video(tmp_path / "oa_recording-1700000000.mp4", (200, 100))
    report = import_path(db, tmp_path / "out")
    manifest, _ = load(report.sessions[0].path)
    assert manifest["video"] == {"file": "screen.mp4", "t0": 0.25, "source_file": "oa_recording-1700000000.mp4"}
    assert_valid(report.sessions[0].path)
