"""`export --engine local|dask`: flagged values followed and sessions written on worker processes give the same
derived flags and the same files as the export in one process, and the export verifies."""

from __future__ import annotations

import shutil

import orjson
import pytest
from click.testing import CliRunner

from tests.follow_helpers import CARD_TYPED, EMAIL, build
from viewer.cli import cli
from viewer.review import Store
from viewer.trace import load_session

KEY = "k" * 32
pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("xengine")
    url = f"sqlite:///{tmp / 'ann.db'}"
    with Store.open(url) as store:
        for name in ("follow-1", "follow-2"):
            d, info = build(tmp / "data", name)
            session = load_session(d)
            store.add_flag(session.session_id, session.content_hash, reviewer="ann", t_start=info["email_span"][0],
                           t_end=info["email_span"][1], scope="events", category="email")
            store.set_review(session.session_id, session.content_hash, "approved", reviewer="ann")
    return {"tmp": tmp, "data": tmp / "data", "url": url, "cache": tmp / "cache"}


def export(world, out, url, *more):
    env = {"VIEWER_EXPORT_KEY": KEY, "VIEWER_CACHE": str(world["cache"])}
    r = CliRunner().invoke(cli, ["export", str(world["data"]), str(out), "--db", url, *more], env=env)
    assert EMAIL not in r.output and CARD_TYPED not in r.output
    return r


def own_db(world, name: str) -> str:
    """A copy of the annotations as they were before any export (nothing followed yet)."""
    shutil.copy(world["tmp"] / "ann.db", world["tmp"] / f"{name}.db")
    return f"sqlite:///{world['tmp'] / name}.db"


def derived(url: str) -> list[tuple]:
    with Store.open(url) as store:
        return sorted((f.session_id, f.data["place"], f.data["t_start"], f.data["t_end"], str(f.data["regions"]),
                       f.data["status"]) for f in store.find("flag") if f.data.get("derived_from"))


def without_ids(body: dict) -> list:
    return [[(f["scope"], f["t_start"], f["t_end"], f.get("place"), f.get("value_known")) for f in s["flags"]]
            for _, s in sorted(body["sessions"].items())]


@pytest.mark.parametrize("kind", ["local", "dask"])
def test_the_engine_follows_the_values_and_writes_the_same_export_and_it_verifies(world, kind):
    here, there = world["tmp"] / f"here-{kind}", world["tmp"] / f"there-{kind}"
    url_here, url_there = own_db(world, f"here-{kind}"), own_db(world, f"there-{kind}")
    r = export(world, there, url_there, "--engine", kind, "--workers", "2")
    assert r.exit_code == 0, r.output
    places = derived(url_there)
    assert places, "the typed e-mail shows on later screens: followed on the workers, stored here"
    r = export(world, here, url_here)
    assert r.exit_code == 0, r.output
    assert derived(url_here) == places
    a, b = (orjson.loads((p / "manifest.json").read_bytes()) for p in (here, there))
    assert a["files"] == b["files"] and len(a["files"]) > 4
    assert without_ids(a) == without_ids(b)
    assert any(f.get("value_known") for s in b["sessions"].values() for f in s["flags"]), \
        "the workers read the flagged values back and redacted text fields value by value"
    v = CliRunner().invoke(cli, ["verify-export", str(there), "--db", url_there, "--data", str(world["data"])],
                           env={"VIEWER_CACHE": str(world["cache"])})
    assert v.exit_code == 0, v.output



def test_workers_without_ocr_fail_the_export_with_a_clear_message_and_write_nothing(world, monkeypatch):
    monkeypatch.setenv("PATH", str(world["tmp"] / "no-bin"))  # the spawned workers find no tesseract
    out = world["tmp"] / "no-ocr"
    r = export(world, out, own_db(world, "no-ocr"), "--engine", "local", "--workers", "1")
    assert r.exit_code == 1, r.output
    assert "a worker cannot run Tesseract OCR" in r.output and "Traceback" not in r.output
    assert not out.exists() and not list(world["tmp"].glob(".no-ocr*"))


def test_an_hf_export_on_the_engine_verifies(world):
    """The hidden trace copy an hf export converts lists no file in its manifest (memory flat in the number of
    files): each worker's files are checked as its session comes back instead."""
    url, out = own_db(world, "hf"), world["tmp"] / "hf"
    r = export(world, out, url, "--format", "hf", "--engine", "local", "--workers", "2", "--unknown-split", "train")
    assert r.exit_code == 0, r.output
    assert derived(url), "values followed on the workers"
    v = CliRunner().invoke(cli, ["verify-export", str(out), "--db", url, "--data", str(world["data"])],
                           env={"VIEWER_CACHE": str(world["cache"])})
    assert v.exit_code == 0, v.output


def test_a_file_not_as_its_worker_wrote_it_fails_the_export(tmp_path):
    from viewer.export.base import ExportError
    from viewer.export.dataset import _Work
    from viewer.export.manifest import sha256

    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "a.png").write_bytes(b"as written")
    work = _Work([], tmp_path, b"k", None, False, None, None, None, {}, {}, {}, {}, None, lambda what, sid: None,
                 keep_hashes=False)
    files: dict = {}
    said = {"s/a.png": sha256(tmp_path / "s" / "a.png")}
    work.record(files, said, True)
    assert files == {}  # checked, not kept
    (tmp_path / "s" / "a.png").write_bytes(b"cut short")
    with pytest.raises(ExportError, match="s/a.png: missing or not as its worker wrote it"):
        work.record(files, said, True)
    with pytest.raises(ExportError, match="s/b.png: missing"):
        work.record(files, {"s/b.png": "0" * 64}, True)
