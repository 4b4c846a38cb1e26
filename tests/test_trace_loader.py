import orjson
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.trace_factory import EVENTS, make_session
from viewer.trace import TraceError, load_session
from viewer.trace.cache import content_hash
from viewer.trace.schema import COLUMNS


def test_loads_typed_columns(tmp_path):
    s = load_session(make_session(tmp_path), tmp_path / "cache")
    ev = s.events
    assert list(ev.columns[: len(COLUMNS)]) == list(COLUMNS)
    assert len(ev) == len(EVENTS)
    assert isinstance(ev["type"].dtype, pd.CategoricalDtype)
    assert isinstance(ev["button"].dtype, pd.CategoricalDtype)
    assert isinstance(ev["key"].dtype, pd.CategoricalDtype)
    assert isinstance(ev["app"].dtype, pd.CategoricalDtype)
    assert ev["x"].dtype == pd.Int32Dtype() and ev["t"].dtype == "float64"
    assert ev["x"].isna().sum() == len([e for e in EVENTS if "x" not in e])
    click = ev[ev["type"] == "click"].iloc[0]
    assert (click["x"], click["y"], click["button"], click["count"]) == (50, 60, "right", 2)
    assert ev[ev["type"] == "key"].iloc[0]["mods"] == "Control"
    assert s.manifest.session_id == "s1" and s.duration == 4.0


def test_extra_fields_kept_and_unknown_types_warned(tmp_path):
    events = EVENTS + [{"t": 5.0, "type": "gaze", "x": 3, "y": 4, "confidence": 0.9},
                       {"t": 6.0, "type": "move", "x": 1, "y": 1, "pressure": 0.5}]
    s = load_session(make_session(tmp_path, events=events), None)
    assert "confidence" in s.events.columns and "pressure" in s.events.columns
    assert s.events["pressure"].iloc[-1] == 0.5
    assert "gaze" in set(s.events["type"])
    assert [p.code for p in s.problems] == ["unknown-type"]


def test_logical_points_are_mapped_to_pixels(tmp_path):
    screens = [{"id": 0, "x": 0, "y": 0, "width": 1600, "height": 1200, "scale": 2.0},
               {"id": 1, "x": 800, "y": 0, "width": 1000, "height": 800, "scale": 1.0}]
    events = [{"t": 0.0, "type": "move", "x": 100.5, "y": 50},   # on screen 0 (points 0..800)
              {"t": 1.0, "type": "move", "x": 900, "y": 10}]     # on screen 1
    s = load_session(make_session(tmp_path, events=events, manifest={"screens": screens, "coords": "points"},
                                  images=False), None)
    assert s.events["x"].tolist() == [201, 900] and s.events["y"].tolist() == [100, 10]
    assert [(sc.x, sc.width) for sc in s.manifest.screens] == [(0, 1600), (800, 1000)]


def test_screenshot_index_answers_which_is_on_screen(tmp_path):
    s = load_session(make_session(tmp_path), None)
    assert s.screenshots.at(0.05) is None
    assert s.screenshots.at(0.1).file == "screenshots/0001.png"
    assert s.screenshots.at(2.99).file == "screenshots/0001.png"
    assert s.screenshots.at(3.0).file == "screenshots/0002.jpg"
    assert s.screenshots.at(1e9).file == "screenshots/0002.jpg"


def test_multi_screen_index(tmp_path):
    events = [{"t": 0.0, "type": "screenshot", "file": "a.png", "screen": 0},
              {"t": 1.0, "type": "screenshot", "file": "b.png", "screen": 1},
              {"t": 2.0, "type": "screenshot", "file": "c.png", "screen": 0}]
    s = load_session(make_session(tmp_path, events=events, images=False), None)
    assert s.screenshots.at(1.5, screen=0).file == "a.png"
    assert s.screenshots.at(1.5, screen=1).file == "b.png"
    assert s.screenshots.at(2.5, screen=0).file == "c.png"
    assert s.screenshots.at(0.5, screen=1) is None


def test_cache_gives_the_same_frame_and_stays_outside_the_trace(tmp_path):
    d = make_session(tmp_path / "data")
    before = sorted(p.relative_to(d) for p in d.rglob("*"))
    first = load_session(d, tmp_path / "cache")
    assert list((tmp_path / "cache").rglob("*.arrow"))
    second = load_session(d, tmp_path / "cache")
    pd.testing.assert_frame_equal(first.events, second.events)
    assert sorted(p.relative_to(d) for p in d.rglob("*")) == before


def test_changed_trace_is_not_served_from_cache(tmp_path):
    d = make_session(tmp_path / "data")
    first = load_session(d, tmp_path / "cache")
    (d / "events.jsonl").write_bytes((d / "events.jsonl").read_bytes() + orjson.dumps(
        {"t": 9.0, "type": "marker", "label": "late"}) + b"\n")
    second = load_session(d, tmp_path / "cache")
    assert len(second.events) == len(first.events) + 1
    assert second.content_hash != first.content_hash


def test_parquet_events_load_like_jsonl(tmp_path):
    d = make_session(tmp_path / "a")
    jsonl = load_session(d, None)
    p = make_session(tmp_path / "b")
    rows = [orjson.loads(line) for line in (p / "events.jsonl").read_bytes().splitlines()]
    (p / "events.jsonl").unlink()
    pq.write_table(pa.Table.from_pandas(pd.DataFrame(rows), preserve_index=False), p / "events.parquet")
    parquet = load_session(p, None)
    cols = list(COLUMNS)
    pd.testing.assert_frame_equal(jsonl.events[cols], parquet.events[cols], check_categorical=False)


def test_the_parquet_writer_loads_like_jsonl_with_extra_fields_kept(tmp_path):
    from viewer.trace.writer import write_events

    events = EVENTS + [{"t": 5.0, "type": "move", "x": 3, "y": 4, "step": 1, "element": "li"},
                       {"t": 6.0, "type": "move", "x": 1, "y": 1, "step": 2, "element": "button#ok", "ok": True}]
    a, b = make_session(tmp_path / "a", events=events), make_session(tmp_path / "b", events=events)
    (b / "events.jsonl").unlink()
    assert write_events(b, reversed(events), fmt="parquet").name == "events.parquet"
    jsonl, parquet = load_session(a, None), load_session(b, None)
    cols = list(COLUMNS)
    pd.testing.assert_frame_equal(jsonl.events[cols], parquet.events[cols], check_categorical=False)
    for name in ("step", "element", "ok"):
        assert parquet.events[name].dropna().tolist() == jsonl.events[name].dropna().tolist()

    events[-2]["element"] = 12  # a number here, a word there: one Parquet column of text
    c = make_session(tmp_path / "c", events=events)
    (c / "events.jsonl").unlink()
    write_events(c, events, fmt="parquet")
    assert load_session(c, None).events["element"].dropna().tolist() == ["12", "button#ok"]
    with pytest.raises(ValueError, match="events format 'csv'"):
        write_events(tmp_path, events, fmt="csv")


def test_a_load_without_a_cache_argument_uses_the_settings_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("VIEWER_CACHE", str(tmp_path / "cache"))
    d = make_session(tmp_path / "a")
    first = load_session(d)
    assert list((tmp_path / "cache").rglob("*.arrow")), "the typed events were cached under VIEWER_CACHE"
    assert load_session(d).content_hash == first.content_hash
    assert not (tmp_path / "other").exists() and load_session(d, None).content_hash == first.content_hash


def test_bad_events_raise_trace_error_with_lines(tmp_path):
    lines = [orjson.dumps(e) for e in EVENTS]
    lines[3] = b'{"t": 0.6, "type": "down", "x": 10}'
    with pytest.raises(TraceError) as info:
        load_session(make_session(tmp_path, raw_lines=lines), None)
    assert any(p.line == 4 and p.code == "missing-field" for p in info.value.problems)


def test_content_hash_separates_parts():
    assert content_hash(b"ab", b"c") != content_hash(b"a", b"bc")


def test_rewritten_events_file_with_same_size_is_reloaded(tmp_path):
    d = make_session(tmp_path / "data")
    first = load_session(d, tmp_path / "cache")
    raw = (d / "events.jsonl").read_bytes()
    (d / "events.jsonl").write_bytes(raw.replace(b'"label":"task done"', b'"label":"task gone"'))
    second = load_session(d, tmp_path / "cache")
    assert second.content_hash != first.content_hash
    assert second.events["label"].dropna().tolist() == ["task gone"]


def test_warm_load_skips_hashing_only_for_settled_files(tmp_path):
    import os
    import time

    from viewer.trace.cache import EventsCache

    d = make_session(tmp_path / "data")
    events = d / "events.jsonl"
    cache = EventsCache(tmp_path / "cache")
    load_session(d, tmp_path / "cache")
    manifest = (d / "session.json").read_bytes()
    assert cache.known_hash(events, manifest) is None  # just written: racy, always re-hashed
    old = time.time() - 60
    os.utime(events, (old, old))
    key = load_session(d, tmp_path / "cache").content_hash
    assert cache.known_hash(events, manifest) == key
