"""Export on real files: a generated dataset, a real SQLite store, the real CLI."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import cv2
import orjson
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from viewer.cli import cli
from viewer.export.events import INPUT_TYPES, redact_events
from viewer.export.pixels import screenshots_to_redact
from viewer.review import Store
from viewer.sample import generate_dataset
from viewer.trace import load_session, validate_paths

KEY = "test-secret-key-123"


def _events(d: Path) -> list[dict]:
    return [orjson.loads(x) for x in (d / "events.jsonl").read_bytes().splitlines() if x.strip()]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("export")
    data = tmp / "data"
    paths = generate_dataset(data, 2, 0.5, 7)
    url = f"sqlite:///{tmp / 'ann.db'}"
    s0, s1 = (load_session(p) for p in paths)
    # a private source side directory and manifest key, as importers leave them
    (paths[0] / "source").mkdir()
    (paths[0] / "source" / "raw.txt").write_text("my password is hunter2")
    m = orjson.loads((paths[0] / "session.json").read_bytes())
    m["source_private"] = {"secret": "hunter2"}
    (paths[0] / "session.json").write_bytes(orjson.dumps(m))
    s0 = load_session(paths[0])
    shots = [e for e in _events(paths[0]) if e["type"] == "screenshot"]
    t_shot = shots[3]["t"]
    with Store.open(url) as store:
        store.set_review(s0.session_id, s0.content_hash, "approved", reviewer="r")
        store.set_review(s1.session_id, s1.content_hash, "needs_changes", reviewer="r")
        ev = store.add_flag(s0.session_id, s0.content_hash, reviewer="r", t_start=5.0, t_end=12.0, scope="events",
                            category="password", status="accepted")
        px = store.add_flag(s0.session_id, s0.content_hash, reviewer="r", t_start=t_shot + 0.01,
                            t_end=t_shot + 0.02, scope="pixels", category="pii", status="accepted",
                            regions=[{"screen": 0, "x": 100, "y": 100, "w": 200, "h": 120}])
        rej = store.add_flag(s0.session_id, s0.content_hash, reviewer="r", t_start=15.0, t_end=20.0, scope="both",
                             category="other", status="rejected")
        sug = store.add_flag(s0.session_id, s0.content_hash, reviewer="r", t_start=21.0, t_end=25.0,
                             scope="events", category="other", status="suggested", source="detector")
    out = tmp / "out"
    r = CliRunner().invoke(cli, ["export", str(data), str(out), "--db", url, "--ignore-pending"],
                           env={"VIEWER_EXPORT_KEY": KEY})
    assert r.exit_code == 0, r.output
    return {"tmp": tmp, "data": data, "paths": paths, "url": url, "out": out, "ev": ev, "px": px, "rej": rej,
            "sug": sug, "shot": shots[3], "s0": s0, "s1": s1}


def test_only_approved_sessions_are_exported(world):
    out = world["out"]
    assert (out / world["s0"].session_id).is_dir()
    assert not (out / world["s1"].session_id).exists()


def test_no_input_event_survives_in_an_accepted_events_span(world):
    events = _events(world["out"] / world["s0"].session_id)
    inside = [e for e in events if 5.0 <= e["t"] <= 12.0]
    assert not [e for e in inside if e["type"] in INPUT_TYPES]
    info = orjson.loads((world["out"] / "manifest.json").read_bytes())["sessions"][world["s0"].session_id]
    value_known = any(f["id"] == world["ev"].id and f.get("value_known") for f in info["flags"])
    # a flag whose typed value is known has that value replaced inside titles (the rest kept); else whole
    assert value_known or all(e.get("title") == "[redacted]" for e in inside if e["type"] == "focus")
    src = _events(world["paths"][0])
    assert any(5.0 <= e["t"] <= 12.0 and e["type"] in INPUT_TYPES for e in src)


def test_rejected_and_suggested_flags_are_not_applied(world):
    src = _events(world["paths"][0])
    got = _events(world["out"] / world["s0"].session_id)
    for a, b in ((15.0, 20.0), (21.0, 25.0)):
        assert [e for e in src if a <= e["t"] <= b] == [e for e in got if a <= e["t"] <= b]


def test_flagged_region_is_solid_and_untouched_files_identical(world):
    src, dst = world["paths"][0], world["out"] / world["s0"].session_id
    flagged = world["shot"]["file"]
    img = cv2.imread(str(dst / flagged))
    region = img[104:216, 104:296]  # inside the box, away from codec edges
    assert region.max() <= 8 and region.std() < 2
    before = cv2.imread(str(src / flagged))[104:216, 104:296]
    assert before.std() > 0 or before.max() > 8
    info = orjson.loads((world["out"] / "manifest.json").read_bytes())["sessions"][world["s0"].session_id]
    derived = screenshots_to_redact(_events(src), [f for f in info["flags"] if "derived_from" in f])
    others = [e["file"] for e in _events(src) if e["type"] == "screenshot" and e["file"] != flagged
              and e["file"] not in derived]  # where the flagged value showed again: redacted there too
    # the shot on screen at t_start was `flagged` itself (span lies before the next one)
    for f in others:
        assert (src / f).read_bytes() == (dst / f).read_bytes(), f


def test_manifest_private_data_and_users(world):
    dst = world["out"] / world["s0"].session_id
    assert not (dst / "source").exists()
    m = orjson.loads((dst / "session.json").read_bytes())
    assert "source_private" not in m and "source_metadata" not in m
    assert m["user"] != world["s0"].manifest.user and m["user"].startswith("u-")
    body = (world["out"] / "manifest.json").read_bytes()
    assert KEY.encode() not in body and b"hunter2" not in body
    man = orjson.loads(body)
    assert set(man["files"]) == {p.relative_to(world["out"]).as_posix() for p in world["out"].rglob("*")
                                 if p.is_file() and p.name != "manifest.json"}
    info = man["sessions"][world["s0"].session_id]
    assert info["events_removed"] > 0 and info["screenshots_redacted"] >= 1
    assert info["source_content_hash"] == world["s0"].content_hash
    assert {f["id"] for f in info["flags"] if "derived_from" not in f} == {world["ev"].id, world["px"].id}
    for rel, h in man["files"].items():
        assert hashlib.sha256((world["out"] / rel).read_bytes()).hexdigest() == h


def test_video_redacted_or_copied(world):
    dst = world["out"] / world["s0"].session_id
    m = orjson.loads((dst / "session.json").read_bytes())
    if "video" not in m:
        pytest.skip("no video in this session")
    cap = cv2.VideoCapture(str(dst / m["video"]["file"]))
    ok, frame = cap.read()
    cap.release()
    assert ok and frame is not None


def test_exported_dataset_validates_and_loads(world):
    count, problems = validate_paths([world["out"]])
    assert count == 1
    assert not [p for p in problems if getattr(p, "severity", "error") == "error"], problems
    load_session(world["out"] / world["s0"].session_id)


def test_existing_out_and_missing_key_refused(world, tmp_path):
    r = CliRunner().invoke(cli, ["export", str(world["data"]), str(world["out"]), "--db", world["url"]],
                           env={"VIEWER_EXPORT_KEY": KEY})
    assert r.exit_code == 1 and "already exists" in r.output
    r = CliRunner().invoke(cli, ["export", str(world["data"]), str(tmp_path / "o"), "--db", world["url"]],
                           env={"VIEWER_EXPORT_KEY": ""})
    assert r.exit_code == 1 and "VIEWER_EXPORT_KEY" in r.output
    assert not (tmp_path / "o").exists()


def test_verify_export_ok_then_catches_tampering_and_new_flags(world, tmp_path):
    out = tmp_path / "copy"
    shutil.copytree(world["out"], out)
    run = CliRunner().invoke
    r = run(cli, ["verify-export", str(out), "--db", world["url"]])
    assert r.exit_code == 0, r.output
    victim = next(p for p in out.rglob("*.png") if p.is_file()) if list(out.rglob("*.png")) else \
        next(p for p in (out / world["s0"].session_id / "screenshots").iterdir())
    victim.write_bytes(victim.read_bytes() + b"x")
    r = run(cli, ["verify-export", str(out), "--db", world["url"]])
    assert r.exit_code == 1 and victim.name in r.output
    shutil.rmtree(out)
    shutil.copytree(world["out"], out)
    (out / "extra.txt").write_text("hi")
    r = run(cli, ["verify-export", str(out)])
    assert r.exit_code == 1 and "extra.txt" in r.output
    (out / "extra.txt").unlink()
    s0 = world["s0"]
    with Store.open(world["url"]) as store:
        late = store.add_flag(s0.session_id, s0.content_hash, reviewer="r", t_start=30.0, t_end=31.0,
                              scope="events", category="pii", status="accepted")
    try:
        r = run(cli, ["verify-export", str(out), "--db", world["url"]])
        assert r.exit_code == 1 and late.id in r.output and s0.session_id in r.output
    finally:
        with Store.open(world["url"]) as store:
            store.delete("flag", late.id, late.version, reviewer="r")


class _Flag:
    def __init__(self, a, b, scope, status="accepted"):
        self.data = {"t_start": a, "t_end": b, "scope": scope, "status": status}


TYPES = sorted(INPUT_TYPES | {"focus", "screenshot", "marker"})


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.tuples(st.floats(0, 100), st.sampled_from(TYPES)), max_size=60),
       st.lists(st.tuples(st.floats(0, 100), st.floats(0, 20), st.sampled_from(["events", "pixels", "both"])),
                max_size=5))
def test_property_events_in_accepted_spans_never_survive(events, flags):
    evs = [{"t": round(t, 3), "type": ty, "title": "secret"} if ty == "focus" else {"t": round(t, 3), "type": ty}
           for t, ty in sorted(events)]
    fl = [_Flag(a, a + d, s) for a, d, s in flags]
    kept, removed, _ = redact_events(evs, fl)
    spans = [(f.data["t_start"], f.data["t_end"]) for f in fl if f.data["scope"] != "pixels"]
    for e in kept:
        if any(a <= e["t"] <= b for a, b in spans):
            assert e["type"] not in INPUT_TYPES
            assert e.get("title", "[redacted]") == "[redacted]"
    assert removed + len(kept) == len(evs)
