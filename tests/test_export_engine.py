"""`export --engine local`: screens read and sessions written on worker processes give the same files as the
export in one process, and the export verifies."""

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


def export(world, out, *more):
    env = {"VIEWER_EXPORT_KEY": KEY, "VIEWER_CACHE": str(world["cache"])}
    r = CliRunner().invoke(cli, ["export", str(world["data"]), str(out), "--db", world["url"], *more], env=env)
    assert EMAIL not in r.output and CARD_TYPED not in r.output
    return r


def test_the_engine_writes_the_same_export_and_it_verifies(world):
    here, there = world["tmp"] / "here", world["tmp"] / "there"
    r = export(world, there, "--engine", "local", "--workers", "2")
    assert r.exit_code == 0, r.output
    r = export(world, here)
    assert r.exit_code == 0, r.output
    a, b = (orjson.loads((p / "manifest.json").read_bytes()) for p in (here, there))
    assert a["files"] == b["files"] and len(a["files"]) > 4
    assert [s["flags"] for s in a["sessions"].values()] == [s["flags"] for s in b["sessions"].values()]
    v = CliRunner().invoke(cli, ["verify-export", str(there), "--db", world["url"], "--data", str(world["data"])],
                           env={"VIEWER_CACHE": str(world["cache"])})
    assert v.exit_code == 0, v.output

