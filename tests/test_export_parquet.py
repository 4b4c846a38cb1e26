"""Parquet sessions: events redacted in Parquet with the source's own column types, and verify-export
re-reads them; on SQLite and on PostgreSQL (the `db_url` fixture)."""

from __future__ import annotations

import hashlib
import shutil

import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from viewer.cli import cli
from viewer.export import export_dataset, verify_export
from viewer.export.events import INPUT_TYPES
from viewer.review import Store
from viewer.sample import generate_dataset
from viewer.trace import load_session
from viewer.trace.events_io import read_jsonl

pytest_plugins = ["tests.pg_server"]
KEY = b"parquet-key"
SPAN = (3.0, 9.0)


def _to_parquet(session_dir):
    """events.jsonl -> events.parquet with dictionary-encoded strings and 32-bit coordinates, as a recorder might."""
    table = read_jsonl((session_dir / "events.jsonl").read_bytes()).to_arrow()
    for name, typ in (("type", pa.dictionary(pa.int8(), pa.string())),
                      ("title", pa.dictionary(pa.int16(), pa.string())), ("x", pa.int32()), ("y", pa.int32())):
        table = table.set_column(table.column_names.index(name), name, table[name].cast(typ))
    pq.write_table(table, session_dir / "events.parquet", compression="zstd")
    (session_dir / "events.jsonl").unlink()


@pytest.fixture
def world(tmp_path, db_url):
    data = tmp_path / "data"
    (src,) = generate_dataset(data, 1, 0.3, 21)
    _to_parquet(src)
    session = load_session(src)
    with Store.open(db_url) as store:
        store.set_review(session.session_id, session.content_hash, "approved", reviewer="r")
        flag = store.add_flag(session.session_id, session.content_hash, reviewer="r", t_start=SPAN[0],
                              t_end=SPAN[1], scope="events", category="password", status="accepted")
    return {"data": data, "src": src, "url": db_url, "session": session, "flag": flag, "out": tmp_path / "out"}


def _inside(table: pa.Table):
    t = table["t"]
    return pc.and_(pc.greater_equal(t, SPAN[0]), pc.less_equal(t, SPAN[1]))


def test_parquet_events_redacted_and_typed_the_same(world):
    with Store.open(world["url"]) as store:
        body = export_dataset(world["data"], world["out"], store, KEY)
    src = pq.read_table(world["src"] / "events.parquet")
    dst_path = world["out"] / world["src"].name / "events.parquet"
    dst = pq.read_table(dst_path)
    assert dst.schema.equals(src.schema, check_metadata=True)
    assert pq.ParquetFile(dst_path).metadata.row_group(0).column(0).compression == "ZSTD"
    assert not (world["out"] / world["src"].name / "events.jsonl").exists()
    types = [str(v) for v in dst.filter(_inside(dst))["type"].to_pylist()]
    assert types and not INPUT_TYPES & set(types)
    titles = dst.filter(pc.and_(_inside(dst), pc.equal(dst["type"].cast(pa.string()), "focus")))["title"].to_pylist()
    assert all(t in (None, "[redacted]") for t in titles)
    before = [e for e in src.to_pylist() if not SPAN[0] <= e["t"] <= SPAN[1]]
    after = [e for e in dst.to_pylist() if not SPAN[0] <= e["t"] <= SPAN[1]]
    assert before == after
    removed = src.num_rows - dst.num_rows
    info = body["sessions"][world["session"].session_id]
    assert removed > 0 and info["events_removed"] == removed
    assert info["source_content_hash"] == world["session"].content_hash
    assert body["files"][f"{world['src'].name}/events.parquet"] == hashlib.sha256(dst_path.read_bytes()).hexdigest()
    load_session(world["out"] / world["src"].name)  # the exported session still loads


def test_verify_export_rereads_parquet_events(world, tmp_path):
    with Store.open(world["url"]) as store:
        export_dataset(world["data"], world["out"], store, KEY)
    r = CliRunner().invoke(cli, ["verify-export", str(world["out"]), "--db", world["url"]])
    assert r.exit_code == 0, r.output
    # put the original events back and fix the hash: only the content check can catch it now
    bad = tmp_path / "bad"
    shutil.copytree(world["out"], bad)
    rel = f"{world['src'].name}/events.parquet"
    shutil.copyfile(world["src"] / "events.parquet", bad / rel)
    manifest = orjson.loads((bad / "manifest.json").read_bytes())
    manifest["files"][rel] = hashlib.sha256((bad / rel).read_bytes()).hexdigest()
    (bad / "manifest.json").write_bytes(orjson.dumps(manifest))
    r = CliRunner().invoke(cli, ["verify-export", str(bad)])
    assert r.exit_code == 1 and "input event(s) left inside an accepted events span" in r.output
    assert rel in r.output
    with Store.open(world["url"]) as store:
        assert any("window title" in p or "input event" in p for p in verify_export(bad, store))


def test_unchanged_parquet_is_copied_byte_for_byte(world):
    with Store.open(world["url"]) as store:
        store.delete("flag", world["flag"].id, world["flag"].version, reviewer="r")
        export_dataset(world["data"], world["out"], store, KEY)
    rel = f"{world['src'].name}/events.parquet"
    assert (world["out"] / rel).read_bytes() == (world["data"] / rel).read_bytes()


def test_unreadable_parquet_is_named_without_a_traceback(world):
    (world["src"] / "events.parquet").write_bytes(b"PAR1 not really")
    r = CliRunner().invoke(cli, ["export", str(world["data"]), str(world["out"]), "--db", world["url"]],
                           env={"VIEWER_EXPORT_KEY": "k"})
    assert r.exit_code == 1 and "events.parquet cannot be read" in r.output
    assert "Traceback" not in r.output and not world["out"].exists()
