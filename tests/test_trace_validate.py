import os
import subprocess
import sys

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.trace_factory import EVENTS, MANIFEST, make_session
from viewer.trace import validate_paths
from viewer.trace.paths import inside

GOOD = [orjson.dumps(e) for e in EVENTS]


def run_cli(*args, cwd=None):
    env = {**os.environ, "VIEWER_CACHE": str(cwd or ".") + "/.cache"}
    return subprocess.run([sys.executable, "-m", "viewer", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env)


def with_line(index: int, raw: bytes) -> list[bytes]:
    lines = list(GOOD)
    lines[index] = raw
    return lines


CORRUPT_LINES = {
    "invalid-json": b'{"t": 0.5, "type": "move", "x": 10,',
    "not-utf8": b'{"t": 0.5, "type": "text", "text": "\xff\xfe"}',
    "not-object": b'[0.5, "move"]',
    "missing-field": b'{"t": 0.5, "type": "move", "x": 10}',
    "wrong-type": b'{"t": 0.5, "type": "move", "x": "ten", "y": 3}',
    "non-finite": b'{"t": 0.5, "type": "move", "x": NaN, "y": 3}',
    "bad-value": b'{"t": 0.6, "type": "down", "x": 1, "y": 2, "button": "thumb"}',
}


@pytest.mark.parametrize("code", sorted(CORRUPT_LINES))
def test_each_corrupt_line_exits_1_naming_file_and_line(tmp_path, code):
    d = make_session(tmp_path, raw_lines=with_line(2, CORRUPT_LINES[code]))
    r = run_cli("validate", d, cwd=tmp_path)
    assert r.returncode == 1
    assert f"events.jsonl:3: {code}:" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr


def test_infinite_number_is_refused(tmp_path):
    d = make_session(tmp_path, raw_lines=with_line(2, b'{"t": 1e999, "type": "move", "x": 1, "y": 3}'))
    problems = validate_paths([d])[1]
    assert any(p.code == "non-finite" and p.line == 3 for p in problems)


def test_time_going_backwards(tmp_path):
    events = [dict(e) for e in EVENTS]
    events[5]["t"] = 0.2
    _, problems = validate_paths([make_session(tmp_path, events=events)])
    assert [(p.code, p.line) for p in problems if p.is_error] == [("time-backwards", 6)]


def test_one_bad_line_does_not_hide_the_ones_after_it(tmp_path):
    lines = with_line(2, b"not json")
    lines[6] = b'{"t": 1.1, "type": "key_up"}'
    _, problems = validate_paths([make_session(tmp_path, raw_lines=lines)])
    assert [(p.code, p.line) for p in problems] == [("invalid-json", 3), ("missing-field", 7)]


@pytest.mark.parametrize("file", ["../outside.png", "/etc/passwd.png", "screenshots/../../x.png"])
def test_screenshot_path_escaping_the_session(tmp_path, file):
    (tmp_path / "outside.png").write_bytes(b"x")
    events = EVENTS + [{"t": 5.0, "type": "screenshot", "file": file}]
    r = run_cli("validate", make_session(tmp_path, events=events), cwd=tmp_path)
    assert r.returncode == 1 and "events.jsonl:14: path-escape:" in r.stdout


def test_symlinked_screenshot_leading_outside_is_refused(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"x")
    d = make_session(tmp_path / "data")
    (d / "screenshots" / "link.png").symlink_to(secret)
    events = EVENTS + [{"t": 5.0, "type": "screenshot", "file": "screenshots/link.png"}]
    (d / "events.jsonl").write_bytes(b"\n".join(orjson.dumps(e) for e in events))
    _, problems = validate_paths([d])
    assert [(p.code, p.line) for p in problems] == [("path-escape", 14)]
    assert inside(d, "screenshots/0001.png") is not None


def test_paths_that_name_no_file_inside_are_refused(tmp_path):
    d = make_session(tmp_path / "data")
    for bad in (".", "./", "", "/etc/passwd", "../x", "a/../../x", "a\\b"):
        assert inside(d, bad) is None, bad


def test_missing_and_undecodable_screenshots(tmp_path):
    d = make_session(tmp_path)
    (d / "screenshots" / "0001.png").unlink()
    jpg = (d / "screenshots" / "0002.jpg").read_bytes()
    (d / "screenshots" / "0002.jpg").write_bytes(jpg[: len(jpg) // 2])
    r = run_cli("validate", d, cwd=tmp_path)
    assert r.returncode == 1
    assert "events.jsonl:2: screenshot-missing:" in r.stdout
    assert "events.jsonl:12: screenshot-undecodable:" in r.stdout


def test_garbage_png_is_undecodable(tmp_path):
    d = make_session(tmp_path)
    (d / "screenshots" / "0001.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    _, problems = validate_paths([d])
    assert [(p.code, p.line) for p in problems] == [("screenshot-undecodable", 2)]


@pytest.mark.parametrize("manifest_bytes, code", [
    (None, "manifest-missing"),
    (b'{"format": "trace/1", "session_id": ', "manifest-invalid"),
    (b"[1, 2]", "manifest-invalid"),
    (orjson.dumps({**MANIFEST, "format": "trace/9"}), "format-unknown"),
    (orjson.dumps({k: v for k, v in MANIFEST.items() if k != "screens"}), "missing-field"),
    (orjson.dumps({**MANIFEST, "started_at": "yesterday"}), "bad-value"),
    (orjson.dumps({**MANIFEST, "screens": [{"id": 0, "x": 0, "y": 0, "width": "wide", "height": 1}]}),
     "wrong-type"),
])
def test_bad_manifests(tmp_path, manifest_bytes, code):
    d = make_session(tmp_path)
    if manifest_bytes is None:
        (d / "session.json").unlink()
        r = run_cli("validate", tmp_path / "s1" / "events.jsonl", cwd=tmp_path)
        assert r.returncode == 1
        _, problems = validate_paths([tmp_path])
        assert problems[0].code == "no-sessions"
        return
    (d / "session.json").write_bytes(manifest_bytes)
    r = run_cli("validate", d, cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert f"session.json:" in r.stdout and f": {code}:" in r.stdout


def test_warnings_do_not_fail(tmp_path):
    events = EVENTS + [{"t": 5.0, "type": "move", "x": 5000, "y": 10},
                       {"t": 6.0, "type": "gaze", "x": 1, "y": 1},
                       {"t": 900.0, "type": "marker", "label": "back"}]
    r = run_cli("validate", make_session(tmp_path, events=events), cwd=tmp_path)
    assert r.returncode == 0, r.stdout
    assert "events.jsonl:14: off-screen:" in r.stdout
    assert "events.jsonl:15: unknown-type:" in r.stdout
    assert "events.jsonl:16: long-gap:" in r.stdout


def test_messages_never_echo_values(tmp_path):
    secret = "hunter2-Secret"
    lines = with_line(8, b'{"t": 1.6, "type": "text", "text": 12, "note": "' + secret.encode() + b'"')
    lines[9] = b'{"t": 2.0, "type": "down", "x": 1, "y": 1, "button": "' + secret.encode() + b'"}'
    r = run_cli("validate", make_session(tmp_path, raw_lines=lines), cwd=tmp_path)
    assert r.returncode == 1 and secret not in r.stdout + r.stderr


def test_dataset_directory_validates_each_session(tmp_path):
    make_session(tmp_path, "a")
    make_session(tmp_path, "b", raw_lines=with_line(0, b"{"))
    r = run_cli("validate", tmp_path, cwd=tmp_path)
    assert r.returncode == 1
    assert "b/events.jsonl:1: invalid-json" in r.stdout and "a/" not in r.stdout
    assert "2 session(s) checked" in r.stderr


def test_usage_errors_exit_2(tmp_path):
    assert run_cli("validate", cwd=tmp_path).returncode == 2
    assert run_cli("no-such-command", cwd=tmp_path).returncode == 2
    assert run_cli("sample", tmp_path / "x", "--sessions", "0", cwd=tmp_path).returncode == 2


def test_info_prints_a_summary(tmp_path):
    r = run_cli("info", make_session(tmp_path), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "duration    4.0 s" in r.stdout and "Firefox (1)" in r.stdout and "screenshots 2" in r.stdout
    bad = run_cli("info", make_session(tmp_path, "bad", raw_lines=with_line(0, b"{")), cwd=tmp_path)
    assert bad.returncode == 1 and "events.jsonl:1: invalid-json" in bad.stdout
    assert "Traceback" not in bad.stderr


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.binary(max_size=60), min_size=1, max_size=6))
def test_no_traceback_for_any_bytes(tmp_path_factory, lines):
    root = tmp_path_factory.mktemp("fuzz")
    d = make_session(root, raw_lines=GOOD[:3] + [line.replace(b"\n", b" ") for line in lines])
    from viewer.trace.validate import validate_session
    from viewer.trace import TraceError, load_session

    problems = validate_session(d)  # must not raise
    assert all(p.line is None or 1 <= p.line <= 3 + len(lines) for p in problems)
    try:
        load_session(d, None)
    except TraceError as exc:
        assert exc.problems


@pytest.mark.parametrize("name", ["session.json", "events.jsonl"])
def test_session_files_linking_outside_are_never_read(tmp_path, name):
    from viewer.trace import TraceError, load_session

    d = make_session(tmp_path / "data")
    outside = tmp_path / f"outside-{name}"
    (d / name).rename(outside)
    (d / name).symlink_to(outside)
    problems = validate_paths([d])[1]
    assert [(p.code, p.path.endswith(name)) for p in problems] == [("path-escape", True)]
    with pytest.raises(TraceError) as info:
        load_session(d, None)
    assert info.value.problems[0].code == "path-escape"


def test_repeated_warnings_are_grouped_unless_all(tmp_path):
    events = EVENTS + [{"t": 5.0 + i / 10, "type": "move", "x": 5000, "y": 10} for i in range(60)]
    d = make_session(tmp_path, events=events)
    r = run_cli("validate", d, cwd=tmp_path)
    assert r.returncode == 0, r.stdout
    off = [line for line in r.stdout.splitlines() if ": off-screen: " in line]
    assert len(off) == 4 and [line.split(":")[1] for line in off[:3]] == ["14", "15", "16"]
    assert off[3] == (f"{d / 'events.jsonl'}: off-screen: 60 warning(s) in all, the first 3 above "
                      "(validate --all prints every one)")
    every = run_cli("validate", d, "--all", cwd=tmp_path)
    assert every.returncode == 0 and every.stdout.count(": off-screen: ") == 60 and "in all" not in every.stdout
