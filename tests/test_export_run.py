"""run_export (the one export of the command line and the Export page): the consent records that covered each
session are named in the trace manifest and on every hf row (ids, never the person), the card says how
consent covered the export, and an export stopped part-way (a cancelled job) leaves nothing that looks like
an export."""

from __future__ import annotations

import datasets
import orjson
import pytest
from click.testing import CliRunner
from sqlalchemy import select

from tests.trace_factory import make_session
from viewer.cli import cli
from viewer.consent import records
from viewer.consent.consent_models import ExportRecord
from viewer.db import reading
from viewer.consent.scope import Grant
from viewer.export.hf import SHARDS, SplitError, hf_options
from viewer.export.hf.card import read_card
from viewer.export.run import WRITING, ExportRequest, run_export
from viewer.jobs import Cancelled
from viewer.review import Store
from viewer.trace import load_session

KEY = b"run-test-key-123"
PEOPLE = {"s1": "ana@example.org", "s2": "ana@example.org", "s3": "ben@example.org", "s4": "cleo@example.org"}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Four approved sessions of three people; ana and ben consented to agent training, cleo did not."""
    tmp = tmp_path_factory.mktemp("run")
    data, url = tmp / "data", f"sqlite:///{tmp / 'db.sqlite'}"
    with Store.open(url) as store:
        for name, person in PEOPLE.items():
            s = load_session(make_session(data, name, manifest={"user": person}))
            store.set_review(name, s.content_hash, "approved", reviewer="rita")
        grants = {p: records.grant(store, "adam", p, "agent-training", Grant("agent-training")).id
                  for p in ("ana@example.org", "ben@example.org")}
    return {"data": data, "url": url, "grants": grants, "tmp": tmp}


def _expected(world) -> dict[str, list[int]]:
    return {sid: [world["grants"][p]] for sid, p in PEOPLE.items() if p in world["grants"]}


def test_consent_records_in_the_trace_manifest_and_on_every_hf_row(world, tmp_path):
    with Store.open(world["url"]) as store:
        trace = run_export(ExportRequest(world["data"], tmp_path / "trace", who="adam"), store, KEY)
        hf = run_export(ExportRequest(world["data"], tmp_path / "hf", who="adam",
                                      hf=hf_options("train=0.5,test=0.5", seed=1)), store, KEY)
    expected = _expected(world)
    assert {sid: info["consent_records"] for sid, info in trace["sessions"].items()} == expected  # cleo left out
    assert hf["consent"]["left_out"] == {"no consent for this purpose at the session's start": 1}
    for config in ("steps", "sessions"):
        ds = datasets.load_dataset(str(tmp_path / "hf"), config)
        rows = [r for split in ds for r in ds[split]]
        assert rows and all(r["provenance"]["consent_records"] == expected[r["session_id"]] for r in rows)
    with Store.open(world["url"]) as store:
        assert (hf["export_id"], "hf") in _recorded(store) and (trace["export_id"], "trace") in _recorded(store)
    header, card = read_card(tmp_path / "hf")
    assert "config_name: trajectories" not in header and "not declared" in card  # no labels: no trajectories
    assert "name: consent_records" in header and "list: int64" in header
    assert "## Consent\nChecked for purpose `agent-training` before export: 3 of 3 session(s) covered" in card
    assert "(2 record(s) in all" in card and "1 left out: no consent" in card and "example.org" not in card


def test_a_stopped_export_leaves_nothing(world, tmp_path):
    def stop_at(stage: str, after: int):
        def progress(p):
            if p.stage == stage and p.sessions_done >= after:
                raise Cancelled()
        return progress

    with Store.open(world["url"]) as store:
        before = _recorded(store)
        with pytest.raises(Cancelled):  # the first session is already written when the second is cancelled
            run_export(ExportRequest(world["data"], tmp_path / "t"), store, KEY, stop_at(WRITING, 1))
        with pytest.raises(Cancelled):  # the redacted copy is complete, the shards are being written
            run_export(ExportRequest(world["data"], tmp_path / "h", hf=hf_options(None)), store, KEY,
                       stop_at(SHARDS, 1))
        assert _recorded(store) == before  # nor a record that it went to anyone
    assert list(tmp_path.iterdir()) == []  # no export, no hidden partial or staging directory


def _recorded(store) -> list[tuple[str, str]]:
    with reading(store.engine) as session:
        return sorted((r.id, r.format) for r in session.scalars(select(ExportRecord)))


def test_hf_options_name_what_is_wrong(world, tmp_path):
    bad = CliRunner().invoke(cli, ["export", str(world["data"]), str(tmp_path / "o"), "--db", world["url"],
                                   "--format", "hf", "--split", "train=0.8,test=0.2", "--unknown-split", "dev"],
                             env={"VIEWER_EXPORT_KEY": KEY.decode()})
    assert bad.exit_code == 2 and "--unknown-split dev: not one of the splits (train, test)" in bad.output
    assert not (tmp_path / "o").exists()
    with pytest.raises(SplitError, match="add up to 0.7"):
        hf_options("train=0.5,test=0.2")
    with pytest.raises(SplitError, match="--unknown-split holdout: not one of the splits"):
        hf_options("train=0.8,test=0.2", unknown_split="holdout")
    made = hf_options("train=0.8,test=0.2", seed=4, unknown_split="test", shard_mb=2)
    assert made.shard_bytes == 2 << 20 and made.command.endswith("--seed 4 --unknown-split test")
    assert orjson.loads(orjson.dumps(made.ratios)) == {"train": 0.8, "test": 0.2}
