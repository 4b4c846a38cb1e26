"""Per-session quality metrics: every defect is reported with its code and time; clean sessions have none."""

import json
import math

import pytest

from tests.quality_dataset import THRESHOLDS, build, build_dataset, clean_events
from viewer.quality import Thresholds, scan_session
from viewer.quality.config import from_env, parse_pairs
from viewer.quality.metrics import CODES


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    root = tmp_path_factory.mktemp("qa")
    return root, build_dataset(root)


@pytest.fixture(scope="module")
def rows(dataset):
    root, expect = dataset
    return {name: scan_session(root / name, THRESHOLDS) for name in expect}


def test_each_defect_is_reported_with_its_code_alone(dataset, rows):
    _, expect = dataset
    for name, code in expect.items():
        problems = rows[name]["problems"]
        if code is None:
            assert problems == [], name
        elif code == "unreadable":
            assert problems[0] == "unreadable" and len(problems) > 1, name
        else:
            assert problems == [code], name
        assert rows[name]["problem_count"] == len(problems)


def test_every_code_is_described(rows):
    for row in rows.values():
        for code in row["problems"]:
            assert code in CODES or code in ("invalid-json",), code


def test_each_problem_has_the_time_it_happens(rows):
    expected = {"long-gap": 20.5, "clock-jump": 20.5, "idle": 3.8, "duplicate-events": 10.1,
                "off-screen": 12.25, "teleport": 15.2, "stuck-key": 25.9, "screenshot-missing": 15.05,
                "screenshot-undecodable": 20.05, "stale-screenshot": 5.05, "video-length": 10.0,
                "unknown-type": 30.0}
    for code, t in expected.items():
        row = rows[code]
        assert json.loads(row["problem_t"])[code] == pytest.approx(t, abs=0.06), code
        assert row["first_problem"] == code and row["first_problem_t"] == pytest.approx(t, abs=0.06)
    assert 19.9 < rows["time-backwards"]["first_problem_t"] < 20.2
    assert math.isnan(rows["clean-a"]["first_problem_t"]) and rows["clean-a"]["first_problem"] == ""


def test_metrics_of_a_clean_session(rows):
    row = rows["clean-a"]
    assert row["session_id"] == "clean-a" and row["readable"]
    assert row["events"] == len(clean_events()) and row["n_move"] == 40 and row["n_screenshot"] == 8
    assert row["duration_s"] == pytest.approx(39.95) and row["span_s"] == pytest.approx(39.95)
    assert row["events_per_s"] == pytest.approx(row["events"] / 39.95, rel=1e-3)
    assert row["idle_fraction"] == 0 and row["longest_gap_s"] < 1
    assert row["screenshot_gap_s"] == pytest.approx(5.0) and row["screenshots"] == 8
    assert rows["clean-video"]["video_s"] == pytest.approx(40.0)
    assert abs(rows["clean-video"]["video_delta_s"]) < 0.1


def test_counts_of_defects(rows):
    assert rows["time-backwards"]["backwards"] == 1
    assert rows["clock-jump"]["clock_jumps"] == 1 and rows["clock-jump"]["jumped_s"] > 400
    assert rows["clock-jump"]["events_per_s"] == pytest.approx(rows["clean-a"]["events_per_s"], rel=0.05)
    assert rows["duplicate-events"]["duplicates"] == 1
    assert rows["off-screen"]["off_screen"] == 1
    assert rows["teleport"]["teleports"] == 1 and rows["teleport"]["max_speed_px_s"] > 20000
    assert rows["stuck-key"]["stuck_keys"] == 1
    assert rows["screenshot-missing"]["screenshots_missing"] == 1
    assert rows["screenshot-undecodable"]["screenshots_undecodable"] == 1
    assert rows["screenshot-unreferenced"]["screenshots_unreferenced"] == 1
    assert rows["idle"]["idle_fraction"] > 0.8
    assert rows["video-length"]["video_delta_s"] == pytest.approx(-29.95, abs=0.1)


def test_sample_sessions_are_clean_with_default_thresholds(sample_data):
    for session in sorted(p for p in sample_data.iterdir() if (p / "session.json").exists()):
        row = scan_session(session)
        assert row["problems"] == [], (session.name, row["problems"])


def test_thresholds_decide(tmp_path):
    d = build(tmp_path, "s", events=clean_events())
    assert scan_session(d, THRESHOLDS)["problems"] == []
    assert "idle" in scan_session(d, Thresholds(idle_gap=0.1, max_idle_fraction=0.1))["problems"]
    assert "sparse" in scan_session(d, Thresholds(min_events_per_s=100))["problems"]
    assert "too-short" in scan_session(d, Thresholds(min_duration=60))["problems"]


def test_thresholds_from_env_and_pairs():
    th = from_env({"VIEWER_QA_LONG_GAP": "600", "VIEWER_QA_CHECK_IMAGES": "off", "OTHER": "1"})
    assert th.long_gap == 600.0 and th.check_images is False and th.max_speed == Thresholds().max_speed
    th = th.with_overrides(parse_pairs(["max-off-screen=3", "idle_gap=2.5"]))
    assert th.max_off_screen == 3 and th.idle_gap == 2.5
    for bad in (["nope=1"], ["long_gap=abc"], ["long_gap=-1"], ["max_off_screen=1.5"]):
        with pytest.raises(ValueError):
            Thresholds().with_overrides(parse_pairs(bad))
    with pytest.raises(ValueError):
        parse_pairs(["long_gap"])


def test_screenshot_paths_never_leave_the_session(tmp_path):
    outside = tmp_path / "outside.png"
    from tests.trace_factory import write_image

    write_image(outside)
    events = clean_events()
    events.insert(5, {"t": events[4]["t"], "type": "screenshot", "file": "../outside.png"})
    events.insert(9, {"t": events[8]["t"], "type": "screenshot", "file": "screenshots/link.png"})
    d = build(tmp_path / "data", "s", events=events, skip_images=("screenshots/link.png",))
    (d / "screenshots" / "link.png").symlink_to(outside)
    row = scan_session(d, THRESHOLDS)
    assert row["problems"] == ["path-escape"]
    assert row["problem_t"] == json.dumps({"path-escape": events[4]["t"]})
