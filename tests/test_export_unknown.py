"""Nothing unknown leaves: an importer's extra event fields, unknown event types, manifest entries, files no
event names, image metadata, video tags and audio are left out of the export unless the configuration's
`[export]` allow-list names them; reviewers' label text goes through the detectors. Real files, real
SQLite, the real CLI."""

from __future__ import annotations

import io

import av
import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from PIL import Image, PngImagePlugin

from tests.test_export_strip import SECRET, write_tagged_video
from tests.trace_factory import EVENTS, make_session
from viewer.cli import cli
from viewer.export import export_dataset, verify_export
from viewer.export.reviewer_text import mask_text
from viewer.review import Store
from viewer.sensitive.config import ConfigError, default_config, load_config
from viewer.trace import load_session

KEY = "unknown-test-key"
EXTRA_EVENTS = [
    {"t": 0.2, "type": "move", "x": 1, "y": 2, "a11y_tree": {"name": SECRET}, "window_rect": [0, 0, 10, 10]},
    {"t": 0.3, "type": "agent_step", "raw_response": f"I will type {SECRET}"},
    {"t": 0.4, "type": "screenshot", "file": "screenshots/0003.png"},
]
CONFIG = """
[export]
keep_fields = ["event.window_rect", "event_type.agent_step", "manifest.hostname", "manifest.recorder.build",
               "manifest.source_metadata.app"]
keep_files = ["notes/*.txt"]
"""


def _dataset(root):
    events = sorted(EVENTS + EXTRA_EVENTS, key=lambda e: e["t"])
    manifest = {"hostname": "janes-laptop", "source_metadata": {"owner": SECRET, "app": "recorder 2"},
                "recorder": {"name": "test", "version": "1", "build": "b7", "machine_owner": SECRET},
                "video": {"file": "screen.mp4", "t0": 0.0}}
    d = make_session(root, "s1", events=events, manifest=manifest)
    exif = Image.Exif()
    exif[0x010E] = SECRET
    Image.open(d / "screenshots" / "0002.jpg").save(d / "screenshots" / "0002.jpg", exif=exif, comment=SECRET)
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET)
    Image.new("RGB", (80, 60), (10, 20, 30)).save(d / "screenshots" / "0003.png", pnginfo=info)
    Image.new("RGB", (80, 60), (1, 2, 3)).save(d / "screenshots" / "orphan.png")
    (d / "notes").mkdir()
    (d / "notes" / "n.txt").write_text("kept only when allow-listed")
    write_tagged_video(d / "screen.mp4")
    return d


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("unknown")
    data = tmp / "data"
    src = _dataset(data)
    session = load_session(src)
    url = f"sqlite:///{tmp / 'ann.db'}"
    with Store.open(url) as store:
        store.set_review("s1", session.content_hash, "approved", reviewer="r")
        store.add_label("s1", session.content_hash, reviewer="r", t_start=0.0, t_end=4.0,
                        instruction=f"Sign in as {SECRET} and open the inbox", outcome="success",
                        tags=["mail"], note="password: hunter2secret was visible")
    (tmp / "keep.toml").write_text(CONFIG)
    outs = {}
    for name, env in (("plain", {}), ("kept", {"VIEWER_CONFIG": str(tmp / "keep.toml")})):
        out = tmp / name
        r = CliRunner().invoke(cli, ["export", str(data), str(out), "--db", url],
                               env={"VIEWER_EXPORT_KEY": KEY, **env})
        assert r.exit_code == 0, r.output
        outs[name] = out / "s1"
    return {"src": src, "url": url, "tmp": tmp, **outs}


def _events(d):
    return [orjson.loads(x) for x in (d / "events.jsonl").read_bytes().splitlines() if x.strip()]


def test_unknown_event_fields_and_types_are_left_out(world):
    events = _events(world["plain"])
    assert not [e for e in events if e["type"] == "agent_step"]
    assert all(set(e) <= {"t", "type", "x", "y", "button", "count", "dx", "dy", "key", "mods", "text", "app",
                          "title", "file", "screen", "label"} for e in events)
    assert SECRET.encode() not in (world["plain"] / "events.jsonl").read_bytes()
    # lines that had nothing unknown are the source's bytes
    src_lines = set((world["src"] / "events.jsonl").read_bytes().splitlines())
    assert sum(line in src_lines for line in (world["plain"] / "events.jsonl").read_bytes().splitlines()) \
        == len(EVENTS) + 1


def test_unknown_manifest_entries_are_left_out(world):
    m = orjson.loads((world["plain"] / "session.json").read_bytes())
    assert "hostname" not in m and "source_metadata" not in m
    assert m["recorder"] == {"name": "test", "version": "1"} and m["video"] == {"file": "screen.mp4", "t0": 0.0}
    assert m["user"].startswith("u-")


def test_files_no_event_names_are_left_out_and_media_metadata_stripped(world):
    out, src = world["plain"], world["src"]
    assert not (out / "screenshots" / "orphan.png").exists() and not (out / "notes").exists()
    assert (out / "screenshots" / "0001.png").read_bytes() == (src / "screenshots" / "0001.png").read_bytes()
    for name in ("0002.jpg", "0003.png"):
        data = (out / "screenshots" / name).read_bytes()
        assert SECRET.encode() not in data and data != (src / "screenshots" / name).read_bytes()
        img = Image.open(io.BytesIO(data))
        img.load()
        assert not img.getexif() and not getattr(img, "text", {}) and "comment" not in img.info
    with av.open(str(out / "screen.mp4")) as box:
        assert [s.type for s in box.streams] == ["video"] and "title" not in box.metadata


def test_the_manifest_counts_what_was_stripped(world):
    body = orjson.loads((world["plain"].parent / "manifest.json").read_bytes())
    stripped = body["sessions"]["s1"]["stripped"]
    assert stripped["image_metadata"] == 2 and stripped["video"] == ["audio", "tags"]
    assert stripped["files"] == 2 and stripped["events"] == 1 and stripped["event_fields"] == 2
    assert stripped["manifest_entries"] == 4
    assert {"event.a11y_tree", "event_type.agent_step", "manifest.hostname"} <= set(stripped["names"])
    assert SECRET.encode() not in (world["plain"].parent / "manifest.json").read_bytes()
    with Store.open(world["url"]) as store:
        assert verify_export(world["plain"].parent, store) == []


def test_the_allow_list_keeps_what_it_names_and_nothing_else(world):
    out = world["kept"]
    events = _events(out)
    assert [e["type"] for e in events if e["type"] == "agent_step"] == ["agent_step"]
    assert next(e for e in events if e["t"] == 0.2)["window_rect"] == [0, 0, 10, 10]
    assert all("a11y_tree" not in e and "raw_response" not in e for e in events)
    m = orjson.loads((out / "session.json").read_bytes())
    assert m["hostname"] == "janes-laptop" and m["recorder"]["build"] == "b7"
    assert "machine_owner" not in m["recorder"] and m["source_metadata"] == {"app": "recorder 2"}
    assert (out / "notes" / "n.txt").is_file() and not (out / "screenshots" / "orphan.png").exists()


def test_reviewers_label_text_is_masked(world):
    (label,) = [orjson.loads(x) for x in (world["plain"] / "labels.jsonl").read_bytes().splitlines()]
    assert label["instruction"] == "Sign in as [email] and open the inbox"
    assert label["note"] == "password: [password] was visible" and label["tags"] == ["mail"]
    assert label["outcome"] == "success" and label["t_end"] == 4.0
    body = orjson.loads((world["plain"].parent / "manifest.json").read_bytes())
    assert body["sessions"]["s1"]["reviewer_text_masked"] == 2
    assert b"hunter2secret" not in (world["plain"].parent / "manifest.json").read_bytes()


def test_mask_text_keeps_what_is_not_a_value():
    assert mask_text(f"mail {SECRET} about card 4111 1111 1111 1111", default_config()) \
        == ("mail [email] about card [credit_card]", 2)
    assert mask_text("open the settings page", default_config()) == ("open the settings page", 0)


def test_parquet_events_lose_unknown_columns_and_types(tmp_path):
    d = make_session(tmp_path / "data", "p1")
    rows = [{"t": 0.0, "type": "move", "x": 1, "y": 1, "raw_response": SECRET},
            {"t": 0.5, "type": "agent_step", "x": None, "y": None, "raw_response": SECRET},
            {"t": 1.0, "type": "screenshot", "x": None, "y": None, "raw_response": None}]
    table = pa.Table.from_pylist(rows).append_column("file", pa.array([None, None, "screenshots/0001.png"]))
    table = table.replace_schema_metadata({b"recorder_notes": SECRET.encode()})
    pq.write_table(table, d / "events.parquet")
    (d / "events.jsonl").unlink()
    url = f"sqlite:///{tmp_path / 'ann.db'}"
    with Store.open(url) as store:
        store.set_review("p1", load_session(d).content_hash, "approved", reviewer="r")
        export_dataset(tmp_path / "data", tmp_path / "out", store, b"k")
    got = pq.read_table(tmp_path / "out" / "p1" / "events.parquet")
    assert "raw_response" not in got.column_names and got["type"].to_pylist() == ["move", "screenshot"]
    assert SECRET.encode() not in (tmp_path / "out" / "p1" / "events.parquet").read_bytes()


def test_a_bad_allow_list_names_the_file_and_entry(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[export]\nkeep_fields = ["hostname"]\n')
    with pytest.raises(ConfigError, match=r"bad.toml: export.keep_fields\[0\]"):
        load_config(bad)
    bad.write_text('[export]\nkeep_files = ["../outside/*"]\n')
    with pytest.raises(ConfigError, match=r"export.keep_files\[0\]"):
        load_config(bad)


def test_viewer_config_is_the_one_file_export_and_suggest_read(tmp_path):
    bad = tmp_path / "org.toml"
    bad.write_text('[export]\nkeep_fields = "event.x"\n')
    make_session(tmp_path / "data", "c1")
    env = {"VIEWER_CONFIG": str(bad), "VIEWER_EXPORT_KEY": KEY}
    db = f"sqlite:///{tmp_path / 'ann.db'}"
    for args in (["export", str(tmp_path / "data"), str(tmp_path / "out"), "--db", db],
                 ["suggest", str(tmp_path / "data"), "--db", db, "--no-store"]):
        r = CliRunner().invoke(cli, args, env=env)
        assert r.exit_code == 1 and "org.toml: export.keep_fields: must be a list" in r.output, r.output
    assert not (tmp_path / "out").exists()


def test_a_screenshot_that_cannot_be_checked_stops_the_export_by_name(tmp_path):
    d = make_session(tmp_path / "data", "b1")
    (d / "screenshots" / "0001.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 5)
    url = f"sqlite:///{tmp_path / 'ann.db'}"
    with Store.open(url) as store:
        store.set_review("b1", load_session(d).content_hash, "approved", reviewer="r")
    r = CliRunner().invoke(cli, ["export", str(tmp_path / "data"), str(tmp_path / "out"), "--db", url],
                           env={"VIEWER_EXPORT_KEY": KEY})
    assert r.exit_code == 1 and "0001.png: screenshot-format: its PNG structure" in r.output, r.output
    assert "Traceback" not in r.output and not list(tmp_path.glob("*out*"))
