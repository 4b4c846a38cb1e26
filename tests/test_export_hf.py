"""`export --format hf`: the result loads with `datasets` as it is (features as declared, images decode), splits
are disjoint by person, the redaction is the trace export's (no flagged value in any column or image, read by
OCR), provenance is on every row, and the card reports the counts."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import datasets
import orjson
import pytesseract
import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw, ImageFont

from tests.trace_factory import make_session
from viewer.cli import cli
from viewer.export.hf import schema, splits
from viewer.export.hf.steps import steps_of
from viewer.review import Store
from viewer.trace import load_session

KEY = "hf-test-key-123"
SECRET = "hunter2zebra"
PEOPLE = ["ana", "ben", "cleo", "dev", "eli", "fay"]


def _screen(path: Path, text: str) -> None:
    img = Image.new("RGB", (640, 200), "white")
    font = ImageFont.load_default(size=40)
    ImageDraw.Draw(img).text((20, 60), text, fill="black", font=font)
    img.save(path)


def _events(n: int) -> list[dict]:
    ev = [{"t": 0.0, "type": "focus", "app": "Firefox", "title": "Sign in"},
          {"t": 0.1, "type": "screenshot", "file": "screenshots/0001.png"},
          {"t": 0.5, "type": "down", "x": 100, "y": 50, "button": "left"},
          {"t": 0.6, "type": "up", "x": 100, "y": 50, "button": "left"}]
    t = 1.0
    for ch in SECRET:  # typed into the password field: flagged below
        ev += [{"t": t, "type": "key_down", "key": ch}, {"t": t + 0.05, "type": "key_up", "key": ch}]
        t += 0.1
    ev += [{"t": 3.0, "type": "screenshot", "file": "screenshots/0002.png"},
           {"t": 3.5, "type": "key_down", "key": "Control"}, {"t": 3.6, "type": "key_down", "key": "s"},
           {"t": 3.7, "type": "key_up", "key": "s"}, {"t": 3.8, "type": "key_up", "key": "Control"},
           {"t": 4.0, "type": "scroll", "x": 300, "y": 100, "dx": 0, "dy": 3},
           {"t": 4.2, "type": "scroll", "x": 300, "y": 100, "dx": 0, "dy": 2},
           {"t": 5.0 + n, "type": "marker", "label": "end"}]
    return ev


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hf")
    data, url = tmp / "data", f"sqlite:///{tmp / 'db.sqlite'}"
    with Store.open(url) as store:
        for i, person in enumerate(PEOPLE * 2):  # two sessions per person
            name = f"s{i:02d}"
            d = make_session(data, name, events=_events(i), manifest={"user": f"{person}@example.org"})
            _screen(d / "screenshots" / "0001.png", "Sign in")
            _screen(d / "screenshots" / "0002.png", f"pw {SECRET}")  # the value shows on a later screen
            (d / "screenshots" / "0002.jpg").unlink()
            s = load_session(d)
            store.set_review(name, s.content_hash, "approved", reviewer="rita")
            store.add_label(name, s.content_hash, reviewer="rita", t_start=0.0, t_end=5.0 + i,
                            instruction="Sign in and save", outcome="success", quality=4)
            store.add_flag(name, s.content_hash, reviewer="rita", t_start=0.9, t_end=2.5, scope="events",
                           category="password")
            store.add_flag(name, s.content_hash, reviewer="rita", t_start=3.0, t_end=4.9, scope="pixels",
                           category="password", regions=[{"screen": 0, "x": 0, "y": 0, "w": 640, "h": 200}])
    out = tmp / "out"
    r = CliRunner().invoke(cli, ["export", str(data), str(out), "--db", url, "--format", "hf", "--seed", "3",
                                 "--split", "train=0.6,validation=0.2,test=0.2", "--shard-size", "1"],
                           env={"VIEWER_EXPORT_KEY": KEY, "VIEWER_USER": "adam"})
    assert r.exit_code == 0, r.output
    return {"data": data, "url": url, "out": out}


def test_loads_with_datasets_typed_as_declared(world):
    out = world["out"]
    steps = datasets.load_dataset(str(out), "steps")
    assert set(steps) == {"train", "validation", "test"}
    declared = datasets.Features.from_arrow_schema(schema.arrow_schema(schema.STEPS))
    assert steps["train"].features == declared
    row = steps["train"][0]
    assert isinstance(row["image"], Image.Image) and row["image"].size == (640, 200)
    assert row["provenance"]["review_status"] == "approved" and row["provenance"]["tool_version"]
    assert {"category": "password", "count": 2} in row["provenance"]["flags_applied"]
    assert row["provenance"]["reviewers"] and not row["provenance"]["reviewers"][0].startswith("rita")
    sessions = datasets.load_dataset(str(out), "sessions")
    trajectories = datasets.load_dataset(str(out), "trajectories")
    assert sum(len(sessions[s]) for s in sessions) == 12 and sum(len(trajectories[s]) for s in trajectories) == 12
    traj = trajectories["train"][0]
    ids = {r["step_id"] for s in steps for r in steps[s]}
    assert traj["steps"] and all(st["step_id"] in ids and st["reasoning"] == "" for st in traj["steps"])


def test_splits_are_disjoint_by_person(world):
    sessions = datasets.load_dataset(str(world["out"]), "sessions")
    users = {s: set(sessions[s]["user"]) for s in sessions}
    assert users["train"] and users["validation"] and users["test"]
    assert not (users["train"] & users["validation"]) and not (users["train"] & users["test"])
    assert not (users["validation"] & users["test"])
    assert all(not u.endswith("example.org") for us in users.values() for u in us)


def test_no_flagged_value_in_any_column_or_image(world):
    out = world["out"]
    for config in schema.CONFIGS:
        ds = datasets.load_dataset(str(out), config)
        for split in ds:
            for row in ds[split]:
                text = orjson.dumps({k: v for k, v in row.items() if k != "image"}, default=str).decode()
                assert SECRET not in text
                if config == "steps" and row["image"] is not None and row["t"] > 3.0:
                    assert SECRET not in pytesseract.image_to_string(row["image"]).replace(" ", "")
    raw = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert SECRET.encode() not in raw and b"example.org" not in raw


def test_steps_card_and_manifest(world):
    out = world["out"]
    steps = datasets.load_dataset(str(out), "steps")
    kinds = Counter(r["action_type"] for s in steps for r in steps[s])
    assert kinds == Counter({"click": 12, "hotkey": 12, "scroll": 12})  # the typed password was removed
    hot = next(r for s in steps for r in steps[s] if r["action_type"] == "hotkey")
    assert hot["keys"] == ["Control", "s"] and hot["instruction"] == "Sign in and save"
    click = next(r for s in steps for r in steps[s] if r["action_type"] == "click")
    assert click["x_frac"] == pytest.approx(100 / 800) and click["window_title"] == "Sign in"
    card = (out / "README.md").read_text()
    assert card.startswith("---\n") and "| password | 24 |" in card and "Near-duplicates" in card
    assert "example.org" not in card
    body = orjson.loads((out / "manifest.json").read_bytes())
    assert body["layout"] == "hf" and sum(body["splits"]["sessions"].values()) == 12
    assert len(list((out / "data" / "steps").glob("train-*-of-*.parquet"))) >= 1
    assert not list(out.parent.glob(".out.*"))  # nothing half-written or staged left beside it
    done = CliRunner().invoke(cli, ["verify-export", str(out)])
    assert done.exit_code == 0, done.output


def test_step_rules():
    ev = [{"t": 0, "type": "down", "x": 0, "y": 0, "button": "left"},
          {"t": 0.2, "type": "up", "x": 50, "y": 0, "button": "left"},
          {"t": 1, "type": "key_down", "key": "H"}, {"t": 1.1, "type": "key_down", "key": "i"},
          {"t": 1.2, "type": "key_down", "key": "Backspace"}, {"t": 1.3, "type": "key_down", "key": "o"},
          {"t": 5, "type": "text", "text": "pasted"},
          {"t": 6, "type": "key", "key": "Enter", "mods": []},
          {"t": 7, "type": "click", "x": 1, "y": 1, "button": "left", "count": 2}]
    got = [(s.action_type, s.text or s.keys or (s.end_x,)) for s in steps_of(ev)]
    assert got == [("drag", (50,)), ("type", "Ho"), ("type", "pasted"), ("key", ["Enter"]),
                   ("double_click", (None,))]


def test_split_assignment_rules():
    people = Counter({"a": 5, "b": 1, "c": 1, "d": 2, "e": 1})
    one = splits.assign(people, {"train": 0.6, "validation": 0.2, "test": 0.2}, seed=1)
    assert one == splits.assign(people, {"train": 0.6, "validation": 0.2, "test": 0.2}, seed=1)
    assert set(one.values()) == {"train", "validation", "test"}
    with pytest.raises(splits.SplitError, match="no known person"):
        splits.assign(Counter({"unknown": 2, "a": 1}), splits.DEFAULT, 0)
    assert splits.assign(Counter({"unknown": 2, "a": 1}), splits.DEFAULT, 0, "test")["unknown"] == "test"
    with pytest.raises(splits.SplitError, match="add up"):
        splits.parse("train=0.5,test=0.2")


def test_verify_export_reads_values_back_and_catches_a_planted_leak(world, tmp_path):
    import shutil

    import pyarrow as pa
    import pyarrow.parquet as pq

    from viewer.export.manifest import sha256

    out = tmp_path / "copy"
    shutil.copytree(world["out"], out)
    args = ["verify-export", str(out), "--data", str(world["data"]), "--db", world["url"]]
    ok = CliRunner().invoke(cli, args, env={"VIEWER_USER": "adam"})
    assert ok.exit_code == 0, ok.output
    shard = sorted((out / "data" / "steps").glob("train-*.parquet"))[0]
    table = pq.read_table(shard)
    titles = table.column("window_title").to_pylist()
    titles[0] = f"Inbox - {SECRET} - Mail"
    pq.write_table(table.set_column(table.schema.get_field_index("window_title"), "window_title",
                                    pa.array(titles, pa.string())), shard)
    body = orjson.loads((out / "manifest.json").read_bytes())
    body["files"][shard.relative_to(out).as_posix()] = sha256(shard)
    (out / "manifest.json").write_bytes(orjson.dumps(body))
    bad = CliRunner().invoke(cli, args, env={"VIEWER_USER": "adam"})
    assert bad.exit_code == 1 and "its value can still be read in a text column" in bad.output
    assert shard.name in bad.output and SECRET not in bad.output
