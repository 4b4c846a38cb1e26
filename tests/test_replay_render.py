"""Clips written with OpenCV, decoded back: frame count, size, the cursor drawn where the trace puts it."""

import subprocess
import sys

import cv2
import numpy as np

from tests.app_server import ROOT
from tests.trace_factory import make_session
from viewer.replay import media, media_keys
from viewer.replay.clip import frame_times, write_clip
from viewer.replay.frames import CURSOR, Frames
from viewer.trace import load_session

EVENTS = [
    {"t": 0.0, "type": "focus", "app": "Editor", "title": "notes.txt"},
    {"t": 0.0, "type": "screenshot", "file": "screenshots/0001.png"},
    {"t": 0.5, "type": "move", "x": 100, "y": 200},
    {"t": 1.5, "type": "move", "x": 400, "y": 300},
    {"t": 2.5, "type": "move", "x": 600, "y": 450},
    {"t": 3.0, "type": "screenshot", "file": "screenshots/0002.jpg"},
    {"t": 4.0, "type": "move", "x": 610, "y": 455},
]


def _frames(path):
    cap = cv2.VideoCapture(str(path))
    out = []
    while True:
        ok, img = cap.read()
        if not ok:
            break
        out.append(img)
    cap.release()
    return out


def _is_cursor(img, x, y):
    b, g, r = (int(v) for v in img[y, x])
    return r > 180 and g < 90 and b < 90  # the red dot (OpenCV's CURSOR), allowing for mp4 compression


def test_clip_has_duration_times_fps_frames_and_the_cursor_where_expected(tmp_path):
    session = load_session(make_session(tmp_path, "s", events=EVENTS))
    out = tmp_path / "clip.mp4"
    assert write_clip(session, 1.0, 3.0, out, fps=10) == 20
    frames = _frames(out)
    assert len(frames) == 20
    assert frames[0].shape == (600, 800, 3)
    assert _is_cursor(frames[0], 100, 200)  # t=1.0: the last move was at 0.5
    assert _is_cursor(frames[10], 400, 300)  # t=2.0
    assert _is_cursor(frames[19], 600, 450)  # t=2.9
    assert not _is_cursor(frames[19], 100, 200)


def test_rendered_frame_has_the_exact_cursor_colour_and_the_title_bar(tmp_path):
    session = load_session(make_session(tmp_path, "s", events=EVENTS))
    img = Frames.of(session).render(2.0, session.manifest.screens[0])
    assert tuple(int(v) for v in img[300, 400]) == CURSOR
    assert img[5:25, 300:800].mean() < 60  # the dark title bar at the top


def test_missing_screenshot_renders_a_placeholder(tmp_path):
    d = make_session(tmp_path, "s", events=EVENTS)
    session = load_session(d)
    (d / "screenshots" / "0001.png").unlink()  # gone after loading: the renderer must not fail
    img = Frames.of(session).base(1.0, session.manifest.screens[0])
    assert img.shape == (600, 800, 3) and img[10, 10].tolist() == [60, 60, 60]


def test_two_screens_side_by_side(tmp_path):
    manifest = {"screens": [{"id": 0, "x": 0, "y": 0, "width": 800, "height": 600, "scale": 1.0},
                            {"id": 1, "x": 800, "y": 0, "width": 800, "height": 600, "scale": 1.0}]}
    ev = [{"t": 0.0, "type": "screenshot", "file": "screenshots/0001.png", "screen": 0},
          {"t": 0.0, "type": "screenshot", "file": "screenshots/0002.jpg", "screen": 1},
          {"t": 0.5, "type": "move", "x": 1000, "y": 100}, {"t": 2.0, "type": "move", "x": 1001, "y": 100}]
    session = load_session(make_session(tmp_path, "s", events=ev, manifest=manifest))
    img = Frames.of(session).render_all(1.0)
    assert img.shape == (600, 1600, 3)
    assert tuple(int(v) for v in img[100, 1000]) == CURSOR


def test_video_frames_are_used_when_the_session_has_a_video(tmp_path):
    d = make_session(tmp_path, "s", events=EVENTS, manifest={"video": {"file": "screen.mp4", "t0": 0.0}})
    writer = cv2.VideoWriter(str(d / "screen.mp4"), cv2.VideoWriter_fourcc(*"mp4v"), 5, (400, 300))
    for i in range(25):
        writer.write(np.full((300, 400, 3), (0, 10 * i, 0), np.uint8))
    writer.release()
    session = load_session(d)
    img = Frames.of(session).base(3.0, session.manifest.screens[0])  # frame 15: green 150
    assert img.shape == (600, 800, 3) and 130 < img[300, 100, 1] < 170
    answer = {k: media_keys.jpeg(session, k, 1280) for k in ["v:15", "s:0", "s:7", "v:x", "../../etc/passwd"]}
    assert answer["v:15"][:2] == b"\xff\xd8" and answer["s:0"][:2] == b"\xff\xd8"  # JPEGs, as the route sends
    assert answer["s:7"] is None and answer["v:x"] is None and answer["../../etc/passwd"] is None


def test_media_refuses_paths_outside_the_session(tmp_path):
    d = make_session(tmp_path, "s")
    (tmp_path / "secret.png").write_bytes((d / "screenshots" / "0001.png").read_bytes())
    assert media.read_image(d, "screenshots/0001.png") is not None
    assert media.read_image(d, "../secret.png") is None
    assert media.read_image(d, "/etc/passwd") is None
    assert media.read_image(d, "screenshots/nope.png") is None


def test_frame_times_are_steady():
    ts = frame_times(2.0, 4.0, 4)
    assert len(ts) == 8 and np.allclose(np.diff(ts), 0.25)


def test_render_command(tmp_path):
    d = make_session(tmp_path, "s", events=EVENTS)
    out = tmp_path / "c.mp4"
    cmd = [sys.executable, "-m", "viewer", "render", str(d), "--start", "0.5", "--end", "2.5", "--out", str(out),
           "--fps", "5"]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert len(_frames(out)) == 10
    bad = subprocess.run(cmd[:-6] + ["--start", "3", "--end", "1", "--out", str(out)], cwd=ROOT,
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    broken = make_session(tmp_path, "b", raw_lines=[b'{"t": 0, "type": "move", "x": 1}'])
    r = subprocess.run([sys.executable, "-m", "viewer", "render", str(broken), "--out", str(out)], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 1 and "missing-field" in r.stdout and "Traceback" not in r.stderr
