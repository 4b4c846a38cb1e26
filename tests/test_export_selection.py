"""Choosing sessions (status, labels, quality report), the export root, and progress reports; the store is
real SQLite and real PostgreSQL (`db_url`)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pandas as pd
import pytest
from click.testing import CliRunner
from rich.console import Console

from viewer.cli import cli
from viewer.export import export_dataset
from viewer.export.commands import progress_bar
from viewer.export.run import WRITING, ExportProgress
from viewer.export.selection import Criteria, candidates, export_root, new_export_dir, redaction_summary, select
from viewer.review import Store
from viewer.sample import generate_dataset
from viewer.trace import load_session

pytest_plugins = ["tests.pg_server"]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    data = tmp_path_factory.mktemp("sel") / "data"
    paths = generate_dataset(data, 3, 0.2, 31)
    return data, [load_session(p) for p in paths]


@pytest.fixture
def store(db_url, dataset):
    _, (s0, s1, s2) = dataset
    with Store.open(db_url) as store:
        store.set_review(s0.session_id, s0.content_hash, "approved", reviewer="r")
        store.set_review(s1.session_id, s1.content_hash, "rejected", reviewer="r")
        store.set_review(s2.session_id, s2.content_hash, "approved", reviewer="r")
        store.add_label(s0.session_id, s0.content_hash, reviewer="r", t_start=0, t_end=3,
                        instruction="Pay the invoice", outcome="success", tags=["bank", "web"])
        store.add_label(s2.session_id, s2.content_hash, reviewer="r", t_start=0, t_end=3,
                        instruction="Write a note", outcome="partial", tags=["notes"])
        yield store


def _report(ids, problems):
    return pd.DataFrame({"session_id": ids, "problems": problems})


def _ids(frame):
    return list(frame["session_id"])


def test_status_and_labels(dataset, store):
    data, (s0, s1, s2) = dataset
    frame = candidates(data, store)
    assert dict(zip(frame["session_id"], frame["status"])) == {s0.session_id: "approved", s1.session_id: "rejected",
                                                                s2.session_id: "approved"}
    assert _ids(select(frame, Criteria())) == [s0.session_id, s2.session_id]
    assert _ids(select(frame, Criteria(statuses=("approved", "rejected")))) == [s0.session_id, s1.session_id,
                                                                                s2.session_id]
    assert _ids(select(frame, Criteria(instruction="INVOICE"))) == [s0.session_id]
    assert _ids(select(frame, Criteria(tags=frozenset({"notes", "nothing"})))) == [s2.session_id]
    assert _ids(select(frame, Criteria(outcomes=frozenset({"failure"})))) == []


def test_quality_filters(dataset, store):
    data, (s0, s1, s2) = dataset
    report = _report([s0.session_id, s1.session_id], [["long-gap", "idle"], []])
    frame = candidates(data, store, report)
    assert _ids(select(frame, Criteria())) == [s0.session_id, s2.session_id]  # no quality filter: report unused
    # with a filter on, s2 (not in the report) is left out: nobody checked it
    assert _ids(select(frame, Criteria(exclude_errors=True))) == [s0.session_id]
    assert _ids(select(frame, Criteria(max_problems=1))) == []
    assert _ids(select(frame, Criteria(max_problems=2))) == [s0.session_id]
    assert _ids(select(frame, Criteria(exclude_codes=frozenset({"idle"})))) == []
    bad = candidates(data, store, _report([s0.session_id, s2.session_id], [["screenshot-missing"], ["idle"]]))
    assert _ids(select(bad, Criteria(exclude_errors=True))) == [s2.session_id]


def test_export_of_a_selection_reports_progress(dataset, store, tmp_path):
    data, (s0, s1, s2) = dataset
    calls = []
    body = export_dataset(data, tmp_path / "out", store, b"k", ("approved", "rejected"),
                          only={s1.session_id, s2.session_id}, progress=lambda *a: calls.append(a))
    assert sorted(body["sessions"]) == [s1.session_id, s2.session_id]
    assert calls == [(0, 2, None), (1, 2, s1.session_id), (2, 2, s2.session_id)]
    summary = redaction_summary(body)
    assert list(summary["session_id"]) == [s1.session_id, s2.session_id] and summary["flags"].sum() == 0


def test_export_root_and_new_directories(tmp_path):
    assert export_root(tmp_path / "data", {"VIEWER_EXPORT_DIR": str(tmp_path / "x")}) == tmp_path / "x"
    assert export_root(tmp_path / "data", {}) == (tmp_path / "data.exports").resolve()
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    first = new_export_dir(tmp_path, when)
    assert first.name == "export-20260102-030405"
    first.mkdir()
    assert new_export_dir(tmp_path, when).name == "export-20260102-030405-2"


def test_cli_progress_quiet_off_a_terminal_and_drawn_on_one(dataset, db_url, tmp_path):
    data, _ = dataset
    r = CliRunner().invoke(cli, ["export", str(data), str(tmp_path / "o"), "--db", db_url],
                           env={"VIEWER_EXPORT_KEY": "k"})
    assert r.exit_code == 0 and r.output.strip().splitlines() == [
        f"exported 0 session(s) to {tmp_path / 'o'}",
        "note: consent is not enforced: the database holds no consent record (purpose agent-training)"]
    with progress_bar(False) as progress:
        assert progress is None
    screen = io.StringIO()
    with progress_bar(True, Console(file=screen, force_terminal=True, width=120)) as progress:
        progress(ExportProgress(WRITING, 0, 2))
        progress(ExportProgress(WRITING, 2, 2, "sample-31-1"))
    assert "2/2" in screen.getvalue() and "sample-31-1" in screen.getvalue() and WRITING in screen.getvalue()
