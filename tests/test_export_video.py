"""Screen video: re-encoded with regions filled only when a pixel flag touches it, else copied as is."""

from __future__ import annotations

import cv2
import orjson
from click.testing import CliRunner

from viewer.cli import cli
from viewer.review import Store
from viewer.sample import generate_dataset
from viewer.trace import load_session


def _export(tmp, flag_kw):
    data = tmp / "data"
    (path,) = generate_dataset(data, 1, 0.2, 3)
    s = load_session(path)
    url = f"sqlite:///{tmp / 'a.db'}"
    with Store.open(url) as store:
        store.set_review(s.session_id, s.content_hash, "approved", reviewer="r")
        if flag_kw:
            store.add_flag(s.session_id, s.content_hash, reviewer="r", status="accepted", category="pii", **flag_kw)
    out = tmp / "out"
    r = CliRunner().invoke(cli, ["export", str(data), str(out), "--db", url], env={"VIEWER_EXPORT_KEY": "k"})
    assert r.exit_code == 0, r.output
    m = orjson.loads((path / "session.json").read_bytes())
    return path, out / path.name, m


def test_video_with_flag_has_region_filled_in_span_only(tmp_path):
    src, dst, m = _export(tmp_path, dict(t_start=2.0, t_end=4.0, scope="pixels",
                                         regions=[{"screen": 0, "x": 200, "y": 200, "w": 400, "h": 200}]))
    video = m["video"]["file"]
    cap = cv2.VideoCapture(str(dst / video))
    fps = cap.get(cv2.CAP_PROP_FPS)
    w = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH))
    scale = w / m["screens"][0]["width"]
    t0 = m["video"].get("t0", 0.0)
    inside_frames, i = 0, 0
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        t = t0 + i / fps
        if 2.05 <= t <= 3.95:
            y0, y1, x0, x1 = (int(v * scale) for v in (210, 390, 210, 590))
            assert frame[y0:y1, x0:x1].max() <= 16, t
            inside_frames += 1
        i += 1
    cap.release()
    assert inside_frames > 0
    src_cap = cv2.VideoCapture(str(src / video))
    assert int(src_cap.get(cv2.CAP_PROP_FRAME_COUNT)) == i
    src_cap.release()


def test_video_without_flags_copied_byte_for_byte(tmp_path):
    src, dst, m = _export(tmp_path, None)
    video = m["video"]["file"]
    assert (src / video).read_bytes() == (dst / video).read_bytes()
    for f in (src / "screenshots").iterdir():
        assert f.read_bytes() == (dst / "screenshots" / f.name).read_bytes()


def test_interrupted_export_leaves_nothing_and_include_status(tmp_path, monkeypatch):
    import viewer.export.session as export_session

    data = tmp_path / "data"
    paths = generate_dataset(data, 2, 0.2, 5)
    url = f"sqlite:///{tmp_path / 'a.db'}"
    s0, s1 = (load_session(p) for p in paths)
    with Store.open(url) as store:
        store.set_review(s0.session_id, s0.content_hash, "approved", reviewer="r")
        store.set_review(s1.session_id, s1.content_hash, "in_review", reviewer="r")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(export_session, "copy_hashed", boom)
    out = tmp_path / "out"
    r = CliRunner().invoke(cli, ["export", str(data), str(out), "--db", url], env={"VIEWER_EXPORT_KEY": "k"})
    assert r.exit_code == 1 and "disk full" in r.output and not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []
    monkeypatch.undo()
    r = CliRunner().invoke(cli, ["export", str(data), str(out), "--db", url, "--include-status", "in_review"],
                           env={"VIEWER_EXPORT_KEY": "k"})
    assert r.exit_code == 0, r.output
    assert (out / s1.session_id).is_dir() and not (out / s0.session_id).exists()


def test_symlinks_leading_out_of_the_session_are_not_exported(tmp_path):
    data = tmp_path / "data"
    (path,) = generate_dataset(data, 1, 0.2, 9)
    secret = tmp_path / "outside.txt"
    secret.write_text("not part of any trace")
    (path / "screenshots" / "evil.png").symlink_to(secret)
    (path / "linked_dir").symlink_to(tmp_path, target_is_directory=True)
    s = load_session(path)
    url = f"sqlite:///{tmp_path / 'a.db'}"
    with Store.open(url) as store:
        store.set_review(s.session_id, s.content_hash, "approved", reviewer="r")
    out = tmp_path / "out"
    r = CliRunner().invoke(cli, ["export", str(data), str(out), "--db", url], env={"VIEWER_EXPORT_KEY": "k"})
    assert r.exit_code == 0, r.output
    assert not (out / path.name / "screenshots" / "evil.png").exists()
    assert not (out / path.name / "linked_dir").exists()
    assert all(not p.is_symlink() for p in out.rglob("*"))
    assert (out / path.name / "screenshots").is_dir() and len(list((out / path.name / "screenshots").iterdir()))
